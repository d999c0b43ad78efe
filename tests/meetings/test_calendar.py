"""iCalendar feeds: parsed with a real iCalendar parser; private token URLs."""

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from meetings.models import CalendarToken

from .factories import MeetingFactory, ParticipantFactory, at

pytestmark = pytest.mark.django_db


def _events(response):
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e.get("summary")): e for e in calendar.walk("VEVENT")}


def test_the_personal_feed_has_the_users_meetings(people):
    mine = MeetingFactory(
        group=people.local_group, title="Lokalmøde", start=at(3, hour=16), location="Vor Frue Kirke"
    )
    MeetingFactory(group=people.steering_group, title="Styregruppemøde")
    invited = MeetingFactory(group=people.steering_group, title="Temamøde med gæster")
    ParticipantFactory(meeting=invited, person=people.persons["local"])
    token = CalendarToken.for_user(people.users["local"])
    response = Client().get(reverse("meetings:calendar_feed", args=[token.token]))
    assert response.status_code == 200
    events = _events(response)
    assert set(events) == {
        f"Lokalmøde – {people.local_group.name}",
        f"Temamøde med gæster – {people.steering_group.name}",
    }
    event = events[f"Lokalmøde – {people.local_group.name}"]
    assert event.decoded("dtstart") == mine.start
    assert event.decoded("dtend") == mine.end
    assert str(event["location"]) == "Vor Frue Kirke"
    assert str(event["uid"]) == f"meeting-{mine.pk}@byrum"
    assert str(event["url"]).endswith(mine.get_absolute_url())


def test_an_unknown_or_regenerated_token_is_not_found(clients, people):
    token = CalendarToken.for_user(people.users["local"])
    old = token.token
    assert Client().get(reverse("meetings:calendar_feed", args=["nope"])).status_code == 404
    clients.local.post(reverse("meetings:calendar_regenerate"))
    token.refresh_from_db()
    assert token.token != old
    assert Client().get(reverse("meetings:calendar_feed", args=[old])).status_code == 404
    assert Client().get(reverse("meetings:calendar_feed", args=[token.token])).status_code == 200


def test_the_group_feed_is_scoped_to_what_the_user_may_see(people):
    MeetingFactory(group=people.steering_group, title="Styregruppemøde")
    local_token = CalendarToken.for_user(people.users["local"]).token
    steering_token = CalendarToken.for_user(people.users["steering"]).token
    url = "meetings:group_calendar_feed"
    assert (
        Client().get(reverse(url, args=[local_token, people.steering_group.pk])).status_code == 404
    )
    response = Client().get(reverse(url, args=[steering_token, people.steering_group.pk]))
    assert list(_events(response)) == [f"Styregruppemøde – {people.steering_group.name}"]


def test_one_meeting_downloads_as_ics(clients, people):
    meeting = MeetingFactory(group=people.local_group, title="Åbent hus i Hjerterummet")
    response = clients.local.get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert list(_events(response)) == [f"Åbent hus i Hjerterummet – {people.local_group.name}"]


def test_the_calendar_page_shows_the_private_addresses(clients, people):
    MeetingFactory(group=people.local_group)
    response = clients.local.get(reverse("meetings:calendar"))
    token = CalendarToken.objects.get(user=people.users["local"]).token
    assert f"/meetings/calendar/{token}.ics" in response.text
    assert f"/meetings/calendar/{token}/groups/{people.local_group.pk}.ics" in response.text


@pytest.mark.parametrize("rows", [1, 10])
def test_the_feed_runs_a_fixed_number_of_queries(people, rows, django_assert_max_num_queries):
    MeetingFactory.create_batch(rows, group=people.local_group)
    token = CalendarToken.for_user(people.users["local"]).token
    # The token's owner's municipality: one more than before tenancy (its set_config).
    with django_assert_max_num_queries(9):
        response = Client().get(reverse("meetings:calendar_feed", args=[token]))
    assert len(_events(response)) == rows
