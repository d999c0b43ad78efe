"""The decision register: Danish full-text search, filters, and what each reader may see."""

import pytest
from django.urls import reverse

from meetings.models import Decision
from tests.budgets import REQUEST_OVERHEAD

from .factories import AgendaItemFactory, DecisionFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def decisions(people):
    published = MeetingFactory(group=people.local_group, start=at(-60), state="minutes_approved")
    steering = MeetingFactory(group=people.steering_group, start=at(-5), state="minutes_approved")
    draft = MeetingFactory(group=people.local_group, start=at(-1), state="minutes_draft")
    return {
        "light": DecisionFactory(
            agenda_item=AgendaItemFactory(meeting=published),
            text="Belysningen på stien ved Arkivpladsen forbedres.",
        ),
        "toilet": DecisionFactory(
            agenda_item=AgendaItemFactory(meeting=steering),
            text="Der opstilles flere lamper ved Kildeparken.",
        ),
        "draft": DecisionFactory(
            agenda_item=AgendaItemFactory(meeting=draft), text="Udkast: flere bænke ved Arkivhaven."
        ),
    }


def _texts(response):
    """The decisions a page shows: the list's rows, or the decisions of the search's hits."""
    if response.context.get("searching"):
        return {d.text for item in response.context["page_obj"] for d in item.decisions.all()}
    return {d.text for d in response.context["page_obj"]}


def test_danish_search_finds_other_word_forms(clients, decisions):
    # "belysning" (indefinite) finds "Belysningen"; "lampen" (singular) finds "lamper"
    response = clients.consultant.get(reverse("meetings:decision_list"), {"q": "belysning"})
    assert _texts(response) == {decisions["light"].text}
    response = clients.consultant.get(reverse("meetings:decision_list"), {"q": "lampen"})
    assert _texts(response) == {decisions["toilet"].text}


def test_search_runs_on_the_generated_column(decisions):
    assert Decision.objects.search("belysning").get() == decisions["light"]


def test_filters_by_group_and_date(clients, people, decisions):
    url = reverse("meetings:decision_list")
    response = clients.consultant.get(url, {"group": people.steering_group.pk})
    assert _texts(response) == {decisions["toilet"].text}
    response = clients.consultant.get(url, {"date_from": at(-10).date().isoformat()})
    assert _texts(response) == {decisions["toilet"].text, decisions["draft"].text}


def test_members_see_published_decisions_of_their_groups_only(clients, decisions):
    assert _texts(clients.local.get(reverse("meetings:decision_list"))) == {decisions["light"].text}
    # the steering group sees every group's published decisions, no drafts
    assert _texts(clients.steering.get(reverse("meetings:decision_list"))) == {
        decisions["light"].text,
        decisions["toilet"].text,
    }


@pytest.mark.parametrize("rows", [1, 10])
def test_the_register_runs_a_fixed_number_of_queries(
    clients, people, rows, django_assert_max_num_queries
):
    meeting = MeetingFactory(group=people.local_group, start=at(-3), state="minutes_approved")
    for _ in range(rows):
        DecisionFactory.create_batch(
            2, agenda_item=AgendaItemFactory(meeting=meeting), text="Belysningen forbedres."
        )
    # The newest matches' ids (one), the hits (one), the count (one), the hits' decisions
    # (one); the filter form's groups and places (two); the user's person
    # (minutes_visible_to).
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 8):
        response = clients.local.get(reverse("meetings:decision_list"), {"q": "belysningen"})
    assert len(response.context["page_obj"].object_list) == rows
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 7):
        response = clients.local.get(reverse("meetings:decision_list"), {"year": at(-3).year})
    assert len(response.context["page_obj"].object_list) == 2 * rows
