"""An action item's page names the decision it came from only when the user may read the
minutes it was recorded in: a draft's decision is not shown through the action item."""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db
SECRET = "Styregruppen indstiller at lukke værestedet"


def _item_decided_in(state, people):
    meeting = MeetingFactory(group=people.local_group, state=state, title="Lokalgruppemøde")
    decision = DecisionFactory(agenda_item=AgendaItemFactory(meeting=meeting), text=SECRET)
    item = ActionItemFactory(group=people.local_group)
    decision.action_items.add(item)
    return item


@pytest.mark.parametrize("state", [Meeting.State.HELD, Meeting.State.MINUTES_DRAFT])
@pytest.mark.parametrize("persona", ["steering", "local", "caretaker"])
def test_a_decision_in_draft_minutes_is_not_shown_through_its_action_item(
    clients, people, state, persona
):
    item = _item_decided_in(state, people)
    response = getattr(clients, persona).get(reverse("actionplan:action_detail", args=[item.pk]))
    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    assert "Lokalgruppemøde" not in response.content.decode()


def test_the_consultant_sees_the_draft_decision_and_everyone_the_published_one(clients, people):
    draft = _item_decided_in(Meeting.State.MINUTES_DRAFT, people)
    url = reverse("actionplan:action_detail", args=[draft.pk])
    assert SECRET in clients.consultant.get(url).content.decode()
    published = _item_decided_in(Meeting.State.MINUTES_APPROVED, people)
    url = reverse("actionplan:action_detail", args=[published.pk])
    assert SECRET in clients.steering.get(url).content.decode()
    assert SECRET in clients.local.get(url).content.decode()
