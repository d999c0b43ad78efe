"""The import's rows per second (issue 20): a members sheet checked and imported as the jobs
do it (``imports.services.check_job`` and ``import_job``), on the generated city.

The sheet: ``rows`` rows over every generated group; a quarter name people the city already
has (found by e-mail, their title changed), the rest are new people. It is an XLSX file in
the default storage, as an upload leaves it. The check job reads it, checks every row and
keeps the preview; the import job writes every row in one transaction. Both run in the
harness's own process, in a transaction that is rolled back at the end, so the benchmark's
data stays as generated (``--reuse``): the time of the import's COMMIT is not included.

Counted: the seconds of each job, its rows per second, its queries (through Django's
connection; the jobs' progress counts go over a connection of their own and are not), and
the CPU seconds of this process (the Python side of the work; on a busy machine the wall
seconds say more about the machine than about the import).
"""

import io
import time
import uuid

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection, transaction
from openpyxl import Workbook

from byrum import tenancy
from governance.models import Group, Municipality, Organisation, Person
from imports import services
from imports.models import SheetImport
from imports.resources import MemberResource

from .scenarios import ROLE_USERS


def members_sheet(rows):
    """The sheet's bytes: ``rows`` member rows over the city's groups."""
    groups = list(Group.objects.order_by("pk").values_list("name", flat=True))
    organisations = list(Organisation.objects.order_by("pk").values_list("name", flat=True))
    known = list(
        Person.objects.exclude(email="").order_by("pk").values_list("name", "email")[: rows // 4]
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(MemberResource.headers())
    for i in range(rows):
        name, email = known[i] if i < len(known) else (f"Ny Person {i}", f"ny{i}@example.dk")
        sheet.append(
            [
                groups[i % len(groups)],
                name,
                organisations[i % len(organisations)],
                "Indlæst i benchmark",
                email,
                f"+45 30 {i // 10000:02d} {i // 100 % 100:02d} {i % 100:02d}",
                "Medlem",
                "01.02.2026",
            ]
        )
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


class _Queries:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _timed(job, **kwargs):
    """Wall seconds, this process's CPU seconds (the Python side, without PostgreSQL's) and
    queries of one job."""
    queries = _Queries()
    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(queries):
        job(**kwargs)
    return time.perf_counter() - started, time.process_time() - cpu, queries.count


def measure(city, rows):
    """Check and import a ``rows``-row members sheet; the figures as a dict. In the
    municipality the scenarios log in to."""
    home = Municipality.objects.get(code=city.home().code)
    with tenancy.working_in(home.pk):
        return _measure(city, rows, home.pk)


def _measure(city, rows, municipality_id):
    user = get_user_model().objects.get(pk=ROLE_USERS["consultant"](city))
    data = members_sheet(rows)
    stored = None
    try:
        with transaction.atomic():
            sheet = SheetImport(
                kind="members",
                file_name="benchmark.xlsx",
                state=SheetImport.State.CHECKING,
                uploaded_by=user,
            )
            sheet.file.save(f"bench-{uuid.uuid4().hex}.xlsx", ContentFile(data), save=False)
            stored = (sheet.file.storage, sheet.file.name)
            sheet.save()
            check_s, check_cpu, check_q = _timed(
                services.check_job,
                sheet_id=sheet.pk,
                municipality_id=municipality_id,
                language="da",
            )
            sheet.refresh_from_db()
            if sheet.state != SheetImport.State.PREVIEWED:
                raise RuntimeError(f"the check job left the sheet {sheet.state}: {sheet.error}")
            counts = sheet.counts()
            SheetImport.objects.filter(pk=sheet.pk).update(state=SheetImport.State.IMPORTING)
            import_s, import_cpu, import_q = _timed(
                services.import_job,
                sheet_id=sheet.pk,
                user_id=user.pk,
                municipality_id=municipality_id,
                language="da",
            )
            sheet.refresh_from_db()
            if sheet.state != SheetImport.State.IMPORTED:
                raise RuntimeError(f"the import job left the sheet {sheet.state}: {sheet.error}")
            transaction.set_rollback(True)
    finally:
        if stored is not None:
            stored[0].delete(stored[1])
    return {
        "rows": rows,
        "file_kb": round(len(data) / 1024),
        "outcome": counts,
        "check_seconds": round(check_s, 2),
        "check_cpu_seconds": round(check_cpu, 2),
        "check_rows_per_second": round(rows / check_s),
        "check_queries": check_q,
        "import_seconds": round(import_s, 2),
        "import_cpu_seconds": round(import_cpu, 2),
        "import_rows_per_second": round(rows / import_s),
        "import_queries": import_q,
    }


def summary(result):
    lines = [
        f"Members sheet of {result['rows']:,} rows ({result['file_kb']} KB; {result['outcome']}):"
    ]
    for step, done in (("check", "checked"), ("import", "imported")):
        lines.append(
            f"  {done} in {result[f'{step}_seconds']} s: "
            f"{result[f'{step}_rows_per_second']:,} rows/s, "
            f"{result[f'{step}_queries']} queries, "
            f"{result[f'{step}_cpu_seconds']} s of this process's CPU"
        )
    return "\n".join(lines)
