"""The minutes editor: saving (form and autosave), who changed what, history, conflicts,
decisions and the action items they create."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplan.models import ActionItem
from meetings.models import AgendaItem, Decision, Meeting, MinutesRevision
from meetings.services import decision_create, decision_create_action_item, minutes_save
from tests.actionplan.factories import OrganisationFactory
from tests.budgets import REQUEST_OVERHEAD

from .factories import AgendaItemFactory, DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _form_data(meeting, **notes):
    data = {}
    for item in meeting.agenda_items.all():
        data[f"item-{item.pk}-notes"] = notes.get(item.title, item.notes)
        data[f"item-{item.pk}-version"] = item.notes_version
    return data


def test_the_form_saves_every_items_notes_and_records_who(clients, people, local_meeting):
    response = clients.consultant.post(
        reverse("meetings:minutes", args=[local_meeting.pk]),
        _form_data(local_meeting, Velkomst="Formanden bød velkommen."),
    )
    assert response.status_code == 302
    item = local_meeting.agenda_items.get(title="Velkomst")
    assert item.notes == "Formanden bød velkommen."
    assert item.notes_updated_by == people.users["consultant"]
    local_meeting.refresh_from_db()
    assert local_meeting.state == Meeting.State.MINUTES_DRAFT
    page = clients.consultant.get(reverse("meetings:minutes", args=[local_meeting.pk]))
    assert "Sidst ændret af konsulent" in page.text


def test_autosave_answers_with_the_time_and_keeps_one_revision_per_run(
    clients, people, local_meeting
):
    item = local_meeting.agenda_items.first()
    url = reverse("meetings:minutes_autosave", args=[item.pk])
    first = clients.consultant.post(url, {"notes": "Første udkast", "version": ""})
    assert first.status_code == 200
    body = first.json()
    assert body["saved"] is True and body["message"].startswith("Gemt kl. ")
    second = clients.consultant.post(
        url, {"notes": "Første udkast, rettet", "version": body["version"]}
    )
    assert second.status_code == 200
    item.refresh_from_db()
    assert item.notes == "Første udkast, rettet"
    # one person's run of autosaves is one revision in the history
    assert MinutesRevision.objects.filter(agenda_item=item).count() == 1


def test_a_later_writer_starts_a_new_revision(people, local_meeting):
    item = local_meeting.agenda_items.first()
    minutes_save(item=item, notes="Sofies noter", user=people.users["consultant"])
    MinutesRevision.objects.update(saved_at=timezone.now() - datetime.timedelta(hours=1))
    minutes_save(item=item, notes="Sofies noter, rettet", user=people.users["consultant"])
    assert list(item.revisions.values_list("notes", flat=True)) == [
        "Sofies noter, rettet",
        "Sofies noter",
    ]


def test_autosave_refuses_to_overwrite_someone_elses_newer_text(clients, people, local_meeting):
    item = local_meeting.agenda_items.first()
    stale = item.notes_version
    minutes_save(item=item, notes="Anden skribents tekst", user=people.users["admin"])
    response = clients.consultant.post(
        reverse("meetings:minutes_autosave", args=[item.pk]),
        {"notes": "Min tekst", "version": stale},
    )
    assert response.status_code == 409
    assert "har ændret punktet imens" in response.json()["message"]
    item.refresh_from_db()
    assert item.notes == "Anden skribents tekst"


def test_the_form_keeps_the_writers_text_on_a_conflict(clients, people, local_meeting):
    data = _form_data(local_meeting, Velkomst="Min lange tekst")
    item = local_meeting.agenda_items.get(title="Velkomst")
    minutes_save(item=item, notes="Den andens tekst", user=people.users["admin"])
    response = clients.consultant.post(reverse("meetings:minutes", args=[local_meeting.pk]), data)
    assert response.status_code == 200
    assert "Min lange tekst" in response.text
    assert "ændrede referatet, mens du skrev" in response.text


def test_approved_minutes_can_no_longer_be_changed(clients, local_meeting):
    local_meeting.state = Meeting.State.MINUTES_APPROVED
    local_meeting.approved_at = timezone.now()
    local_meeting.save()
    item = local_meeting.agenda_items.first()
    response = clients.consultant.post(
        reverse("meetings:minutes_autosave", args=[item.pk]),
        {"notes": "Efterrationalisering", "version": ""},
    )
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.notes == ""


def test_a_decision_creates_an_action_item_for_the_group(clients, people, local_meeting):
    item = local_meeting.agenda_items.get(title="Belysning ved Arkivhaven")
    police = OrganisationFactory(name="Nordjyllands Politi")
    response = clients.consultant.post(
        reverse("meetings:decision_add", args=[item.pk]),
        {
            "text": "Der opsættes ekstra belysning ved stien.",
            "action_title": "Bestil belysning hos Vej og Park",
            "responsible_person": people.persons["local"].pk,
            "responsible_organisation": police.pk,
            "due": "2030-05-01",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    action = decision.action_items.get()
    assert action.source == ActionItem.Source.MEETING_DECISION
    assert action.group == people.local_group
    assert action.responsible_person == people.persons["local"]
    assert list(action.decisions.all()) == [decision]  # linked back to the decision
    assert decision.meeting == local_meeting
    # The action item's page says where it came from, with a link to the meeting.
    page = clients.local.get(action.get_absolute_url()).content.decode()
    assert local_meeting.get_absolute_url() in page and "ekstra belysning" in page


def test_a_decision_alone_creates_no_action_item(clients, local_meeting):
    item = local_meeting.agenda_items.first()
    clients.consultant.post(
        reverse("meetings:decision_add", args=[item.pk]),
        {"text": "Referatet fra sidste møde blev godkendt."},
    )
    assert Decision.objects.get().action_items.count() == 0
    assert not ActionItem.objects.exists()


def test_an_action_item_without_a_responsible_party_is_refused_in_danish(clients, local_meeting):
    item = local_meeting.agenda_items.first()
    response = clients.consultant.post(
        reverse("meetings:decision_add", args=[item.pk]),
        {
            "text": "Vi rydder op",
            "action_title": "Ryd op ved bænkene",
            "due": "2030-05-01",
        },
    )
    assert response.status_code == 200
    assert "Angiv en ansvarlig person eller organisation (eller begge)." in response.text
    assert "Ryd op ved bænkene" in response.text  # the input is kept
    assert not Decision.objects.exists() and not ActionItem.objects.exists()


def test_another_action_item_is_added_to_an_existing_decision(clients, people, local_meeting):
    decision = DecisionFactory(agenda_item=local_meeting.agenda_items.first())
    url = reverse("meetings:decision_action_add", args=[decision.pk])
    bad = clients.consultant.post(url, {"action_title": "Noget"})
    assert "Angiv en ansvarlig person eller organisation" in bad.text
    clients.consultant.post(
        url,
        {
            "action_title": "Skriv til politiet",
            "responsible_person": people.persons["consultant"].pk,
        },
    )
    assert decision.action_items.get().title == "Skriv til politiet"


def test_the_service_refuses_an_action_item_without_a_responsible_party(people, local_meeting):
    from django.core.exceptions import ValidationError

    decision = decision_create(
        agenda_item=local_meeting.agenda_items.first(),
        text="Beslutning",
        user=people.users["consultant"],
    )
    with pytest.raises(ValidationError):
        decision_create_action_item(
            decision=decision, title="Uden ansvarlig", user=people.users["consultant"]
        )
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize("rows", [1, 10])
def test_the_minutes_editor_runs_a_fixed_number_of_queries(
    clients, people, rows, django_assert_max_num_queries
):
    meeting = MeetingFactory(group=people.local_group, state="minutes_draft")
    for _ in range(rows):
        item = AgendaItemFactory(
            meeting=meeting,
            notes="noter",
            notes_updated_by=people.users["consultant"],
            notes_updated_at=timezone.now(),
        )
        MinutesRevision.objects.create(agenda_item=item, notes="a", by=people.users["admin"])
        MinutesRevision.objects.create(agenda_item=item, notes="b", by=people.users["admin"])
        decision = DecisionFactory(agenda_item=item)
        decision.action_items.add(
            ActionItem.objects.create(title="x", responsible_person=people.persons["local"])
        )
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 9):
        response = clients.consultant.get(reverse("meetings:minutes", args=[meeting.pk]))
    assert len(response.context["rows"]) == rows
    assert AgendaItem.objects.filter(meeting=meeting).count() == rows
