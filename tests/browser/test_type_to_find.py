"""Type to find on a phone (375 px): the incident list's place filter asks the server for
suggestions as the consultant types, is picked with the keyboard, and filters the list."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from byrum import roles
from tests.actionplan.factories import UserFactory
from tests.browser.conftest import PHONE, assert_accessible, log_in, screenshot, type_and_pick
from tests.incidents.factories import IncidentFactory, PlaceFactory


def test_a_place_is_typed_and_picked_by_keyboard_on_a_phone(new_page, transactional_db):
    UserFactory(username="sofie", password="pw", roles=[roles.CONSULTANT])
    kennedy = PlaceFactory(name="J.F. Kennedys Plads", city="Aalborg")
    karoline = PlaceFactory(name="Karolinelunden", city="Aalborg")
    for n in range(30):  # more places than one suggestion list shows
        PlaceFactory(name=f"Kvarter {n}", city="Nørresundby")
    now = timezone.now()
    IncidentFactory(place=kennedy, category="waste", occurred_at=now - datetime.timedelta(hours=2))
    IncidentFactory(place=karoline, category="noise", occurred_at=now - datetime.timedelta(hours=3))

    page = new_page(PHONE)
    log_in(page, "sofie")
    page.goto("/incidents/")
    page.get_by_text("Filtrér og søg").click()
    box = page.get_by_role("combobox", name="Sted")
    expect(box).to_be_visible()
    assert "Kvarter" not in page.content()  # the page draws no list of places

    box.click()
    box.press_sequentially("karo", delay=40)
    expect(page.get_by_role("option", name="Karolinelunden (Aalborg)")).to_be_visible()
    expect(page.locator(".ts-dropdown [role=option]")).to_have_count(1)
    assert_accessible(page, "place suggestions open")
    screenshot(page, "type-to-find-suggestions")
    box.fill("")

    type_and_pick(page, "Sted", "kenn", "J.F. Kennedys Plads (Aalborg)")
    page.get_by_role("button", name="Filtrér").click()

    expect(page.get_by_role("heading", name="1 hændelse")).to_be_visible()
    assert "place=" + str(kennedy.pk) in page.url
    # the place's combobox (the reporter filter is one too)
    place_box = page.get_by_role("combobox", name="Sted")
    expect(page.locator(".ts-control", has=place_box)).to_contain_text(
        "J.F. Kennedys Plads (Aalborg)"
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways ({width}px)"
    assert_accessible(page, "incident list filtered by place")


def test_a_plan_gets_two_places_typed_and_picked_by_keyboard_on_a_phone(new_page, transactional_db):
    from actionplan.models import ActionPlan
    from tests.actionplan.factories import ActionPlanFactory

    UserFactory(username="sofie", password="pw", roles=[roles.CONSULTANT])
    plan = ActionPlanFactory(title="Handleplan for Aalborg Øst")
    kennedy = PlaceFactory(name="J.F. Kennedys Plads", city="Aalborg")
    karoline = PlaceFactory(name="Karolinelunden", city="Aalborg")
    for n in range(30):  # more places than one suggestion list shows
        PlaceFactory(name=f"Kvarter {n}", city="Nørresundby")

    page = new_page(PHONE)
    log_in(page, "sofie")
    page.goto(f"/plans/{plan.pk}/edit/")
    box = page.get_by_role("combobox", name="Steder")
    expect(box).to_be_visible()
    assert "Kvarter" not in page.content()  # the page draws no list of places
    # The text box for names typed without JavaScript is gone: the combobox takes them.
    expect(page.get_by_label("Tilføj flere: ét navn pr. linje")).to_have_count(0)

    type_and_pick(page, "Steder", "kenn", "J.F. Kennedys Plads (Aalborg)")
    type_and_pick(page, "Steder", "karo", "Karolinelunden (Aalborg)")
    box.press("Escape")
    chosen = page.locator(".ts-control .item")
    expect(chosen).to_have_count(2)
    expect(page.get_by_role("button", name="Fjern Karolinelunden (Aalborg)")).to_be_visible()
    assert_accessible(page, "plan edit with two places typed")
    screenshot(page, "type-to-find-several-places")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways ({width}px)"

    page.get_by_role("button", name="Gem").click()
    page.wait_for_url(f"**/plans/{plan.pk}/")
    assert set(ActionPlan.objects.get(pk=plan.pk).places.all()) == {kennedy, karoline}
