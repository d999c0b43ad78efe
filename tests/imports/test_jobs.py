"""Large sheets: checked and imported by jobs, the page following the rows done.

These tests commit (transactional_db) and run real procrastinate workers in-process, as the
notification tests do (tests/jobs.py). The threshold is lowered so that a sheet of a few
dozen rows takes the job path; the benchmark (bench/sheet_import.py) imports 10,000.
"""

import pytest
from django.core.files.storage import default_storage
from pghistory.models import Events

from byrum.db_roles import owner_connection
from governance.models import Group, Membership, Person
from imports import sheets
from imports.models import SheetImport
from imports.progress import Progress
from tests.actionplan.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.imports.helpers import MEMBER_HEADERS, member_rows, sheet_id, upload, xlsx
from tests.jobs import clear_jobs, job_statuses, jobs_waiting, run_jobs

pytestmark = pytest.mark.django_db(transaction=True)

GROUPS = ["Arbejdsgruppe 1", "Arbejdsgruppe 2", "Arbejdsgruppe 3"]


@pytest.fixture(autouse=True)
def _large_from_twenty_rows(settings):
    """Sheets of more than 20 rows go to the jobs; procrastinate's tables start and end
    empty (they are not Django's to flush)."""
    settings.IMPORTS_BACKGROUND_ROWS = 20
    clear_jobs()
    yield
    clear_jobs()


@pytest.fixture
def groups(people):
    OrganisationFactory(name="Kirkens Korshær", kind="ngo")
    return [GroupFactory(name=name) for name in GROUPS]


@pytest.fixture
def progress_seen(monkeypatch):
    """What another connection reads of the sheet's progress each time the job counts:
    the page's view of it, while the job's own transaction is still open."""
    monkeypatch.setattr(Progress, "EVERY_ROWS", 10)
    seen = []
    write = Progress._write

    def write_and_look(self, assignments, params):
        write(self, assignments, params)
        with owner_connection() as other:
            seen.append(
                other.execute(
                    "SELECT state, rows_done, rows_total FROM imports_sheetimport WHERE id = %s",
                    [self.sheet_id],
                ).fetchone()
            )

    monkeypatch.setattr(Progress, "_write", write_and_look)
    return seen


def _counted_as_it_went(seen, state, total):
    """The counts another connection saw: from none to every row, rising, some in between."""
    done = [rows for (seen_state, rows, rows_total) in seen if seen_state == state]
    assert {rows_total for (seen_state, _rows, rows_total) in seen if seen_state == state} == {
        total
    }
    assert done[0] == 0 and done == sorted(done) and done[-1] <= total
    assert any(0 < rows < total for rows in done), done


def test_a_large_sheet_is_checked_and_imported_by_jobs_with_the_progress_on_its_page(
    clients, people, groups, progress_seen
):
    known = PersonFactory(name="Medlem 0", email="medlem0@example.dk", title="Gammel titel")
    MembershipFactory(person=known, group=groups[0], role="member")
    rows = member_rows(60, groups=GROUPS, organisation="Kirkens Korshær")
    url = upload(clients.consultant, "members", xlsx(MEMBER_HEADERS, *rows))

    # The request only kept the file for the check job.
    sheet = SheetImport.objects.get(pk=sheet_id(url))
    stored = sheet.file.name
    assert (sheet.state, sheet.rows) == ("checking", [])
    assert default_storage.exists(stored)
    assert jobs_waiting() == 1
    page = clients.consultant.get(url).content.decode()
    assert "Arket bliver tjekket" in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert f'data-import-status="{url}status.json"' in page
    assert "import-progress.js" in page
    assert clients.consultant.get(url + "status.json").json() == {
        "state": "checking",
        "running": True,
        "done": 0,
        "total": 0,
        "text": "Læser arket …",
    }

    run_jobs()
    assert job_statuses("imports.check_sheet") == [("succeeded", 1)]
    _counted_as_it_went(progress_seen, "checking", 60)
    sheet.refresh_from_db()
    assert sheet.state == "previewed", sheet.error
    assert (sheet.rows_done, sheet.rows_total, len(sheet.rows)) == (60, 60, 60)
    # Medlem 0's title changes; the other 59 are new.
    assert sheet.counts() == {"new": 59, "update": 1, "skip": 0, "invalid": 0}
    assert not default_storage.exists(stored) and not sheet.file
    assert not Person.objects.filter(email="medlem1@example.dk").exists()
    page = clients.consultant.get(url).content.decode()
    assert "Intet er gemt endnu" in page and "Bekræft indlæsningen" in page
    assert clients.consultant.get(url + "status.json").json()["running"] is False

    # Confirmed: a job too, and one transaction.
    progress_seen.clear()
    response = clients.consultant.post(url + "confirm/")
    assert response.status_code == 302 and response["Location"] == url
    sheet.refresh_from_db()
    assert sheet.state == "importing"
    assert "Arket bliver indlæst" in clients.consultant.get(url).content.decode()
    status = clients.consultant.get(url + "status.json").json()
    assert (status["state"], status["running"], status["total"]) == ("importing", True, 60)
    assert status["text"] == "Indlæst 0 af 60 rækker"
    assert not Person.objects.filter(email="medlem1@example.dk").exists()

    run_jobs()
    assert job_statuses("imports.import_sheet") == [("succeeded", 1)]
    _counted_as_it_went(progress_seen, "importing", 60)
    sheet.refresh_from_db()
    assert (sheet.state, sheet.rows_done, sheet.error) == ("imported", 60, "")
    assert Membership.objects.filter(group__name__in=GROUPS).count() == 60
    assert Person.objects.filter(email__startswith="medlem").count() == 60
    known.refresh_from_db()
    assert known.title == "Frivillig"
    event = Events.objects.get(
        pgh_obj_model="governance.Person", pgh_obj_id=known.pk, pgh_label="update"
    )
    assert event.pgh_context["sheet_import"] == sheet.pk
    assert event.pgh_context["user"] == people.users["consultant"].pk
    assert "Indlæst" in clients.consultant.get(url).content.decode()
    assert clients.consultant.get(url + "status.json").json()["state"] == "imported"

    # Confirming again does nothing.
    clients.consultant.post(url + "confirm/")
    assert jobs_waiting() == 0


