"""The agenda, the minutes and the council report as PDF/A for the journal."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from meetings.documents import minutes_pdf
from meetings.models import Meeting
from meetings.services import decision_create, decision_create_action_item
from tests.actionplan.factories import ActionPlanFactory
from tests.byrum.test_attachments import PDF

from .factories import AgendaItemFactory, MeetingFactory, ParticipantFactory, at

pytestmark = pytest.mark.django_db


def pdf_pages(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, [page.extract_text() for page in reader.pages]


def _content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def minutes(people):
    meeting = MeetingFactory(
        group=people.local_group,
        title="Lokalgruppemøde Arkivhaven",
        start=at(-2, hour=15),
        location="Vor Frue Kirkes sognegård",
    )
    ParticipantFactory(meeting=meeting, person=people.persons["local"], attendance="present")
    ParticipantFactory(meeting=meeting, person=people.persons["caretaker"], attendance="absent")
    for n in range(12):  # enough to fill several pages
        item = AgendaItemFactory(
            meeting=meeting, title=f"Punkt om belysning {n}", notes="Lampen er gået. " * 40
        )
    decision = decision_create(
        agenda_item=item, text="Lampen udskiftes.", user=people.users["consultant"]
    )
    decision_create_action_item(
        decision=decision,
        title="Bestil lampe",
        responsible_person=people.persons["caretaker"],
        due=at(20).date(),
        user=people.users["consultant"],
    )
    meeting.refresh_from_db()
    return meeting


def test_draft_minutes_pdf_has_everything_and_the_draft_mark_on_every_page(
    clients, people, minutes
):
    response = clients.consultant.get(reverse("meetings:minutes_pdf", args=[minutes.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment;" in response["Content-Disposition"]
    reader, pages = pdf_pages(_content(response))
    assert len(pages) > 1
    text = "\n".join(pages)
    for expected in [
        "Referat: Lokalgruppemøde Arkivhaven",
        "Lokal gruppe Arkivhaven",
        "15:00",
        "Vor Frue Kirkes sognegård",
        "Local Person",
        "Caretaker Person",
        "Punkt om belysning 11",
        "Lampen er gået.",
        "Lampen udskiftes.",
        "Bestil lampe",
        at(20).strftime("%d.%m.%Y"),
        "Ikke godkendt",
    ]:
        assert expected in text, expected
    for number, page in enumerate(pages, start=1):
        assert "UDKAST – ikke godkendt" in page
        assert f"Side {number} / {len(pages)}" in page
    # PDF/A-3b: the archival identification in the XMP metadata.
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp


def test_approved_minutes_carry_the_approval_and_no_draft_mark(people, minutes):
    Meeting.objects.filter(pk=minutes.pk).update(
        state=Meeting.State.MINUTES_APPROVED,
        approved_at=at(-1),
        approved_by=people.users["steering"],
        published_at=at(-1),
    )
    minutes.refresh_from_db()
    _, pages = pdf_pages(minutes_pdf(minutes))
    text = "\n".join(pages)
    assert "UDKAST" not in text
    assert f"Godkendt {at(-1).day}." in text and "af styregruppe" in text


def test_the_agenda_pdf_lists_items_and_their_attachments(clients, minutes):
    item = minutes.agenda_items.first()
    clients.consultant.post(
        reverse("attachment_add", args=["meetings.agendaitem", item.pk]),
        {"file": _upload("Kort over stien.pdf"), "title": "Bilag 1: kort"},
    )
    response = clients.local.get(reverse("meetings:agenda_pdf", args=[minutes.pk]))
    _, pages = pdf_pages(_content(response))
    text = "\n".join(pages)
    assert "Dagsorden: Lokalgruppemøde Arkivhaven" in text
    assert "Bilag 1: kort" in text and "Punkt om belysning 0" in text
    assert "Lampen er gået." not in text  # an agenda has no minutes


def _upload(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF)


def test_draft_minutes_pdf_is_refused_to_members_like_the_page(clients, minutes):
    assert clients.local.get(reverse("meetings:minutes_pdf", args=[minutes.pk])).status_code == 404
    assert (
        clients.outsider.get(reverse("meetings:agenda_pdf", args=[minutes.pk])).status_code == 404
    )


def test_user_text_cannot_make_the_pdf_fetch_anything(people, minutes, monkeypatch):
    item = minutes.agenda_items.first()
    item.notes = '<img src="http://169.254.169.254/latest/meta-data/"> <b>fed</b>'
    item.save()
    fetched = []
    monkeypatch.setattr("urllib.request.OpenerDirector.open", lambda *a, **k: fetched.append(a))
    _, pages = pdf_pages(minutes_pdf(minutes))
    assert fetched == []
    assert "<b>fed</b>" in "\n".join(pages)  # shown as text, not markup


def test_the_council_report_as_pdf(clients):
    plan = ActionPlanFactory(title="Handleplan for byens rum")
    response = clients.steering.get(reverse("dashboard_report_pdf"), {"plan": plan.pk})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    _, pages = pdf_pages(response.content)
    text = "\n".join(pages)
    assert "Statusrapport til byrådet: Handleplan for byens" in text and "Side 1 / " in text
    assert "Excel" not in text  # the page's buttons are not in the document
    bad = clients.steering.get(reverse("dashboard_report_pdf"), {"plan": plan.pk, "weeks": "x"})
    assert bad.status_code == 400
