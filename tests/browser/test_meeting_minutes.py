"""Journey: a consultant creates a meeting for the steering group, writes the minutes with a
decision that creates an action item, publishes them, and the responsible member sees the
item on their home page."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from byrum import roles
from meetings.models import Meeting
from notifications.models import Notification
from tests.actionplan.factories import (
    GroupFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from tests.browser.conftest import DESKTOP, assert_accessible, log_in, screenshot, type_and_pick


def test_consultant_writes_and_publishes_minutes(new_page, transactional_db):
    consultant = UserFactory(
        username="sofie",
        password="pw",
        first_name="Sofie",
        last_name="Lindberg",
        roles=[roles.CONSULTANT],
    )
    member = UserFactory(username="anne", password="pw", roles=[roles.STEERING])
    # The mandate lets the secretary approve: approve and publish in one step here
    # (test_minutes_round_journey.py has the chair's round).
    steering = GroupFactory(name="Styregruppen", kind="steering", secretary_approves_minutes=True)
    anne = PersonFactory(name="Anne Mølgaard", user=member, email="anne@example.org")
    sofie = PersonFactory(name="Sofie Lindberg", user=consultant, email="sofie@example.org")
    MembershipFactory(person=anne, group=steering, role="chair")
    MembershipFactory(person=sofie, group=steering, role="secretary")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    page = new_page(DESKTOP)
    log_in(page, "sofie")
    page.goto("/meetings/")
    page.get_by_role("link", name="Nyt møde").click()
    page.get_by_label("Gruppe").select_option(label="Styregruppen")
    page.get_by_label("Titel").fill("Styregruppemøde om belysning")
    page.get_by_label("Start").fill(f"{yesterday:%Y-%m-%d}T13:00")
    page.get_by_label("Slut").fill(f"{yesterday:%Y-%m-%d}T15:00")
    page.get_by_label("Mødested").fill("Rådhuset, mødelokale 2")
    assert_accessible(page, "meeting form")
    page.get_by_role("button", name="Gem").click()

    # The agenda
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dagsorden")
    page.get_by_label("Titel").fill("Belysning på Arkivpladsen")
    page.get_by_label("Oplægsholder").fill("Henrik Bach")
    page.get_by_label("Varighed (minutter)").fill("30")
    page.get_by_role("button", name="Føj til dagsordenen").click()
    expect(page.locator("#items-heading + ol")).to_contain_text("Belysning på Arkivpladsen")
    assert_accessible(page, "agenda")

    # Invite the group in one click, record attendance
    page.get_by_role("link", name="Deltagere", exact=True).click()
    page.get_by_role("button", name="Invitér alle nuværende medlemmer af Styregruppen").click()
    expect(page.locator("legend", has_text="Anne Mølgaard")).to_be_visible()
    page.locator("fieldset", has_text="Anne Mølgaard").get_by_label("Til stede").check()
    page.locator("fieldset", has_text="Sofie Lindberg").get_by_label("Til stede").check()
    page.get_by_role("button", name="Gem fremmøde").click()
    assert_accessible(page, "participants")
    meeting = Meeting.objects.get(title="Styregruppemøde om belysning")

    # The minutes: autosave on leaving the field
    page.goto(f"/meetings/{meeting.pk}/minutes/")
    notes = page.get_by_label("Noter")
    notes.fill("Lampen ved trappen er gået. Byplanlægningen foreslår LED-belysning.")
    page.get_by_role("heading", level=1).click()  # leave the field: autosave
    expect(page.locator("[data-save-status]")).to_contain_text("Gemt kl.")
    expect(page.locator("[data-changed]")).to_contain_text("Sofie Lindberg")
    assert_accessible(page, "minutes editor")
    screenshot(page, "minutes-editor")

    page.get_by_role("link", name="Registrér en beslutning").click()
    page.get_by_label("Beslutning").fill("Der opsættes LED-belysning ved trappen.")
    page.get_by_label("Opgave: hvad skal gøres").fill("Bestil LED-belysning ved trappen")
    type_and_pick(page, "Ansvarlig person", "anne", "Anne Mølgaard")
    due = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("Frist").fill(f"{due:%Y-%m-%d}")
    assert_accessible(page, "decision form")
    page.get_by_role("button", name="Gem beslutning").click()
    expect(page.locator(".decision")).to_contain_text("Bestil LED-belysning ved trappen")

    # Publish
    page.get_by_role("link", name="Godkend og offentliggør referat").click()
    expect(page.get_by_text("anne@example.org")).to_be_visible()
    assert_accessible(page, "publish")
    page.get_by_role("button", name="Godkend og send referatet").click()
    expect(page.locator(".alert-success")).to_contain_text("Referatet er godkendt")
    assert_accessible(page, "published meeting")
    screenshot(page, "published-minutes")
    # Each participant is told; the mail is a job (tests/notifications).
    told = Notification.objects.filter(kind="minutes_published")
    assert sorted(n.address for n in told) == ["anne@example.org", "sofie@example.org"]
    assert all("Bestil LED-belysning ved trappen" in n.body for n in told)

    # The responsible member sees the item on the home page
    anne_page = new_page(DESKTOP)
    log_in(anne_page, "anne")
    expect(anne_page.locator("#my-action-items").locator("..")).to_contain_text(
        "Bestil LED-belysning ved trappen"
    )
    anne_page.goto(meeting.get_absolute_url())
    expect(anne_page.locator(".minutes-notes")).to_contain_text("LED-belysning")
    assert_accessible(anne_page, "member reads minutes")
    screenshot(anne_page, "member-home")
