"""Journey: the secretary sends the draft minutes for comments, a participant comments on an
item from the link in the mail (sent by the job workers to a real SMTP server, with the draft
PDF), the secretary resolves it, the chair approves, the secretary publishes, and the minutes
come out as an approved PDF."""

import datetime
import io
import re

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from byrum import roles
from meetings.models import Meeting
from notifications.models import Notification
from tests.actionplan.factories import GroupFactory, MembershipFactory, PersonFactory, UserFactory
from tests.browser.conftest import DESKTOP, assert_accessible, log_in, screenshot
from tests.jobs import run_jobs_beside_a_loop
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, ParticipantFactory, at


def _text(content):
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def _pdf_text(page, url):
    response = page.request.get(url)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return _text(response.body())


def test_the_comment_round_from_draft_to_published_pdf(
    new_page, transactional_db, live_server, smtp, settings
):
    settings.SITE_URL = live_server.url  # the links in notification mails
    group = GroupFactory(name="Styregruppen", kind="steering")
    people = {}
    for username, name, role, kind in [
        ("sofie", "Sofie Lindberg", roles.CONSULTANT, "secretary"),
        ("anne", "Anne Mølgaard", roles.STEERING, "chair"),
        ("ole", "Ole Krogh", roles.STEERING, "member"),
    ]:
        user = UserFactory(username=username, password="pw", roles=[role])
        people[username] = PersonFactory(name=name, user=user, email=f"{username}@example.org")
        MembershipFactory(person=people[username], group=group, role=kind)
    meeting = MeetingFactory(group=group, title="Styregruppemøde i marts", start=at(-1))
    item = AgendaItemFactory(
        meeting=meeting, title="Toiletter i Kildeparken", notes="Toilettet holdes åbent."
    )
    for person in people.values():
        ParticipantFactory(meeting=meeting, person=person, attendance="present")
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.MINUTES_DRAFT)

    # The secretary sends the draft to the participants.
    sofie = new_page(DESKTOP)
    log_in(sofie, "sofie")
    sofie.goto(meeting.get_absolute_url())
    sofie.get_by_role("link", name="Send til kommentering").click()
    sofie.get_by_label("Deltagerne").check()
    deadline = timezone.localdate() + datetime.timedelta(days=5)
    sofie.get_by_label("Kommentarer senest").fill(f"{deadline:%Y-%m-%d}")
    assert_accessible(sofie, "send for comments")
    sofie.get_by_role("button", name="Send til kommentering").click()
    expect(sofie.locator(".alert-warning")).to_contain_text("UDKAST – ikke godkendt")
    run_jobs_beside_a_loop()
    [to_ole] = smtp.to("ole@example.org")
    link = re.search(r"https?://\S+/review/", to_ole.get_body(("plain",)).get_content()).group(0)
    [draft_pdf] = to_ole.iter_attachments()
    assert "UDKAST" in _text(draft_pdf.get_content())

    # A participant follows the link and comments on the item.
    ole = new_page(DESKTOP)
    log_in(ole, "ole")
    ole.goto(link)
    expect(ole.locator(f"#item-{item.pk}")).to_contain_text("Toilettet holdes åbent.")
    ole.get_by_label("Din kommentar til “Toiletter i Kildeparken”").fill(
        "Skriv at vagten låser kl. 22."
    )
    assert_accessible(ole, "comment on draft minutes")
    ole.get_by_role("button", name="Send kommentar").click()
    expect(ole.locator(".alert-success")).to_contain_text("Din kommentar blev sendt")

    # The secretary resolves it (after changing the minutes).
    sofie.goto(f"/meetings/{meeting.pk}/review/")
    expect(sofie.locator(f"#item-{item.pk}")).to_contain_text("Skriv at vagten låser kl. 22.")
    sofie.get_by_label("Svar").fill("Rettet i punktet.")
    sofie.get_by_role("button", name="Markér som afklaret").click()
    expect(sofie.locator(".alert-success")).to_contain_text("afklaret")

    # The chair approves.
    anne = new_page(DESKTOP)
    log_in(anne, "anne")
    anne.goto(f"/meetings/{meeting.pk}/review/")
    anne.get_by_role("link", name="Godkend referatet").click()
    assert_accessible(anne, "approve minutes")
    anne.get_by_role("button", name="Godkend referatet").click()
    expect(anne.locator(".alert-success").first).to_contain_text("Referatet er godkendt")

    # The secretary publishes; the participants are told (by the notification jobs).
    sofie.goto(meeting.get_absolute_url())
    sofie.get_by_role("link", name="Offentliggør referatet").click()
    sofie.get_by_role("button", name="Offentliggør og send referatet").click()
    expect(sofie.locator(".alert-success")).to_contain_text("offentliggjort")
    assert Notification.objects.filter(kind="minutes_published").count() == 3
    screenshot(sofie, "minutes-published-after-round")

    # The approved minutes as PDF, for a member: approved by the chair, no draft mark.
    text = _pdf_text(ole, f"/meetings/{meeting.pk}/minutes.pdf")
    assert "Godkendt" in text and "anne" in text.lower()
    # (pypdf may split a word where the PDF kerns it: compare without spaces.)
    assert "UDKAST" not in text and "Toilettetholdesåbent." in "".join(text.split())
