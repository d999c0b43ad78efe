"""The incident list a page at a time (keyset pagination, byrum.pagination), its bounded
count and its filter choices, which must not grow with the number of incidents."""

import datetime
import re
from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from byrum import roles
from byrum.models import AccessLog
from byrum.pagination import bounded_count, decode_cursor, encode_cursor
from incidents.models import Incident
from tests.actionplan.factories import UserFactory
from tests.budgets import REQUEST_OVERHEAD

from .conftest import queries
from .factories import IncidentFactory, SmallJobFactory

LIST = reverse("incidents:list")
JOBS = reverse("incidents:smalljob_list")
PER_PAGE = 3


@pytest.fixture(autouse=True)
def _small_pages(monkeypatch):
    monkeypatch.setattr("incidents.views.PAGE_SIZE", PER_PAGE)


def incidents(place, n, *, start=None, step=datetime.timedelta(hours=1), **kwargs):
    """``n`` incidents at ``place``, one every ``step`` back from ``start``."""
    start = start or timezone.now() - datetime.timedelta(hours=1)
    reporter = kwargs.pop("reported_by", None) or UserFactory()
    return [
        IncidentFactory(place=place, occurred_at=start - i * step, reported_by=reporter, **kwargs)
        for i in range(n)
    ]


def ids(response):
    return [incident.pk for incident in response.context["page_obj"].object_list]


def link(response, rel):
    """The query string of the page's "Newer" (rel=prev) or "Older" (rel=next) link."""
    html = response.content.decode()
    found = re.search(rf'<a class="page-link" href="\?([^"]*)" rel="{rel}">', html)
    return found and found.group(1).replace("&amp;", "&")


def walk(client, url, query="", rel="next"):
    """Every page from ``query`` on, following one kind of link: the ids page by page."""
    pages = []
    while query is not None:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        pages.append(ids(response))
        query = link(response, rel)
        assert len(pages) < 50, "the links go round in circles"
    return pages


def newest_first(rows):
    return [i.pk for i in sorted(rows, key=lambda i: (i.occurred_at, i.pk), reverse=True)]


def test_the_first_page_holds_the_newest_and_links_only_to_older(clients, places):
    rows = incidents(places.klostertorvet, 5)
    response = clients.consultant.get(LIST)
    assert ids(response) == newest_first(rows)[:PER_PAGE]
    html = response.content.decode()
    assert '<nav aria-label="Sider"' in html
    assert "Ældre" in html and "Nyere" not in html and "Nyeste" not in html
    assert link(response, "next").startswith("before=")


def last_page(client, url, query=""):
    response = client.get(f"{url}?{query}")
    while (older := link(response, "next")) is not None:
        response = client.get(f"{url}?{older}")
    return response


def test_older_and_newer_pages_go_round_trip(clients, places):
    rows = newest_first(incidents(places.klostertorvet, 8))
    older = walk(clients.consultant, LIST)
    assert older == [rows[0:3], rows[3:6], rows[6:8]]
    last = last_page(clients.consultant, LIST)
    assert ids(last) == rows[6:8]
    assert "Nyeste" in last.content.decode()
    assert walk(clients.consultant, LIST, link(last, "prev"), rel="prev") == [rows[3:6], rows[0:3]]


def test_incidents_at_the_same_time_are_each_shown_once(clients, places):
    """Ties on occurred_at: the id decides, so no incident is skipped or shown twice."""
    same = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1)
    rows = incidents(places.klostertorvet, 7, start=same, step=datetime.timedelta(0))
    rows += incidents(places.arkivpladsen, 2, start=same + datetime.timedelta(seconds=1))
    expected = newest_first(rows)
    pages = walk(clients.consultant, LIST)
    assert pages == [expected[0:3], expected[3:6], expected[6:9]]
    last = last_page(clients.consultant, LIST)
    assert walk(clients.consultant, LIST, link(last, "prev"), rel="prev") == pages[1::-1]


