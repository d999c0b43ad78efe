"""What every figure shares: the period, links to the lists behind the figures."""

import dataclasses
import datetime
import functools
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.urls import get_script_prefix, reverse

from actionplan.models import (
    ActionPlan,
)

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
DEFAULT_WEEKS = 12
# An initiative under way without a dated update for this long has gone quiet.
STALE_AFTER_DAYS = 60
OLDEST_SHOWN = 5
# The dashboard's overdue items per group and per organisation: the ones with the most.
OVERDUE_ROWS_SHOWN = 10
# Safety-walk follow-ups due within this many days (or overdue).
FOLLOW_UP_HORIZON_DAYS = 30
ACTIVE_PLAN = [ActionPlan.Status.IMPLEMENTATION, ActionPlan.Status.APPROVED]


@functools.lru_cache(maxsize=256)
def _path(prefix, name, args):
    return reverse(name, args=args)


def figure_url(name, args=None, **params):
    """A figure's link: the page behind it, already filtered. A dashboard has hundreds of
    links to a handful of pages, so each page's path is reversed once (per script prefix)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    path = _path(get_script_prefix(), name, tuple(args) if args else None)
    return path + (f"?{query}" if query else "")


@dataclasses.dataclass(frozen=True)
class Period:
    """``weeks`` whole ISO weeks (Monday to Sunday, Copenhagen time) ending with the week
    that holds ``until``, compared with the same number of weeks before them."""

    until: datetime.date
    weeks: int = DEFAULT_WEEKS

    @property
    def first_monday(self):
        return self.until - datetime.timedelta(days=self.until.weekday(), weeks=self.weeks - 1)

    @property
    def last_sunday(self):
        return self.first_monday + datetime.timedelta(weeks=self.weeks, days=-1)

    @property
    def previous_monday(self):
        return self.first_monday - datetime.timedelta(weeks=self.weeks)

    @property
    def mondays(self):
        return [self.first_monday + datetime.timedelta(weeks=n) for n in range(self.weeks)]

    @staticmethod
    def _midnight(day):
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=COPENHAGEN)

    @property
    def start(self):
        return self._midnight(self.first_monday)

    @property
    def end(self):
        """Midnight after the last Sunday (exclusive)."""
        return self._midnight(self.last_sunday + datetime.timedelta(days=1))

    @property
    def previous_start(self):
        return self._midnight(self.previous_monday)

    def dates(self):
        """The incident list's date filters for the period."""
        return {"date_from": self.first_monday.isoformat(), "date_to": self.last_sunday.isoformat()}

    def previous_dates(self):
        return {
            "date_from": self.previous_monday.isoformat(),
            "date_to": (self.first_monday - datetime.timedelta(days=1)).isoformat(),
        }


def week_link(monday, **params):
    sunday = monday + datetime.timedelta(days=6)
    return figure_url(
        "incidents:list", date_from=monday.isoformat(), date_to=sunday.isoformat(), **params
    )
