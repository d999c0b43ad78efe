"""A sheet's page and its status URL: who may follow a job, what it costs; and the member
import's queries, which grow with the batches, not with the rows."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from byrum import roles
from governance.models import Group, Membership, Organisation, Person
from imports import services
from imports.models import SheetImport
from imports.resources import MemberResource
from tests.actionplan.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.budgets import REQUEST_OVERHEAD
from tests.imports.helpers import MEMBER_HEADERS, member_rows, sheet_id, upload, xlsx

pytestmark = pytest.mark.django_db

GROUPS = ["Arbejdsgruppe 1", "Arbejdsgruppe 2", "Arbejdsgruppe 3"]


@pytest.fixture
def groups(people):
    OrganisationFactory(name="Kirkens Korshær", kind="ngo")
    return [GroupFactory(name=name) for name in GROUPS]


def _sheet(people, state="checking", **fields):
    """A large members sheet as its jobs leave it in ``state``."""
    return SheetImport.objects.create(
        kind="members",
        file_name="medlemmer.xlsx",
        headers=MEMBER_HEADERS,
        state=state,
        rows_total=fields.pop("rows_total", 5000),
        rows_done=fields.pop("rows_done", 1200),
        uploaded_by=people.users["consultant"],
        **fields,
    )


def _rows(count, first=0):
    return [
        dict(zip(MEMBER_HEADERS, row, strict=True))
        for row in member_rows(count, groups=GROUPS, organisation="Kirkens Korshær", first=first)
    ]


# --- Who may follow a job ----------------------------------------------------------------------


def test_a_colleague_consultant_follows_the_job_but_only_the_uploader_confirms(clients, people):
    sheet = _sheet(people)
    url = sheet.get_absolute_url()
    colleague = Client()
    colleague.force_login(UserFactory(roles=[roles.CONSULTANT]))
    assert colleague.get(url).status_code == 200
    assert colleague.get(url + "status.json").json()["done"] == 1200

    sheet.state = "previewed"
    sheet.preview = [{"row": 2, "type": "new", "label": "Medlem 0", "messages": []}]
    sheet.save()
    page = colleague.get(url).content.decode()
    assert "Medlem 0" in page and "Bekræft indlæsningen" not in page
    assert colleague.post(url + "confirm/").status_code == 403
    sheet.refresh_from_db()
    assert sheet.state == "previewed"
    assert "Bekræft indlæsningen" in clients.consultant.get(url).content.decode()


@pytest.mark.parametrize("persona", ["caretaker", "steering", "local", "outsider"])
def test_no_one_else_learns_that_the_job_exists(clients, people, persona):
    url = _sheet(people).get_absolute_url()
    client = getattr(clients, persona)
    assert client.get(url).status_code == 404
    assert client.get(url + "status.json").status_code == 404
    assert clients.anonymous.get(url + "status.json").status_code == 302


# --- What the pages cost -----------------------------------------------------------------------


def test_the_status_url_answers_in_a_fixed_number_of_queries(
    clients, people, django_assert_num_queries
):
    sheet = _sheet(people, state="importing")
    clients.consultant.get("/")  # the session's first request does its own bookkeeping
    # The request's overhead without the bell (no template), and the sheet.
    with django_assert_num_queries(REQUEST_OVERHEAD - 1 + 1):
        response = clients.consultant.get(sheet.get_absolute_url() + "status.json")
    assert response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {
        "state": "importing",
        "running": True,
        "done": 1200,
        "total": 5000,
        "text": "Indlæst 1.200 af 5.000 rækker",
    }


def test_the_progress_page_answers_in_a_fixed_number_of_queries(
    clients, people, django_assert_num_queries
):
    sheet = _sheet(people, rows=_rows(50))
    clients.consultant.get("/")
    # The request's overhead and the sheet (without its rows).
    with django_assert_num_queries(REQUEST_OVERHEAD + 1) as captured:
        page = clients.consultant.get(sheet.get_absolute_url()).content.decode()
    assert "Tjekket 1.200 af 5.000 rækker" in page
    assert '<progress class="w-100" aria-labelledby="job-progress" max="5000" value="1200">' in page
    sheet_query = next(q["sql"] for q in captured if "imports_sheetimport" in q["sql"])
    assert '"imports_sheetimport"."rows"' not in sheet_query


# --- The member import's queries ---------------------------------------------------------------


def _import_queries(people, rows):
    """The queries of checking ``rows`` and of importing them."""
    user = people.users["consultant"]
    with CaptureQueriesContext(connection) as checked:
        sheet = services.sheet_preview(
            kind="members", file_name="m.xlsx", headers=MEMBER_HEADERS, rows=rows, user=user
        )
    with CaptureQueriesContext(connection) as imported:
        services.sheet_confirm(sheet=sheet, user=user)
    return sheet, len(checked), len(imported)


def test_the_member_import_reads_each_person_once_per_sheet_not_per_row(groups, people):
    """Checking or importing a members sheet costs the same queries for 30 rows as for 90:
    the people, their memberships, the groups and the organisations are read once for the
    sheet, and people and memberships are written a batch at a time."""
    small, checked_small, imported_small = _import_queries(people, _rows(30))
    large, checked_large, imported_large = _import_queries(people, _rows(90, first=30))
    assert small.counts()["new"] == 30 and large.counts()["new"] == 90
    assert Membership.objects.filter(group__name__in=GROUPS).count() == 120
    assert (checked_large, imported_large) == (checked_small, imported_small)
    # Pinned. Checking: the people by e-mail (none known, so no memberships to read), the
    # groups, the organisations; the batch's people and memberships inserted; savepoints
    # around the import, its first and last steps and the batch, all rolled back; the
    # sheet inserted. Importing: the same reads and writes in the confirmation's
    # transaction (with the history's context), and the sheet updated.
    assert (checked_small, imported_small) == (15, 16)


def test_the_member_import_writes_a_batch_at_a_time(groups, people, monkeypatch):
    monkeypatch.setattr(MemberResource._meta, "batch_size", 30)
    _sheet_30, checked_one, imported_one = _import_queries(people, _rows(30))
    _sheet_90, checked_three, imported_three = _import_queries(people, _rows(90, first=30))
    # Two more batches: each a savepoint, its people and its memberships, and its release.
    assert checked_three - checked_one == 2 * 4
    assert imported_three - imported_one == 2 * 4


def test_known_people_are_matched_updated_and_left_as_they_are(groups, people):
    kk = Organisation.objects.get(name="Kirkens Korshær")
    same = PersonFactory(
        name="Medlem 0",
        email="medlem0@example.dk",
        title="Frivillig",
        phone="+45 20 00 00 00",
        organisation=kk,
    )
    MembershipFactory(person=same, group=groups[0], start=datetime.date(2026, 2, 1))
    changed = PersonFactory(name="Medlem 1", email="MEDLEM1@example.dk", title="Gammel")
    sheet = services.sheet_preview(
        kind="members",
        file_name="m.xlsx",
        headers=MEMBER_HEADERS,
        rows=_rows(3),
        user=people.users["consultant"],
    )
    # Medlem 0 is as the sheet says; Medlem 1 (matched whatever the case of the e-mail)
    # joins a group and gets a new title; Medlem 2 is new.
    assert [row["type"] for row in sheet.preview] == ["skip", "new", "new"]
    services.sheet_confirm(sheet=sheet, user=people.users["consultant"])
    changed.refresh_from_db()
    assert (changed.title, changed.organisation) == ("Frivillig", kk)
    assert Person.objects.filter(email__iexact="medlem1@example.dk").get() == changed
    assert Membership.objects.filter(person=changed, group=groups[1]).exists()
    assert Person.objects.get(email="medlem2@example.dk").memberships.get().group == groups[2]


# --- All or nothing, within the request too ----------------------------------------------------


def test_a_small_sheet_whose_row_fails_at_the_confirmation_is_not_imported_at_all(
    clients, groups, people
):
    url = upload(
        clients.consultant,
        "members",
        xlsx(MEMBER_HEADERS, *member_rows(6, groups=GROUPS, organisation="Kirkens Korshær")),
    )
    Group.objects.filter(name="Arbejdsgruppe 3").update(name="Arbejdsgruppe Tre")
    response = clients.consultant.post(url + "confirm/")
    assert response.status_code == 302
    sheet = SheetImport.objects.get(pk=sheet_id(url))
    assert sheet.state == "previewed"
    assert sheet.error.startswith("Række 4: Gruppe: ukendt gruppe 'Arbejdsgruppe 3'")
    assert not Person.objects.filter(email__startswith="medlem").exists()
    assert "Intet blev indlæst" in clients.consultant.get(url).content.decode()