def test_filters_are_kept_on_every_page(clients, places):
    violent = incidents(places.klostertorvet, 8, category="violence")
    incidents(places.klostertorvet, 5, category="waste", start=timezone.now())
    query = f"category=violence&place={places.klostertorvet.pk}"
    pages = walk(clients.consultant, LIST, query)
    assert [pk for page in pages for pk in page] == newest_first(violent)
    second = clients.consultant.get(
        f"{LIST}?{link(clients.consultant.get(LIST + '?' + query), 'next')}"
    )
    for rel in ("prev", "next"):
        kept = parse_qs(link(second, rel))
        assert kept["category"] == ["violence"]
        assert kept["place"] == [str(places.klostertorvet.pk)]
    # the exports of a deep page export the filtered list, not the page
    assert f'href="{reverse("incidents:export_csv")}?category=violence&amp;place=' in (
        second.content.decode()
    )


def test_a_caretaker_sees_only_their_scope_on_every_page(clients, caretaker_world, places):
    caretaker = caretaker_world.caretaker
    mine = incidents(places.arkivpladsen, 4, reported_by=caretaker)
    at_my_place = incidents(
        places.klostertorvet, 4, start=timezone.now() - datetime.timedelta(minutes=90)
    )
    incidents(places.kildeparken, 6, start=timezone.now())  # neither theirs nor at their place
    pages = walk(clients.caretaker, LIST)
    shown = [pk for page in pages for pk in page]
    expected = mine + at_my_place + [caretaker_world.own, caretaker_world.at_my_place]
    assert shown == newest_first(expected)
    assert len(pages) == 4


@pytest.mark.parametrize(
    "query",
    [
        "before=yesterday_1",
        "before=2025-03-01T21:30:00.000000Z",
        "before=2025-03-01T21:30:00_12",  # no time zone
        "after=2025-13-01T21:30:00.000000Z_5",
        "before=2025-03-01T21:30:00.000000Z_-4",
        "before=2025-03-01T21:30:00.000000Z_99999999999999999999999",
        "after=",
        "before=%00_%00",
    ],
)
def test_a_cursor_that_cannot_be_read_gives_the_first_page_and_says_so(clients, places, query):
    rows = incidents(places.klostertorvet, 4)
    response = clients.consultant.get(f"{LIST}?category=internal_conflict&{query}")
    assert response.status_code == 200
    assert ids(response) == newest_first(rows)[:PER_PAGE]
    assert "Linket til siden kunne ikke læses" in response.content.decode()


def test_an_old_page_link_gives_the_first_page_without_a_warning(clients, places):
    rows = incidents(places.klostertorvet, 4)
    response = clients.consultant.get(f"{LIST}?page=7")
    assert ids(response) == newest_first(rows)[:PER_PAGE]
    assert "Linket til siden" not in response.content.decode()
    assert "page=" not in (link(response, "next") or "")


def test_a_cursor_survives_a_plus_sign_turned_into_a_space():
    when = datetime.datetime(
        2025, 3, 1, 21, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    )
    assert decode_cursor("2025-03-01T21:30:00+01:00_7".replace("+", " "), datetime.datetime) == (
        when,
        7,
    )


def test_the_count_stops_above_the_limit(clients, places, monkeypatch):
    monkeypatch.setattr("incidents.views.COUNT_LIMIT", 5)
    incidents(places.klostertorvet, 5)
    assert "5 hændelser" in clients.consultant.get(LIST).content.decode()
    incidents(places.arkivpladsen, 1)
    html = clients.consultant.get(LIST).content.decode()
    assert "Over 5 hændelser" in html
    # a first page that holds everything needs no count
    assert (
        "1 hændelse"
        in clients.consultant.get(f"{LIST}?place={places.arkivpladsen.pk}").content.decode()
    )


def test_the_count_reads_at_most_limit_plus_one_rows(places):
    incidents(places.klostertorvet, 4)
    with CaptureQueriesContext(connection) as context:
        assert bounded_count(Incident.objects.for_list(), limit=2) == 3
    (sql,) = [q["sql"] for q in context.captured_queries]
    assert re.search(r"SELECT COUNT\(\*\) .*FROM \(SELECT .* LIMIT 3\)", sql), sql
    assert "JOIN" not in sql


def suggested(client, kind, typed):
    return {row["text"]: row["value"] for row in client.get(f"/suggest/{kind}/?q={typed}").json()}


def test_the_reporter_filter_suggests_those_who_reported(clients, caretaker_world):
    never = UserFactory(username="aldrig", first_name="Aldrig", roles=[roles.CARETAKER])
    assert suggested(clients.consultant, "reporter", "jon") == {"Jonas": caretaker_world.other.pk}
    assert suggested(clients.consultant, "reporter", "aldrig") == {}
    # By username too; the list draws the chosen reporter only, never every caretaker.
    assert suggested(clients.consultant, "reporter", "andenvic") == {
        "Jonas": caretaker_world.other.pk
    }
    chosen = clients.consultant.get(f"{LIST}?reporter={caretaker_world.other.pk}")
    html = chosen.content.decode()
    field = re.search(r'<input[^>]* id="id_reporter"[^>]*>', html).group(0)
    assert 'data-suggest="/suggest/reporter/"' in field
    assert f'data-value="{caretaker_world.other.pk}"' in field and 'value="Jonas"' in field
    assert never.username not in html and "Aldrig" not in html
    # Without JavaScript the name is typed: the server finds the one reporter so called.
    typed = clients.consultant.get(LIST, {"reporter": "jonas"})
    assert typed.context["filter"].form.cleaned_data["reporter"] == caretaker_world.other


def test_the_place_filter_draws_the_chosen_place_not_every_place(clients, places):
    html = clients.consultant.get(f"{LIST}?place={places.kildeparken.pk}").content.decode()
    field = re.search(r'<input[^>]* id="id_place"[^>]*>', html).group(0)
    assert 'data-suggest="/suggest/place/"' in field
    assert f'data-value="{places.kildeparken.pk}"' in field
    assert f'value="Kildeparken ({places.kildeparken.city})"' in field
    assert "Arkivpladsen" not in html and "<optgroup" not in html
    assert re.search(r'<label\s+for="id_place"', html)


def test_a_deep_page_logs_the_ids_it_shows(clients, places):
    rows = incidents(places.klostertorvet, 5)
    second = link(clients.consultant.get(f"{LIST}?category=internal_conflict"), "next")
    earlier = list(AccessLog.objects.values_list("pk", flat=True))  # kept: they are young
    clients.consultant.get(f"{LIST}?{second}")
    entry = AccessLog.objects.exclude(pk__in=earlier).get()
    assert entry.object_ids == [str(pk) for pk in newest_first(rows)[3:5]]
    assert entry.query == "category=internal_conflict"


def test_a_deep_page_runs_the_same_queries_for_few_or_many_incidents(
    clients, places, django_assert_max_num_queries
):
    incidents(places.klostertorvet, 5)
    deep = "place={}&" + "before=" + encode_cursor(timezone.now(), 10**9)
    few = queries(clients.consultant, LIST + "?" + deep.format(places.klostertorvet.pk))
    incidents(places.klostertorvet, 20, reported_by=UserFactory())
    incidents(places.arkivpladsen, 10, reported_by=UserFactory())
    assert queries(clients.consultant, LIST + "?" + deep.format(places.klostertorvet.pk)) == few
    # the request overhead, the chosen place, the page, the bounded count, the action
    # plans' filter choices, and the access-log row
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 7):
        clients.consultant.get(LIST + "?" + deep.format(places.klostertorvet.pk))


def test_the_small_job_list_goes_page_by_page(clients, places):
    today = timezone.localdate()
    jobs = [
        SmallJobFactory(place=places.klostertorvet, date=today - datetime.timedelta(days=i // 2))
        for i in range(7)
    ]
    pages = walk(clients.consultant, JOBS)
    expected = [j.pk for j in sorted(jobs, key=lambda j: (j.date, j.pk), reverse=True)]
    assert pages == [expected[0:3], expected[3:6], expected[6:7]]
    assert clients.consultant.get(JOBS + "?before=nonsense").status_code == 200
