"""The access log: rows for admin person pages, the consultants' log page and export, and
purging after the retention period."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from byrum.access import log_access
from byrum.dates import months_before
from byrum.models import AccessLog
from governance.models import Person
from tests.actionplan.factories import PersonFactory, UserFactory
from tests.budgets import REQUEST_OVERHEAD

pytestmark = pytest.mark.django_db


def person_type():
    return ContentType.objects.get_for_model(Person)


def test_the_person_list_in_admin_logs_which_people_were_listed(clients, people):
    response = clients.admin.get(reverse("admin:governance_person_changelist"))
    assert response.status_code == 200
    row = AccessLog.objects.get()
    assert row.action == "listed"
    assert row.username == "admin"
    assert row.content_type == person_type()
    assert sorted(row.object_ids) == sorted(str(p.pk) for p in Person.objects.all())
    assert row.path == reverse("admin:governance_person_changelist")
    assert row.ip_address == "127.0.0.1"


def test_a_search_in_admin_logs_the_search_term_and_the_people_found(clients, people):
    found = PersonFactory(name="Rikke Nørregaard")
    clients.admin.get(reverse("admin:governance_person_changelist") + "?q=Rikke")
    row = AccessLog.objects.get()
    assert (row.action, row.query, row.object_ids) == ("searched", "q=Rikke", [str(found.pk)])


def test_opening_a_person_in_admin_logs_the_person_but_not_their_details(clients, people):
    person = PersonFactory(name="Rikke Nørregaard", title="Vicepolitiinspektør")
    clients.admin.get(reverse("admin:governance_person_change", args=[person.pk]))
    row = AccessLog.objects.get()
    assert (row.action, row.object_ids) == ("viewed", [str(person.pk)])
    stored = " ".join(str(v) for v in AccessLog.objects.values_list().get())
    assert "Rikke" not in stored and "Vicepolitiinspektør" not in stored


def test_log_access_takes_one_object_a_page_of_objects_or_ids(people):
    request = RequestFactory().get("/somewhere/", {"q": "Torvet", "page": "2"})
    request.user = people.users["consultant"]
    persons = list(Person.objects.order_by("pk"))
    one = log_access(request, AccessLog.Action.VIEWED, persons[0])
    many = log_access(request, AccessLog.Action.SEARCHED, objects=persons, query=request.GET)
    ids = log_access(request, "exported", model=Person, ids=[1, 2], query="kind=police")
    assert one.object_ids == [str(persons[0].pk)] and one.content_type == person_type()
    assert many.object_ids == [str(p.pk) for p in persons]
    assert many.query == "q=Torvet"  # the page number says nothing about what was seen
    assert (ids.object_ids, ids.query, ids.path) == (["1", "2"], "kind=police", "/somewhere/")


def _grant_access_log(user):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="byrum", codename="view_accesslog")
    )


def _some_rows(people, n=3):
    konsulent, lokal = people.users["consultant"], people.users["local"]
    person = people.persons["local"]
    for i in range(n):
        AccessLog.objects.create(
            user=konsulent,
            username="konsulent",
            action="viewed",
            content_type=person_type(),
            object_ids=[str(person.pk)],
            path=f"/p/{i}/",
        )
    AccessLog.objects.create(user=lokal, username="lokal", action="listed", path="/other/")


def test_a_consultant_granted_the_permission_lists_the_log_for_a_user(client, people):
    _grant_access_log(people.users["consultant"])
    _some_rows(people)
    client.force_login(people.users["consultant"])
    response = client.get(reverse("access_log"), {"user": "lokal"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "/other/" in body and "/p/0/" not in body
    assert "Adgangslog" in body


def test_the_log_for_one_record(clients, people):
    _some_rows(people)
    person = people.persons["local"]
    response = clients.admin.get(
        reverse("access_log"), {"content_type": person_type().pk, "record": person.pk}
    )
    body = response.content.decode()
    assert all(f"/p/{i}/" in body for i in range(3)) and "/other/" not in body


def test_the_history_page_links_to_the_log_for_its_record(clients, people):
    group = people.local_group
    body = clients.admin.get(
        reverse("history", args=["governance", "group", group.pk])
    ).content.decode()
    ct = ContentType.objects.get_for_model(group)
    assert f"{reverse('access_log')}?content_type={ct.pk}&amp;record={group.pk}" in body


def test_a_bad_date_is_refused_in_danish_and_the_input_kept(clients, people):
    response = clients.admin.get(reverse("access_log"), {"since": "31-31-2024", "user": "lokal"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Indtast en gyldig dato." in body
    assert 'value="lokal"' in body and 'value="31-31-2024"' in body


def test_export_gives_the_filtered_log_as_csv_and_is_itself_logged(clients, people):
    _some_rows(people)
    AccessLog.objects.create(username="lokal", action="searched", query="=HYPERLINK(evil)")
    response = clients.admin.get(reverse("access_log_export"), {"user": "lokal"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "time",
        "user",
        "action",
        "record_kind",
        "record_ids",
        "record_count",
        "query",
        "path",
        "ip",
    ]
    assert sorted(r[2] for r in rows[1:]) == ["listed", "searched"]
    assert "'=HYPERLINK(evil)" in [r[6] for r in rows]  # a spreadsheet will not run it
    exported = AccessLog.objects.filter(action="exported").get()
    assert (exported.username, exported.query) == ("admin", "user=lokal")


@pytest.mark.parametrize("rows", [1, 10])
def test_access_log_page_queries_do_not_grow_with_rows(
    clients, people, rows, django_assert_num_queries
):
    _some_rows(people, n=rows)
    clients.admin.get(reverse("access_log"))  # warm the content-type cache
    # The superuser needs no query for permissions and roles (1 fewer); then count, INSERT
    # access-log row, content types for the filter form, page of rows with their content type.
    with django_assert_num_queries(REQUEST_OVERHEAD - 1 + 4):
        assert clients.admin.get(reverse("access_log")).status_code == 200


def test_purge_deletes_rows_older_than_the_retention(people):
    now = timezone.now()
    old = AccessLog.objects.create(
        username="a", action="viewed", at=now - datetime.timedelta(days=200)
    )
    recent = AccessLog.objects.create(
        username="b", action="viewed", at=now - datetime.timedelta(days=150)
    )
    out = io.StringIO()
    call_command("purge_access_log", stdout=out)
    assert list(AccessLog.objects.all()) == [recent]
    assert "Deleted 1 access-log rows" in out.getvalue()
    assert not AccessLog.objects.filter(pk=old.pk).exists()


@override_settings(ACCESS_LOG_RETENTION_MONTHS=1)
def test_the_retention_is_a_setting(people, retention_in_database):
    retention_in_database()  # as `migrate` writes it where the database enforces it
    AccessLog.objects.create(
        username="b", action="viewed", at=timezone.now() - datetime.timedelta(days=40)
    )
    call_command("purge_access_log", stdout=io.StringIO())
    assert not AccessLog.objects.exists()


def test_the_retention_defaults_to_six_months():
    from django.conf import settings

    assert settings.ACCESS_LOG_RETENTION_MONTHS == 6


def test_months_before_counts_calendar_months():
    at = datetime.datetime(2025, 8, 31, 12, 0, tzinfo=datetime.UTC)
    assert months_before(at, 6) == datetime.datetime(2025, 2, 28, 12, 0, tzinfo=datetime.UTC)
    assert months_before(at, 8) == datetime.datetime(2024, 12, 31, 12, 0, tzinfo=datetime.UTC)
    assert months_before(datetime.datetime(2024, 8, 31, tzinfo=datetime.UTC), 6).day == 29


def test_deleting_a_user_keeps_their_rows(people):
    user = UserFactory(username="tidligere")
    user_id = user.id
    AccessLog.objects.create(user=user, username="tidligere", action="viewed")
    user.delete()
    row = AccessLog.objects.get()
    assert (row.username, row.user_id) == ("tidligere", user_id)
