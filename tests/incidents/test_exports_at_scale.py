"""Exports at any size: the CSV streamed row by row, the workbook written in openpyxl's
write-only mode, the access log with the filters and the count; above the threshold a
background job writes the file to the media storage and mails a link that only the
requester can fetch, until the file expires."""

import csv
import datetime
import io
import json

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from byrum.models import AccessLog
from incidents import background_exports
from incidents.models import IncidentExport
from tests.actionplan.factories import UserFactory
from tests.budgets import REQUEST_OVERHEAD
from tests.jobs import job_statuses, run_jobs

from .factories import IncidentFactory

CSV = reverse("incidents:export_csv")
XLSX = reverse("incidents:export_xlsx")
START = reverse("incidents:export_start")


def rows_of(content):
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def exported(client, user):
    return list(AccessLog.objects.filter(user=user, action=AccessLog.Action.EXPORTED))


# --- Streamed -----------------------------------------------------------------------------


def test_the_csv_is_streamed_header_first_then_the_rows_in_chunks(clients, places, monkeypatch):
    monkeypatch.setattr("byrum.spreadsheets.CHUNK_BYTES", 200)
    start = timezone.now() - datetime.timedelta(hours=1)
    made = [
        IncidentFactory(
            place=places.klostertorvet,
            occurred_at=start - datetime.timedelta(minutes=i),
            description=f"Hændelse nummer {i}",
        )
        for i in range(30)
    ]
    response = clients.consultant.get(CSV, {"place": places.klostertorvet.pk})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    chunks = iter(response.streaming_content)
    # The header comes before any row is read: the first byte does not wait for the query.
    with CaptureQueriesContext(connection) as before_the_header:
        first = next(chunks)
    assert not [q for q in before_the_header.captured_queries if "incidents" in q["sql"]]
    assert first.decode("utf-8").startswith("\ufeffID;Tidspunkt;Sted;By;Kategori")
    with CaptureQueriesContext(connection) as reading:
        rest = list(chunks)
    assert len(rest) > 5  # the rows come in chunks of about CHUNK_BYTES
    rows = rows_of(first + b"".join(rest))
    assert [int(row[0]) for row in rows[1:]] == [i.pk for i in made]  # newest first
    assert rows[1][11] == "Hændelse nummer 0"
    # The rows are read in their own transaction with the request's municipality set
    # (the request's has ended: byrum.spreadsheets.in_request_municipality).
    sql = " ".join(q["sql"] for q in reading.captured_queries)
    assert "set_config('byrum.municipality'" in sql and "SAVEPOINT" in sql


def test_a_streamed_export_reads_the_same_queries_for_1_or_100_rows(clients, places):
    def queries_to_stream():
        with CaptureQueriesContext(connection) as context:
            response = clients.consultant.get(CSV)
            content = b"".join(response.streaming_content)
        return len(context.captured_queries), len(rows_of(content))

    IncidentFactory(place=places.klostertorvet)
    few, one = queries_to_stream()
    IncidentFactory.create_batch(99, place=places.arkivpladsen, reported_by=UserFactory())
    many, hundred = queries_to_stream()
    assert (one, hundred) == (2, 101)
    assert few == many


def test_the_workbook_is_written_in_write_only_mode_with_real_dates(clients, places, monkeypatch):
    from openpyxl import Workbook

    modes = []
    original = Workbook.__init__

    def spy(self, write_only=False, iso_dates=False):
        modes.append(write_only)
        original(self, write_only=write_only, iso_dates=iso_dates)

    monkeypatch.setattr(Workbook, "__init__", spy)
    IncidentFactory(
        place=places.klostertorvet,
        occurred_at=datetime.datetime(2025, 7, 1, 12, 0, tzinfo=datetime.UTC),
        description="=1+1",
    )
    response = clients.consultant.get(XLSX)
    assert modes == [True]
    assert response["Content-Disposition"].startswith('attachment; filename="haendelser-')
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    header, row = [[c.value for c in r] for r in sheet.iter_rows()]
    assert header[1] == "Tidspunkt" and row[1] == datetime.datetime(2025, 7, 1, 14, 0)
    assert row[11] == "'=1+1"


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_the_access_log_has_the_filters_and_the_count(clients, people, places, url):
    IncidentFactory.create_batch(4, place=places.kildeparken)
    IncidentFactory(place=places.klostertorvet)
    response = clients.consultant.get(url, {"place": places.kildeparken.pk, "before": "x"})
    assert response.status_code == 200
    (row,) = exported(clients.consultant, people.users["consultant"])
    assert row.count == 4 and row.object_ids == []
    assert row.query == f"place={places.kildeparken.pk}"
    log = clients.admin.get(reverse("access_log")).content.decode()
    assert "Hændelse: 4 poster" in log
    listed = clients.admin.get(reverse("access_log_export"), {"user": "konsulent"})
    (_header, exported_row) = list(csv.reader(io.StringIO(listed.content.decode("utf-8-sig"))))
    assert exported_row[2:7] == ["exported", "incidents.incident", "", "4", row.query]


