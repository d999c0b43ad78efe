"""The home page's "My next meetings"."""

import pytest
from django.urls import reverse

from tests.budgets import REQUEST_OVERHEAD

from .factories import MeetingFactory, ParticipantFactory, at

pytestmark = pytest.mark.django_db


def test_home_lists_my_next_meetings_soonest_first(clients, people):
    MeetingFactory(group=people.local_group, title="Senere møde", start=at(20))
    MeetingFactory(group=people.local_group, title="Næste møde", start=at(2))
    MeetingFactory(group=people.local_group, title="Gammelt møde", start=at(-20))
    MeetingFactory(group=people.steering_group, title="Andres møde", start=at(1))
    invited = MeetingFactory(group=people.steering_group, title="Inviteret møde", start=at(3))
    ParticipantFactory(meeting=invited, person=people.persons["local"])
    response = clients.local.get(reverse("home"))
    titles = [m.title for m in response.context["my_next_meetings"]]
    assert titles == ["Næste møde", "Inviteret møde", "Senere møde"]
    assert "Mine næste møder" in response.text


def test_home_without_a_person_says_no_meetings(clients):
    response = clients.outsider.get(reverse("home"))
    assert "Mine næste møder" not in response.text
    response = clients.admin.get(reverse("home"))
    assert "Du har ingen kommende møder." in response.text


@pytest.mark.parametrize("rows", [1, 10])
def test_my_next_meetings_cost_one_query(clients, people, rows, django_assert_max_num_queries):
    MeetingFactory.create_batch(rows, group=people.local_group, start=at(3))
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 9):
        response = clients.local.get(reverse("home"))
    assert len(response.context["my_next_meetings"]) == min(rows, 5)
