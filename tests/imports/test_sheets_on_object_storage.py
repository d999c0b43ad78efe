"""More than one machine: a large sheet waits for its check job in the S3-compatible object
store (here moto's server), not on the disk of the web server that took the upload, so a
worker on another machine reads it; once its rows are on the sheet's row, the file leaves
the store. Between the preview and the confirmation nothing is kept but that row."""

import pytest

from governance.models import Membership
from imports.models import SheetImport
from tests.actionplan.factories import GroupFactory, OrganisationFactory
from tests.imports.helpers import MEMBER_HEADERS, member_rows, sheet_id, upload, xlsx
from tests.jobs import clear_jobs, job_statuses, run_jobs

pytestmark = pytest.mark.django_db(transaction=True)

GROUPS = ["Arbejdsgruppe 1", "Arbejdsgruppe 2"]


@pytest.fixture(autouse=True)
def _large_from_twenty_rows(settings):
    settings.IMPORTS_BACKGROUND_ROWS = 20
    clear_jobs()
    yield
    clear_jobs()


def test_a_large_sheet_waits_for_its_job_in_the_object_store(s3_media, clients, people):
    OrganisationFactory(name="Kirkens Korshær", kind="ngo")
    for name in GROUPS:
        GroupFactory(name=name)
    rows = member_rows(30, groups=GROUPS, organisation="Kirkens Korshær")
    url = upload(clients.consultant, "members", xlsx(MEMBER_HEADERS, *rows))

    sheet = SheetImport.objects.get(pk=sheet_id(url))
    assert sheet.state == "checking"
    assert s3_media.keys() == [sheet.file.name]
    assert not any(s3_media.disk.rglob("*"))

    run_jobs()  # the worker reads the sheet from the store
    assert job_statuses("imports.check_sheet") == [("succeeded", 1)]
    sheet.refresh_from_db()
    assert (sheet.state, len(sheet.rows)) == ("previewed", 30), sheet.error
    assert s3_media.keys() == [] and not sheet.file

    clients.consultant.post(url + "confirm/")
    run_jobs()
    sheet.refresh_from_db()
    assert sheet.state == "imported"
    assert Membership.objects.filter(group__name__in=GROUPS).count() == 30
    assert s3_media.keys() == [] and not any(s3_media.disk.rglob("*"))