# --- Above the threshold: in the background -------------------------------------------------


@pytest.fixture
def small_threshold(settings):
    settings.INCIDENT_EXPORT_BACKGROUND_ROWS = 2
    settings.SITE_URL = "https://byrum.example.dk"


def test_a_large_export_is_offered_in_the_background_not_streamed(
    clients, people, places, small_threshold, django_assert_num_queries
):
    IncidentFactory.create_batch(3, place=places.klostertorvet)
    clients.consultant.get(reverse("incidents:list"))  # the session, once
    # the request overhead; the chosen place; the rows counted up to the threshold; the
    # exports underway
    with django_assert_num_queries(REQUEST_OVERHEAD + 3):
        response = clients.consultant.get(CSV, {"place": places.klostertorvet.pk, "q": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "over 2 hændelser" in html
    assert f'name="query" value="place={places.klostertorvet.pk}"' in html
    assert 'name="format" value="csv"' in html
    assert exported(clients.consultant, people.users["consultant"]) == []
    assert IncidentExport.objects.count() == 0  # a GET asks for nothing


def test_asking_stores_the_export_and_defers_its_job_in_the_same_transaction(
    clients, people, places, small_threshold, municipality
):
    query = f"place={places.klostertorvet.pk}"
    response = clients.consultant.post(START, {"format": "xlsx", "query": query})
    export = IncidentExport.objects.get()
    assert response.status_code == 302 and response["Location"] == export.get_absolute_url()
    assert (export.requested_by, export.format, export.query) == (
        people.users["consultant"],
        "xlsx",
        query,
    )
    assert export.status == IncidentExport.Status.QUEUED
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT args FROM procrastinate_jobs WHERE task_name = 'incidents.write_export'"
        )
        (args,) = cursor.fetchone()
    # The job carries the municipality it runs for: the requester's.
    assert json.loads(args) == {"export_id": export.pk, "municipality_id": municipality.pk}
    # Asked again while it waits: the same export.
    again = clients.consultant.post(START, {"format": "xlsx", "query": query})
    assert again["Location"] == export.get_absolute_url()
    assert IncidentExport.objects.count() == 1


@pytest.mark.parametrize(
    "data", [{"format": "pdf", "query": ""}, {"format": "csv", "query": "date_from=i-morgen"}]
)
def test_a_bad_request_for_an_export_is_refused(clients, data):
    assert clients.consultant.post(START, data).status_code == 400
    assert IncidentExport.objects.count() == 0


def test_the_progress_page_shows_how_far_and_answers_the_script(
    clients, people, django_assert_num_queries
):
    export = IncidentExport.objects.create(
        requested_by=people.users["consultant"],
        format="csv",
        status=IncidentExport.Status.RUNNING,
        rows_total=120_000,
        rows_written=45_000,
    )
    url = export.get_absolute_url()
    clients.consultant.get(url)  # the session, once
    with django_assert_num_queries(REQUEST_OVERHEAD + 1):  # + the export
        page = clients.consultant.get(url)
    html = page.content.decode()
    assert "Skrives: 45.000 af 120.000 hændelser." in html
    assert 'value="37"' in html and "js/export-progress" in html
    data = clients.consultant.get(url, headers={"Accept": "application/json"}).json()
    assert data["percent"] == 37 and data["finished"] is False and data["download"] is None
    assert data["progress"] == "Skrives: 45.000 af 120.000 hændelser."


@pytest.mark.parametrize("persona", ["admin", "caretaker", "steering", "local", "outsider"])
def test_only_the_requester_sees_an_export(clients, people, persona):
    export = IncidentExport.objects.create(requested_by=people.users["consultant"], format="csv")
    client = getattr(clients, persona)
    assert client.get(export.get_absolute_url()).status_code == 404
    download = reverse("incidents:export_download", args=[export.pk])
    assert client.get(download).status_code == 404


@pytest.mark.django_db(transaction=True)
class TestTheJob:
    """These commit, and run the job in an in-process procrastinate worker."""

    @pytest.fixture(autouse=True)
    def _jobs(self, small_threshold, mailoutbox):
        from tests.jobs import clear_jobs

        clear_jobs()
        yield
        clear_jobs()

    def ask(self, client, places, fmt="csv"):
        client.post(START, {"format": fmt, "query": f"place={places.klostertorvet.pk}"})
        return IncidentExport.objects.get()

    def test_the_file_is_written_stored_and_mailed_and_only_the_requester_fetches_it(
        self, clients, people, places, monkeypatch
    ):
        monkeypatch.setattr(background_exports, "BATCH", 2)  # three batches, with progress
        made = IncidentFactory.create_batch(5, place=places.klostertorvet, description="Stille")
        IncidentFactory(place=places.kildeparken)
        export = self.ask(clients.consultant, places)
        assert mail.outbox == []
        run_jobs()

        export.refresh_from_db()
        assert export.status == IncidentExport.Status.DONE
        assert (export.rows_total, export.rows_written) == (5, 5)
        assert export.file.startswith("exports/") and export.file.endswith(".csv")
        assert export.expires_at - export.finished_at == datetime.timedelta(hours=24)
        rows = rows_of(default_storage.open(export.file).read())
        assert sorted(int(row[0]) for row in rows[1:]) == sorted(i.pk for i in made)
        assert rows[1][11] == "Stille"
        assert [status for status, _tries in job_statuses("incidents.write_export")] == [
            "succeeded"
        ]

        (message,) = mail.outbox
        link = f"https://byrum.example.dk/incidents/exports/{export.pk}/download/"
        assert message.to == [people.users["consultant"].email]
        assert message.subject == "Din eksport af hændelser er klar"
        assert link in message.body and "5 hændelser" in message.body
        assert f'href="{link}"' in message.alternatives[0][0]

        download = reverse("incidents:export_download", args=[export.pk])
        response = clients.consultant.get(download)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="haendelser-')
        assert rows_of(b"".join(response.streaming_content)) == rows
        (logged,) = exported(clients.consultant, people.users["consultant"])
        assert (logged.count, logged.query, logged.object_ids) == (
            5,
            f"place={places.klostertorvet.pk}",
            [],
        )
        for other in (clients.admin, clients.steering, clients.caretaker):
            assert other.get(download).status_code == 404
        page = clients.consultant.get(export.get_absolute_url()).content.decode()
        assert "Klar: 5 hændelser." in page and download in page

        run_jobs()  # the mail job again: nothing more is sent
        assert len(mail.outbox) == 1

    def test_the_workbook_is_written_too(self, clients, places):
        IncidentFactory.create_batch(3, place=places.klostertorvet)
        export = self.ask(clients.consultant, places, fmt="xlsx")
        run_jobs()
        export.refresh_from_db()
        sheet = load_workbook(default_storage.open(export.file)).active
        assert sheet.max_row == 4 and sheet["B1"].value == "Tidspunkt"

    def test_the_rows_are_those_the_requester_may_see_when_it_runs(
        self, clients, people, places, caretaker_world
    ):
        caretaker = people.users["caretaker"]
        clients.caretaker.post(START, {"format": "csv", "query": ""})
        run_jobs()
        export = IncidentExport.objects.get()
        rows = rows_of(default_storage.open(export.file).read())
        assert {int(row[0]) for row in rows[1:]} == {
            caretaker_world.at_my_place.pk,
            caretaker_world.own.pk,
        }
        assert export.requested_by == caretaker

    def test_an_export_that_cannot_be_written_says_so(self, clients, people, places):
        export = self.ask(clients.consultant, places)
        people.users["consultant"].groups.clear()  # no longer sees incidents
        run_jobs()
        export.refresh_from_db()
        assert export.status == IncidentExport.Status.FAILED and export.file == ""
        assert [status for status, _tries in job_statuses("incidents.write_export")] == ["failed"]
        assert mail.outbox == []

    def test_expired_exports_are_deleted_files_and_all(self, clients, people, places, municipality):
        IncidentFactory.create_batch(3, place=places.klostertorvet)
        export = self.ask(clients.consultant, places)
        run_jobs()
        export.refresh_from_db()
        stuck = IncidentExport.objects.create(requested_by=people.users["consultant"], format="csv")
        download = reverse("incidents:export_download", args=[export.pk])
        assert background_exports.expire(municipality_id=municipality.pk) == 0
        assert clients.consultant.get(download).status_code == 200

        later = export.expires_at + datetime.timedelta(minutes=1)
        assert not export.is_available(now=later)
        assert background_exports.expire(municipality_id=municipality.pk, now=later) == 2
        assert not IncidentExport.objects.filter(pk__in=[export.pk, stuck.pk]).exists()
        assert not default_storage.exists(export.file)
        assert clients.consultant.get(download).status_code == 404

    def test_on_object_storage_the_file_is_written_fetched_and_deleted_there(
        self, s3_media, clients, places, municipality
    ):
        IncidentFactory.create_batch(3, place=places.klostertorvet)
        export = self.ask(clients.consultant, places)
        run_jobs()
        export.refresh_from_db()
        assert s3_media.keys() == [export.file]
        assert not any(s3_media.disk.rglob("*"))  # nothing on this machine's disk
        download = reverse("incidents:export_download", args=[export.pk])
        response = clients.consultant.get(download)
        assert len(rows_of(b"".join(response.streaming_content))) == 4
        later = export.expires_at + datetime.timedelta(seconds=1)
        assert background_exports.expire(municipality_id=municipality.pk, now=later) == 1
        assert s3_media.keys() == []
