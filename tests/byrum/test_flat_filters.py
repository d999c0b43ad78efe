"""The filter pages are flat in the size of the city: their place, person, organisation and
group fields draw the chosen record, never the city's whole list (byrum/suggest.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Group, Organisation, Person
from places.models import Place

PAGES = [
    "incidents:list",
    "incidents:smalljob_list",
    "actionplan:action_list",
    "actionplan:initiative_list",
    "actionplan:involvement_list",
    "actionplan:mediation_list",
    "meetings:list",
    "meetings:decision_list",
    "meetings:walk_list",
]


def grow_the_city(n):
    """``n`` more places, people, organisations and groups, in four queries."""
    start = grow_places_and_people(n)
    Organisation.objects.bulk_create(
        Organisation(name=f"Vækstorganisation {start + i}") for i in range(n)
    )
    Group.objects.bulk_create(
        Group(name=f"Vækstgruppe {start + i}", kind="working") for i in range(n)
    )


def grow_places_and_people(n):
    """``n`` more places and people, in two queries; returns the number they start from."""
    start = Place.objects.count()
    Place.objects.bulk_create(
        Place(
            name=f"Vækststed {start + i}",
            city="Nørresundby",
            kind="square",
            latitude=57.05,
            longitude=9.92,
        )
        for i in range(n)
    )
    Person.objects.bulk_create(Person(name=f"Vækstperson {start + i}") for i in range(n))
    return start


def measure(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries), len(response.content)


@pytest.mark.parametrize("name", PAGES)
def test_a_filter_page_does_not_grow_with_the_city(clients, name):
    url = reverse(name)
    grow_the_city(5)
    measure(clients.consultant, url)  # warm: the first request pays for caches
    queries, size = measure(clients.consultant, url)

    grow_the_city(300)
    queries_after, size_after = measure(clients.consultant, url)

    assert queries_after == queries
    assert size_after == size
    assert "Vækststed" not in clients.consultant.get(url).content.decode()
