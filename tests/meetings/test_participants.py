"""Invitations (members in one click, guests) and attendance at the meeting."""

import pytest
from django.urls import reverse

from meetings.models import Participant
from tests.actionplan.factories import MembershipFactory
from tests.budgets import REQUEST_OVERHEAD

from .factories import MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_one_click_invites_the_groups_current_members_once(clients, people):
    meeting = MeetingFactory(group=people.local_group)
    MembershipFactory(group=people.local_group, end="2021-01-01")  # a former member
    url = reverse("meetings:participants_invite", args=[meeting.pk])
    clients.consultant.post(url)
    invited = set(meeting.participants.values_list("person__name", flat=True))
    assert invited == {"Local Person", "Caretaker Person"}
    clients.consultant.post(url)  # twice changes nothing
    assert meeting.participants.count() == 2


def test_a_guest_is_added_with_organisation(clients, people):
    meeting = MeetingFactory(group=people.local_group)
    response = clients.consultant.post(
        reverse("meetings:participant_add_guest", args=[meeting.pk]),
        {"name": "Jette Beboer", "organisation": "Midtbyens Samråd", "email": "j@example.org"},
    )
    assert response.status_code == 302
    guest = meeting.participants.get()
    assert guest.is_guest and guest.display_organisation == "Midtbyens Samråd"


def test_a_guest_without_a_name_is_refused_in_danish(clients, people):
    meeting = MeetingFactory(group=people.local_group)
    response = clients.consultant.post(
        reverse("meetings:participant_add_guest", args=[meeting.pk]),
        {"name": "", "organisation": "Politiet"},
    )
    assert response.status_code == 200
    assert "Skriv gæstens navn." in response.text
    assert 'value="Politiet"' in response.text
    assert not meeting.participants.exists()


def test_attendance_is_recorded_and_the_meeting_is_held(clients, local_meeting):
    local_meeting.state = "planned"
    local_meeting.save()
    caretaker, local = local_meeting.participants.order_by("person__name")
    data = {
        "attendance-TOTAL_FORMS": "2",
        "attendance-INITIAL_FORMS": "2",
        "attendance-0-id": str(caretaker.pk),
        "attendance-0-attendance": "present",
        "attendance-1-id": str(local.pk),
        "attendance-1-attendance": "apologies",
    }
    response = clients.consultant.post(
        reverse("meetings:participants", args=[local_meeting.pk]), data
    )
    assert response.status_code == 302
    assert dict(local_meeting.participants.values_list("person__name", "attendance")) == {
        "Caretaker Person": "present",
        "Local Person": "apologies",
    }
    local_meeting.refresh_from_db()
    assert local_meeting.state == "held"


def test_removing_a_participant(clients, local_meeting):
    participant = local_meeting.participants.first()
    clients.consultant.post(reverse("meetings:participant_remove", args=[participant.pk]))
    assert not Participant.objects.filter(pk=participant.pk).exists()


@pytest.mark.parametrize("rows", [1, 10])
def test_the_participants_page_runs_a_fixed_number_of_queries(
    clients, people, rows, django_assert_max_num_queries
):
    meeting = MeetingFactory(group=people.local_group)
    ParticipantFactory.create_batch(rows, meeting=meeting)
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 4):
        response = clients.consultant.get(reverse("meetings:participants", args=[meeting.pk]))
    assert len(response.context["formset"].forms) == rows


@pytest.mark.parametrize("name", ["", "   ", "x" * 201], ids=["empty", "blank", "too-long"])
def test_a_bad_guest_name_is_said_once_and_about_the_name(clients, people, name):
    meeting = MeetingFactory(group=people.local_group)
    response = clients.consultant.post(
        reverse("meetings:participant_add_guest", args=[meeting.pk]), {"name": name}
    )
    assert response.status_code == 200
    assert "Vælg et medlem" not in response.text  # the form has no member to choose
    errors = response.context["form"].errors
    assert list(errors) == ["name"] and len(errors["name"]) == 1
    assert response.text.count(errors["name"][0]) == 1


def test_one_person_outside_the_group_is_invited(clients, people):
    meeting = MeetingFactory(group=people.local_group)
    outsider = people.persons["steering"]  # not a member of the local group
    url = reverse("meetings:participant_invite_person", args=[meeting.pk])
    page = clients.consultant.get(reverse("meetings:participants", args=[meeting.pk]))
    assert 'data-suggest="/suggest/person/"' in page.text  # typed, not a list of everyone
    response = clients.consultant.post(url, {"person": outsider.pk})
    assert response.status_code == 302
    assert meeting.participants.get().person == outsider
    response = clients.consultant.post(url, {"person": outsider.pk})  # not twice
    assert "Vælg en person, der ikke er inviteret endnu." in response.text
    assert meeting.participants.count() == 1
    response = clients.consultant.post(url, {"person": "x"})
    assert response.status_code == 200