def test_a_row_that_fails_at_the_confirmation_refuses_the_whole_import(clients, people, groups):
    url = upload(
        clients.consultant,
        "members",
        xlsx(MEMBER_HEADERS, *member_rows(40, groups=GROUPS, organisation="Kirkens Korshær")),
    )
    run_jobs()
    sheet = SheetImport.objects.get(pk=sheet_id(url))
    assert sheet.counts() == {"new": 40, "update": 0, "skip": 0, "invalid": 0}

    # After the preview, a colleague renames a group that 13 of the rows name.
    Group.objects.filter(name="Arbejdsgruppe 2").update(name="Arbejdsgruppe To")
    people_before = Person.objects.count()
    clients.consultant.post(url + "confirm/")
    run_jobs()

    sheet.refresh_from_db()
    assert (sheet.state, sheet.rows_done) == ("previewed", 0)
    assert Person.objects.count() == people_before
    assert not Membership.objects.filter(group__name__in=GROUPS).exists()
    assert sheet.error.startswith("Række 3: Gruppe: ukendt gruppe 'Arbejdsgruppe 2'")
    assert "… og 3 rækker mere." in sheet.error
    assert "Intet blev indlæst" in sheet.error
    page = clients.consultant.get(url).content.decode()
    assert "Intet blev indlæst" in page and "Bekræft indlæsningen" in page

    # Once the name is back, the same sheet imports whole.
    Group.objects.filter(name="Arbejdsgruppe To").update(name="Arbejdsgruppe 2")
    clients.consultant.post(url + "confirm/")
    run_jobs()
    sheet.refresh_from_db()
    assert (sheet.state, sheet.error) == ("imported", "")
    assert Membership.objects.filter(group__name__in=GROUPS).count() == 40


def test_a_sheet_the_job_cannot_read_says_why_on_its_page(clients, people, groups, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 30)
    url = upload(
        clients.consultant,
        "members",
        xlsx(MEMBER_HEADERS, *member_rows(40, groups=GROUPS, organisation="Kirkens Korshær")),
    )
    stored = SheetImport.objects.get(pk=sheet_id(url)).file.name
    run_jobs()

    sheet = SheetImport.objects.get(pk=sheet_id(url))
    assert sheet.state == "failed"
    assert sheet.error == "Arket har mere end 30 rækker; højst 30 kan indlæses ad gangen."
    assert not default_storage.exists(stored)
    page = clients.consultant.get(url).content.decode()
    assert sheet.error in page
    assert "Bekræft indlæsningen" not in page and "Indlæs et rettet ark" in page
    assert clients.consultant.post(url + "confirm/").status_code == 302
    assert jobs_waiting() == 0
