"""Every view, list, search and export that shows incidents writes an access-log row: who,
what was done, which records or the search, never the incident's text."""

import pytest
from django.urls import reverse

from byrum.models import AccessLog
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db

SECRET = "Hemmelig beskrivelse"


def rows_for(user):
    return list(AccessLog.objects.filter(user=user).order_by("pk"))


def test_a_detail_view_is_logged_without_the_text(clients, people):
    incident = IncidentFactory(description=SECRET)
    clients.consultant.get(reverse("incidents:detail", args=[incident.pk]))
    (row,) = rows_for(people.users["consultant"])
    assert row.action == AccessLog.Action.VIEWED
    assert row.object_ids == [str(incident.pk)]
    assert SECRET not in " ".join(map(str, vars(row).values()))


def test_the_list_logs_the_rows_shown_and_a_search_its_term(clients, people):
    first, second = IncidentFactory(), IncidentFactory(description="flasker ved bænken")
    clients.consultant.get(reverse("incidents:list"))
    clients.consultant.get(reverse("incidents:list"), {"q": "flasker"})
    listed, searched = rows_for(people.users["consultant"])
    assert listed.action == AccessLog.Action.LISTED
    assert set(listed.object_ids) == {str(first.pk), str(second.pk)}
    assert searched.action == AccessLog.Action.SEARCHED
    assert "flasker" in searched.query and searched.object_ids == [str(second.pk)]


@pytest.mark.parametrize("name", ["incidents:export_csv", "incidents:export_xlsx"])
def test_exports_log_the_filters_and_how_many_records_not_every_id(clients, people, name):
    IncidentFactory.create_batch(3, category="noise", description=SECRET)
    IncidentFactory(category="violence")
    response = clients.consultant.get(reverse(name), {"category": "noise", "q": ""})
    assert response.status_code == 200
    (row,) = rows_for(people.users["consultant"])
    assert row.action == AccessLog.Action.EXPORTED
    assert row.content_type.model == "incident"
    assert (row.query, row.count, row.object_ids) == ("category=noise", 3, [])
    assert SECRET not in " ".join(map(str, vars(row).values()))


def test_nothing_is_logged_for_those_who_are_refused(clients, people):
    incident = IncidentFactory()
    assert clients.local.get(reverse("incidents:detail", args=[incident.pk])).status_code == 404
    assert clients.local.get(reverse("incidents:list")).status_code == 403
    assert rows_for(people.users["local"]) == []
