"""The agenda editor: add, reorder, copy the previous meeting's agenda."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from meetings.models import AgendaItem, Meeting
from tests.budgets import REQUEST_OVERHEAD

from .factories import AgendaItemFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db


def _titles(meeting):
    return list(meeting.agenda_items.order_by("position", "pk").values_list("title", flat=True))


def test_a_consultant_adds_items_in_order(clients, local_meeting):
    url = reverse("meetings:agenda", args=[local_meeting.pk])
    response = clients.consultant.post(
        url, {"title": "Eventuelt", "presenter": "Formanden", "duration": "10"}
    )
    assert response.status_code == 302
    assert _titles(local_meeting) == ["Velkomst", "Belysning ved Arkivhaven", "Eventuelt"]


def test_an_item_without_a_title_is_refused(clients, local_meeting):
    url = reverse("meetings:agenda", args=[local_meeting.pk])
    response = clients.consultant.post(url, {"title": "", "presenter": "Kasper", "duration": "10"})
    assert response.status_code == 200
    assert "Dette felt er påkrævet." in response.text
    assert 'value="Kasper"' in response.text


def test_items_move_up_and_down(clients, local_meeting):
    last = local_meeting.agenda_items.get(title="Belysning ved Arkivhaven")
    clients.consultant.post(
        reverse("meetings:agenda_item_move", args=[last.pk]), {"direction": "up"}
    )
    assert _titles(local_meeting) == ["Belysning ved Arkivhaven", "Velkomst"]
    clients.consultant.post(
        reverse("meetings:agenda_item_move", args=[last.pk]), {"direction": "down"}
    )
    assert _titles(local_meeting) == ["Velkomst", "Belysning ved Arkivhaven"]
    # moving the last item further down changes nothing
    clients.consultant.post(
        reverse("meetings:agenda_item_move", args=[last.pk]), {"direction": "down"}
    )
    assert _titles(local_meeting) == ["Velkomst", "Belysning ved Arkivhaven"]


def test_the_previous_meetings_agenda_is_copied_without_its_minutes(clients, people):
    earlier = MeetingFactory(group=people.local_group, start=at(-30))
    AgendaItemFactory(meeting=earlier, title="Godkendelse af referat", notes="gamle noter")
    AgendaItemFactory(meeting=earlier, title="Status på hellesteder")
    MeetingFactory(group=people.steering_group, start=at(-10))  # another group's: not used
    meeting = MeetingFactory(group=people.local_group, start=at(10))
    page = clients.consultant.get(reverse("meetings:agenda", args=[meeting.pk]))
    assert "Kopiér dagsordenen fra" in page.text
    clients.consultant.post(reverse("meetings:agenda_copy", args=[meeting.pk]))
    assert _titles(meeting) == ["Godkendelse af referat", "Status på hellesteder"]
    assert not meeting.agenda_items.exclude(notes="").exists()


def test_copying_without_an_earlier_meeting_says_so(clients, people):
    meeting = MeetingFactory(group=people.local_group)
    response = clients.consultant.post(
        reverse("meetings:agenda_copy", args=[meeting.pk]), follow=True
    )
    assert "Gruppen har ikke et tidligere møde med en dagsorden" in response.text


def test_an_item_with_minutes_is_not_removed(clients, local_meeting):
    item = local_meeting.agenda_items.first()
    item.notes = "noter"
    item.save()
    clients.consultant.post(reverse("meetings:agenda_item_delete", args=[item.pk]))
    assert local_meeting.agenda_items.filter(pk=item.pk).exists()
    empty = local_meeting.agenda_items.last()
    clients.consultant.post(reverse("meetings:agenda_item_delete", args=[empty.pk]))
    assert not local_meeting.agenda_items.filter(pk=empty.pk).exists()


def test_editing_an_item(clients, local_meeting):
    item = local_meeting.agenda_items.first()
    response = clients.consultant.post(
        reverse("meetings:agenda_item_edit", args=[item.pk]),
        {"title": "Velkomst og præsentation", "presenter": "Sofie", "duration": "5"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.duration) == ("Velkomst og præsentation", 5)


@pytest.mark.parametrize("rows", [1, 10])
def test_the_agenda_page_runs_a_fixed_number_of_queries(
    clients, people, rows, django_assert_max_num_queries
):
    meeting = MeetingFactory(group=people.local_group)
    AgendaItemFactory.create_batch(rows, meeting=meeting)
    # Content types are cached for the process's life (a warm server has them); a test run
    # may start cold, depending on which tests ran before on the same worker.
    ContentType.objects.get_for_models(Meeting, AgendaItem)
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 5):
        response = clients.consultant.get(reverse("meetings:agenda", args=[meeting.pk]))
    assert len(response.context["items"]) == rows
