"""The incident list's free-text search: Danish stemming and a word's beginning, through the
stored, GIN-indexed search column that PostgreSQL keeps (also when the retention rule blanks
the text), read a page at a time in steps that never scan the table, and no input a 500."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from byrum.search import prefix_query
from incidents.models import Incident
from tests.actionplan.factories import UserFactory
from tests.budgets import REQUEST_OVERHEAD

from .factories import IncidentFactory
from .test_list_pages import link

LIST = reverse("incidents:list")


def found(client, text, **params):
    response = client.get(LIST, {"q": text, **params})
    assert response.status_code == 200
    return {i.description for i in response.context["page_obj"].object_list}


@pytest.fixture
def told(places):
    return [
        IncidentFactory(
            place=places.klostertorvet, description="Konflikt om pladsen ved toilettet"
        ),
        IncidentFactory(place=places.arkivpladsen, description="Mange flasker efterladt"),
        IncidentFactory(
            place=places.kildeparken, description="God snak", follow_up_note="Ringede til politiet"
        ),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("toil", {"Konflikt om pladsen ved toilettet"}),  # a word's beginning
        ("toiletterne", {"Konflikt om pladsen ved toilettet"}),  # Danish stemming
        ("flaskerne", {"Mange flasker efterladt"}),
        ("FLASK", {"Mange flasker efterladt"}),
        ("politi", {"God snak"}),  # the follow-up note is searched too
        ("konflikt plads", {"Konflikt om pladsen ved toilettet"}),  # every word
        ("konflikt flasker", set()),
        ("arkivpl", {"Mange flasker efterladt"}),  # the place's name
        ("parken", {"God snak"}),  # anywhere in the place's name
        ("xyzzy", set()),
        ("og", set()),  # a Danish stop word alone matches nothing
    ],
)
def test_the_search_finds_words_by_their_beginning_in_danish(clients, told, text, expected):
    assert found(clients.consultant, text) == expected


def test_without_the_detail_only_the_place_names_are_searched(clients, told):
    assert found(clients.steering, "toilettet") == set()
    assert found(clients.steering, "Arkivpladsen") == {"Mange flasker efterladt"}


def test_the_search_column_follows_the_text_also_after_retention(clients, places):
    old = IncidentFactory(
        place=places.klostertorvet,
        occurred_at=timezone.now() - datetime.timedelta(days=30 * 25),
        description="Slagsmål ved bænkene",
    )
    assert found(clients.consultant, "slagsmål") == {"Slagsmål ved bænkene"}
    old.description = "Tomme dåser"
    old.save()
    assert found(clients.consultant, "slagsmål") == set()
    assert found(clients.consultant, "dåse") == {"Tomme dåser"}

    call_command("apply_retention", stdout=io.StringIO())
    assert found(clients.consultant, "dåse") == set()
    vector = Incident.objects.filter(pk=old.pk).values_list("search_vector", flat=True).get()
    assert vector == ""


def test_the_search_reads_the_indexed_column_never_the_text(clients, told):
    with CaptureQueriesContext(connection) as context:
        clients.consultant.get(LIST, {"q": "toilet"})
    on_incidents = [q["sql"] for q in context.captured_queries if "incidents_incident" in q["sql"]]
    assert any("search_vector" in sql for sql in on_incidents)
    assert not [sql for sql in on_incidents if "LIKE" in sql.upper() or "to_tsvector" in sql]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'incidents_incident_search'"
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition


@pytest.fixture
def a_long_list(places):
    """40 incidents an hour apart; every fifth about the toilet (the newest is one of them)."""
    start = timezone.now() - datetime.timedelta(hours=1)
    reporter = UserFactory()
    return [
        IncidentFactory(
            place=places.klostertorvet,
            occurred_at=start - i * datetime.timedelta(hours=1),
            reported_by=reporter,
            description="Kø ved toilettet" if i % 5 == 0 else "Rolig aften",
        )
        for i in range(40)
    ]


def walk(client, query, rel):
    """The ids page by page, following the "Older" (next) or "Newer" (prev) links."""
    pages, last = [], None
    while query:
        last = client.get(f"{LIST}?{query}")
        pages.append([i.pk for i in last.context["page_obj"].object_list])
        query = link(last, rel)
    return pages, last


@pytest.mark.parametrize("window", [1000, 7, 1])
def test_a_search_goes_page_by_page_whether_it_finds_its_rows_near_or_far(
    clients, a_long_list, monkeypatch, window
):
    """The page is read from the next rows of the list first, then through the search
    index beyond them (byrum.pagination.SEARCH_WINDOW): the pages are the same."""
    monkeypatch.setattr("byrum.pagination.SEARCH_WINDOW", window)
    monkeypatch.setattr("incidents.views.PAGE_SIZE", 3)
    toilet = [i.pk for i in a_long_list if i.description == "Kø ved toilettet"]
    older, last = walk(clients.consultant, "q=toilet", "next")
    assert older == [toilet[0:3], toilet[3:6], toilet[6:8]]
    newer, _first = walk(clients.consultant, link(last, "prev"), "prev")
    assert newer == [toilet[3:6], toilet[0:3]]
    first = clients.consultant.get(LIST, {"q": "toilet"})
    assert first.context["count"] > first.context["count_limit"] == 3  # "more than 3"
    assert "Over 3 hændelser" in first.content.decode()


def test_a_search_costs_the_same_queries_near_or_far(
    clients, a_long_list, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr("byrum.pagination.SEARCH_WINDOW", 5)
    clients.consultant.get(LIST)  # the session and the access log's content type, once
    # the request overhead; the places by name; the page's rows in the next five; the
    # window's edge and the rows beyond it through the index; the plans' filter choices
    # (the place and reporter fields are typed: no list); the access-log row
    with django_assert_num_queries(REQUEST_OVERHEAD + 6):
        response = clients.consultant.get(LIST, {"q": "toilet"})
    assert len(response.context["page_obj"].object_list) == 8
    assert response.context["count"] == 8  # all on the page: counted exactly
    # All 40 in the window: the rows, and a look at the window's edge (there is none).
    monkeypatch.setattr("byrum.pagination.SEARCH_WINDOW", 1000)
    with django_assert_num_queries(REQUEST_OVERHEAD + 5):
        clients.consultant.get(LIST, {"q": "toilet"})
    # A full page in the window: the rows only.
    monkeypatch.setattr("incidents.views.PAGE_SIZE", 3)
    with django_assert_num_queries(REQUEST_OVERHEAD + 4):
        clients.consultant.get(LIST, {"q": "toilet"})


TSQUERY_SYNTAX = st.text(alphabet="&|!():*'<->\\ \t\"%_-0123456789abcæøåÅ\x00", max_size=40)


@given(text=st.one_of(st.text(max_size=60), TSQUERY_SYNTAX))
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_no_text_makes_a_tsquery_error(db, text):
    """Whatever is typed, the query PostgreSQL gets is valid: only words reach it."""
    query = prefix_query(text)
    if query is None:
        return
    with connection.cursor() as cursor:
        sql, params = (
            Incident.objects.filter(search_vector=query).values("pk").query.sql_with_params()
        )
        cursor.execute(f"SELECT EXISTS ({sql})", params)


@given(text=st.one_of(st.text(max_size=60), TSQUERY_SYNTAX))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_no_search_gives_a_server_error(clients, told, text):
    for client in (clients.consultant, clients.steering):
        response = client.get(LIST, {"q": text})
        assert response.status_code in (200, 400), response.status_code
