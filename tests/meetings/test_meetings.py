"""Meeting list, creation, editing and the detail page: who sees what."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.actionplan.factories import MembershipFactory, PersonFactory, UserFactory
from tests.budgets import REQUEST_OVERHEAD

from .factories import AgendaItemFactory, DecisionFactory, MeetingFactory, PlaceFactory, at

pytestmark = pytest.mark.django_db


def test_members_see_only_their_groups_meetings(clients, local_meeting, steering_meeting):
    response = clients.local.get(reverse("meetings:list"))
    assert response.status_code == 200
    assert "Møde i lokalgruppen" in response.text
    assert "Styregruppemøde" not in response.text


def test_the_steering_group_sees_every_groups_meetings(clients, local_meeting, steering_meeting):
    response = clients.steering.get(reverse("meetings:list"))
    assert "Møde i lokalgruppen" in response.text
    assert "Styregruppemøde" in response.text


def test_the_list_filters_by_group_kind_state_date_and_place(clients, people):
    place = PlaceFactory(name="Arkivpladsen")
    MeetingFactory(
        group=people.local_group,
        title="Temamøde om affald",
        kind="theme",
        start=at(-40),
        place=place,
    )
    MeetingFactory(group=people.steering_group, title="Styregruppens møde", start=at(-10))
    url = reverse("meetings:list")
    assert (
        "Temamøde om affald"
        not in clients.consultant.get(url, {"group": people.steering_group.pk}).text
    )
    assert "Styregruppens møde" not in clients.consultant.get(url, {"kind": "theme"}).text
    assert "Temamøde om affald" not in clients.consultant.get(url, {"state": "held"}).text
    since = (at(-20)).date().isoformat()
    response = clients.consultant.get(url, {"start_from": since})
    assert "Styregruppens møde" in response.text and "Temamøde om affald" not in response.text
    response = clients.consultant.get(url, {"place": place.pk})
    assert "Temamøde om affald" in response.text and "Styregruppens møde" not in response.text


@pytest.mark.parametrize("rows", [1, 10])
def test_the_list_runs_a_fixed_number_of_queries(
    clients, people, rows, django_assert_max_num_queries
):
    MeetingFactory.create_batch(rows, group=people.local_group)
    # session, user, user and group permissions, roles, person, count, "may plan" check,
    # the filter's groups and places, the page of meetings (with group and place), plus the
    # savepoints of the request's transaction: the same for 1 and 10 meetings.
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 6):
        response = clients.local.get(reverse("meetings:list"))
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == rows


def test_a_consultant_creates_a_meeting(clients, people):
    response = clients.consultant.post(
        reverse("meetings:create"),
        {
            "group": people.steering_group.pk,
            "title": "Styregruppemøde marts",
            "kind": "ordinary",
            "start": "2030-03-04T13:00",
            "end": "2030-03-04T15:00",
            "location": "Rådhuset",
        },
    )
    meeting = Meeting.objects.get(title="Styregruppemøde marts")
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:agenda", args=[meeting.pk])
    assert meeting.state == Meeting.State.PLANNED
    assert meeting.end - meeting.start == datetime.timedelta(hours=2)


def test_a_meeting_that_ends_before_it_starts_is_refused_in_danish(clients, people):
    response = clients.consultant.post(
        reverse("meetings:create"),
        {
            "group": people.steering_group.pk,
            "title": "Baglæns møde",
            "kind": "ordinary",
            "start": "2030-03-04T15:00",
            "end": "2030-03-04T13:00",
        },
    )
    assert response.status_code == 200
    assert "Et møde skal slutte efter det begynder." in response.text
    assert 'value="Baglæns møde"' in response.text  # the input is kept
    assert not Meeting.objects.filter(title="Baglæns møde").exists()


def test_a_groups_secretary_prepares_its_meetings_without_being_a_consultant(people):
    secretary = UserFactory(username="sekretaer", roles=["Gruppemedlem"])
    person = PersonFactory(user=secretary)
    MembershipFactory(person=person, group=people.local_group, role="secretary")
    meeting = MeetingFactory(group=people.local_group)
    other = MeetingFactory(group=people.steering_group)
    from django.test import Client

    client = Client()
    client.force_login(secretary)
    assert client.get(reverse("meetings:agenda", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("meetings:agenda", args=[other.pk])).status_code == 404
    form = client.get(reverse("meetings:create")).context["form"]
    assert list(form.fields["group"].queryset) == [people.local_group]


def test_members_see_the_agenda_but_not_draft_minutes(clients, local_meeting):
    item = local_meeting.agenda_items.first()
    item.notes = "Hemmeligt udkast"
    item.save()
    local_meeting.state = Meeting.State.MINUTES_DRAFT
    local_meeting.save()
    DecisionFactory(agenda_item=item, text="Udkast til beslutning")
    member_view = clients.local.get(local_meeting.get_absolute_url())
    assert "Velkomst" in member_view.text
    assert "Hemmeligt udkast" not in member_view.text
    assert "Udkast til beslutning" not in member_view.text
    assert "Referatet er ikke offentliggjort endnu." in member_view.text
    # the steering group sees every meeting, but a draft is the secretariat's until approved
    assert "Hemmeligt udkast" not in clients.steering.get(local_meeting.get_absolute_url()).text
    assert "Hemmeligt udkast" in clients.consultant.get(local_meeting.get_absolute_url()).text


def test_members_read_approved_minutes(clients, local_meeting):
    item = local_meeting.agenda_items.first()
    item.notes = "Godkendte noter"
    item.save()
    DecisionFactory(agenda_item=item, text="Vi sætter lys op")
    local_meeting.state = Meeting.State.MINUTES_APPROVED
    local_meeting.approved_at = at(0)
    local_meeting.save()
    response = clients.local.get(local_meeting.get_absolute_url())
    assert "Godkendte noter" in response.text
    assert "Vi sætter lys op" in response.text


@pytest.mark.parametrize("rows", [1, 10])
def test_the_detail_page_runs_a_fixed_number_of_queries(
    clients, people, rows, django_assert_max_num_queries
):
    meeting = MeetingFactory(group=people.local_group, state="minutes_approved", start=at(-3))
    for _ in range(rows):
        DecisionFactory(agenda_item=AgendaItemFactory(meeting=meeting))
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 9):
        response = clients.consultant.get(meeting.get_absolute_url())
    assert len(response.context["items"]) == rows


def test_editing_a_meeting_keeps_its_rules(clients, local_meeting):
    url = reverse("meetings:edit", args=[local_meeting.pk])
    response = clients.consultant.post(
        url,
        {
            "group": local_meeting.group_id,
            "title": "Nyt navn",
            "kind": "dialogue",
            "start": "2030-01-01T10:00",
            "end": "2030-01-01T12:00",
        },
    )
    assert response.status_code == 302
    local_meeting.refresh_from_db()
    assert (local_meeting.title, local_meeting.kind) == ("Nyt navn", "dialogue")
    assert clients.local.post(url, {"title": "x"}).status_code == 403
