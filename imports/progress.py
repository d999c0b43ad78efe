"""How far a sheet's job has come, written where its page can read it at once.

The confirmed import is one transaction: until it commits, nothing it writes is visible to
the page, the sheet's row included. So the count of rows done goes over a connection of
the job's own, in autocommit, with the job's municipality set for row-level security. The
import's transaction never writes the sheet's row before it has finished counting (it
writes it last, after ``close``), so the two connections never wait for each other; and a
lock timeout makes sure a count that cannot be written is skipped, never waited for.

A count that fails is only logged: the page shows an older count, the import goes on.
"""

import logging
import time

import psycopg
from django.db import connection

from byrum import tenancy

logger = logging.getLogger(__name__)


class Progress:
    """``progress(done)`` after each row; written when ``EVERY_ROWS`` more rows are done or
    ``EVERY_SECONDS`` have passed since the last count, so a 10,000-row sheet costs a few
    dozen small updates."""

    EVERY_ROWS = 200
    EVERY_SECONDS = 1.0

    def __init__(self, sheet_id, municipality_id):
        self.sheet_id = sheet_id
        self.municipality_id = municipality_id
        self._connection = None
        self._written = None  # (rows, monotonic time) last written
        self._broken = False

    def total(self, rows):
        """The sheet has ``rows`` rows, none done yet."""
        self._write("rows_total = %s, rows_done = 0", [rows])
        self._written = (0, time.monotonic())

    def __call__(self, done):
        if self._written is not None:
            rows, when = self._written
            if done - rows < self.EVERY_ROWS and time.monotonic() - when < self.EVERY_SECONDS:
                return
        self._write("rows_done = LEAST(%s, rows_total)", [done])
        self._written = (done, time.monotonic())

    def close(self):
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _connect(self):
        params = connection.get_connection_params()
        conn = psycopg.connect(**params, autocommit=True)
        municipality = "" if self.municipality_id is None else str(int(self.municipality_id))
        conn.execute("SELECT set_config(%s, %s, false)", [tenancy.SETTING, municipality])
        conn.execute("SET lock_timeout = '2s'")
        return conn

    def _write(self, assignments, params):
        if self._broken:
            return
        try:
            if self._connection is None:
                self._connection = self._connect()
            self._connection.execute(
                f"UPDATE imports_sheetimport SET {assignments} WHERE id = %s",
                [*params, self.sheet_id],
            )
        except psycopg.Error:
            logger.warning("sheet import %s: progress not written", self.sheet_id, exc_info=True)
            self._broken = True
            self.close()


class NoProgress:
    """For a sheet imported within the request: nobody is waiting on another page."""

    def total(self, rows):
        pass

    def __call__(self, done):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass
