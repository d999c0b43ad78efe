"""The register searches everything said: decisions, minutes notes and agenda titles, with
Danish stemming, prefix matching, ranking, highlighting and filters."""

import pytest
from django.db import connection
from django.urls import reverse

from byrum.search import prefix_query
from meetings import register
from meetings.models import AgendaItem

from .factories import AgendaItemFactory, DecisionFactory, MeetingFactory, PlaceFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def said(people):
    park = PlaceFactory(name="Kildeparken")
    old = MeetingFactory(
        group=people.local_group, start=at(-400), state="minutes_approved", place=park
    )
    new = MeetingFactory(group=people.steering_group, start=at(-5), state="minutes_approved")
    draft = MeetingFactory(group=people.local_group, start=at(-1), state="minutes_draft")
    toilet = AgendaItemFactory(meeting=old, title="Status på indsatsen", notes="")
    DecisionFactory(agenda_item=toilet, text="Toilettet ved Kildeparken holdes åbent til kl. 22.")
    return {
        "toilet": toilet,
        "notes": AgendaItemFactory(
            meeting=new,
            title="Eventuelt",
            notes="Vi drøftede belysningen på stien <script> & hegnet.",
        ),
        "title": AgendaItemFactory(meeting=new, title="Toiletforhold på Arkivpladsen"),
        "draft": AgendaItemFactory(meeting=draft, title="Toiletvogn", notes="Udkast"),
    }


def _hits(response):
    return [item.pk for item in response.context["page_obj"]]


def test_a_word_finds_decisions_notes_and_titles(clients, said):
    url = reverse("meetings:decision_list")
    assert set(_hits(clients.consultant.get(url, {"q": "toilet"}))) == {
        said["toilet"].pk,
        said["title"].pk,
        said["draft"].pk,
    }
    assert _hits(clients.consultant.get(url, {"q": "belysning"})) == [said["notes"].pk]


def test_a_half_typed_word_finds_the_whole(clients, said):
    url = reverse("meetings:decision_list")
    assert said["toilet"].pk in _hits(clients.steering.get(url, {"q": "toil"}))
    assert _hits(clients.steering.get(url, {"q": "belys stie"})) == [said["notes"].pk]


def test_titles_rank_above_notes_and_matches_are_highlighted_safely(clients, said):
    response = clients.steering.get(reverse("meetings:decision_list"), {"q": "toilet"})
    assert _hits(response)[0] == said["title"].pk
    assert "<mark>Toiletforhold</mark>" in response.text
    assert "<mark>Toilettet</mark> ved Kildeparken" in response.text
    response = clients.steering.get(reverse("meetings:decision_list"), {"q": "stien"})
    # The notes' text is escaped (ts_headline drops what looks like a tag; the rest is text).
    assert "&amp; hegnet" in response.text and "<script> &" not in response.text


def test_drafts_and_other_groups_stay_hidden(clients, said):
    # The local member: published minutes of their group only.
    response = clients.local.get(reverse("meetings:decision_list"), {"q": "toilet"})
    assert _hits(response) == [said["toilet"].pk]


def test_filters_by_group_year_and_place(clients, people, said):
    url = reverse("meetings:decision_list")
    by_group = clients.consultant.get(url, {"q": "toilet", "group": people.steering_group.pk})
    assert _hits(by_group) == [said["title"].pk]
    by_year = clients.consultant.get(url, {"q": "toilet", "year": at(-400).year})
    assert said["toilet"].pk in _hits(by_year) and said["title"].pk not in _hits(by_year)
    place = said["toilet"].meeting.place
    assert _hits(clients.consultant.get(url, {"q": "toil", "place": place.pk})) == [
        said["toilet"].pk
    ]


@pytest.mark.parametrize(
    "q",
    ["'", "!!", "a & | !", "toilet:* | ", "(((", "x" * 500, "\x00", "<>:*&", "før-møde"],
)
def test_odd_searches_never_fail(clients, said, q):
    response = clients.consultant.get(reverse("meetings:decision_list"), {"q": q})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"year": "1066"}, "Marker en gyldig valgmulighed"),
        ({"year": "x"}, "Marker en gyldig valgmulighed"),
        ({"place": "x"}, "Ingen passer til »x«."),  # a place is typed (byrum/suggest.py)
        ({"place": "999999"}, "Marker en gyldig valgmulighed"),
    ],
)
def test_bad_filters_answer_with_the_form(clients, said, params, error):
    response = clients.consultant.get(reverse("meetings:decision_list"), {"q": "toil", **params})
    assert response.status_code == 200
    assert error in response.text


def test_the_search_runs_on_the_indexed_columns_not_on_the_text(said):
    query = prefix_query("toil")
    sql = str(register.search(AgendaItem.objects.all(), query).query)
    assert "search_vector" in sql and "ILIKE" not in sql.upper()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname IN "
            "('meetings_agendaitem_search', 'meetings_decision_search')"
        )
        assert len([row for row in cursor.fetchall() if "gin" in row[0].lower()]) == 2


@pytest.fixture
def few_ranked(monkeypatch):
    """The register ranks the newest 2 matches (at scale: 1,000)."""
    monkeypatch.setattr(register, "RANKED", 2)


def test_only_the_newest_matches_are_ranked_and_the_page_says_so(clients, people, few_ranked):
    group = people.steering_group
    oldest, older, newer, newest = (
        MeetingFactory(group=group, start=at(days), state="minutes_approved")
        for days in (-300, -200, -100, -10)
    )
    AgendaItemFactory(meeting=oldest, title="Toiletforhold i parken")
    AgendaItemFactory(meeting=older, title="Toiletvogn")
    in_notes = AgendaItemFactory(meeting=newer, title="Eventuelt", notes="Et toilet mere.")
    in_title = AgendaItemFactory(meeting=newest, title="Toilet", notes="Toilettet er lukket.")
    response = clients.consultant.get(reverse("meetings:decision_list"), {"q": "toilet"})
    # The two newest of four matches, the better match first (not simply the newest first).
    assert _hits(response) == [in_title.pk, in_notes.pk]
    assert response.context["more"] is True
    assert "Over 2 dagsordenspunkter passer: de 2 nyeste vises" in response.text
    # Narrowed by a year or group to no more than it ranks, the count is exact again.
    response = clients.consultant.get(
        reverse("meetings:decision_list"), {"q": "toiletvogn", "group": group.pk}
    )
    assert response.context["more"] is False
    assert "1 dagsordenspunkt passer" in response.text


def test_matches_in_decisions_are_found_among_the_newest(clients, people, few_ranked):
    rare = AgendaItemFactory(
        meeting=MeetingFactory(
            group=people.steering_group, start=at(-900), state="minutes_approved"
        ),
        title="Hundeskove",
    )
    for days in (-30, -20, -10, -5):  # newer items, none of them a match
        AgendaItemFactory(
            meeting=MeetingFactory(
                group=people.steering_group, start=at(days), state="minutes_approved"
            ),
            title="Budget",
        )
    decided = AgendaItemFactory(
        meeting=MeetingFactory(group=people.local_group, start=at(-800), state="minutes_approved"),
        title="Status",
    )
    DecisionFactory(agenda_item=decided, text="Hundeskoven indhegnes.")
    response = clients.consultant.get(reverse("meetings:decision_list"), {"q": "hundeskov"})
    assert set(_hits(response)) == {rare.pk, decided.pk}
    assert response.context["more"] is False


def test_the_newest_matches_are_one_query_on_ids(people, django_assert_num_queries):
    meetings = [
        MeetingFactory(group=people.steering_group, start=at(-days), state="minutes_approved")
        for days in range(1, 7)
    ]
    for meeting in meetings:
        AgendaItemFactory(meeting=meeting, title="Belysning")
    items = AgendaItem.objects.all()
    newest = [AgendaItem.objects.get(meeting=meeting).pk for meeting in meetings[:3]]
    with django_assert_num_queries(1):
        assert register.newest_matches(items, prefix_query("belys"), 3) == newest
    with django_assert_num_queries(1):
        assert register.newest_matches(items, prefix_query("toliet"), 3) == []
    # Only the ids are read and sorted; nothing is ranked until the page's few.
    sql = str(items.filter(register.matches(prefix_query("belys"))).query)
    assert "ts_rank" not in sql
