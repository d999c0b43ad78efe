"""Markup the W3C Nu checker reads: <time datetime> to the second, and headings in order."""

import re

import pytest
from django.urls import reverse

from byrum.models import AccessLog
from tests.meetings.factories import AgendaItemFactory, DecisionFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db


def test_access_log_times_are_valid_html_datetimes_to_the_second(clients, people):
    AccessLog.objects.create(
        user=people.users["consultant"], username="konsulent", action=AccessLog.Action.VIEWED
    )
    html = clients.admin.get(reverse("access_log")).content.decode()
    stamps = re.findall(r'<time datetime="([^"]+)"', html)
    assert stamps
    for stamp in stamps:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", stamp), stamp


@pytest.mark.parametrize("page", ["meetings:detail", "meetings:minutes", "meetings:print"])
def test_decisions_are_a_level_three_heading_under_the_items_level_two(clients, people, page):
    meeting = MeetingFactory(group=people.local_group, start=at(-1), state="minutes_draft")
    DecisionFactory(agenda_item=AgendaItemFactory(meeting=meeting))
    html = clients.consultant.get(reverse(page, args=[meeting.pk])).content.decode()
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", html)]
    assert 3 in levels
    jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert not jumps, f"heading levels skip: {levels}"
