"""Journeys on the places map and a place's page, at phone width."""

import pytest
from playwright.sync_api import expect

from byrum import roles
from places.models import Problem
from tests.actionplan.factories import UserFactory
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    log_in,
    screenshot,
)
from tests.places.factories import FacilityFactory, PlaceFactory, ProblemFactory

TILES = "https://tile.openstreetmap.org/**"


@pytest.fixture
def places(transactional_db):
    UserFactory(username="konsulent", password="pw", roles=[roles.CONSULTANT])
    klostertorvet = PlaceFactory(
        name="Klostertorvet", city="Aarhus", latitude="56.158900", longitude="10.207500"
    )
    FacilityFactory(place=klostertorvet, kind="toilets", state="out_of_order")
    waste = ProblemFactory(
        place=klostertorvet,
        category=Problem.Category.WASTE,
        description="Efterladenskaber på og omkring torvet.",
    )
    ProblemFactory(
        place=klostertorvet,
        category=Problem.Category.VIOLENT_CONFLICTS,
        description="Voldelige konflikter internt i miljøet.",
    )
    PlaceFactory(
        name="Arkivhaven", city="Aalborg", kind="park", latitude="57.047800", longitude="9.919500"
    )
    return {"klostertorvet": klostertorvet, "waste": waste}


def _no_sideways_scroll(page, name):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"


def test_a_consultant_marks_a_problem_on_klostertorvet_as_being_addressed(new_page, places):
    page = new_page(PHONE)
    page.route(TILES, lambda route: route.abort())  # no network here: the map works without tiles
    log_in(page, "konsulent")

    page.goto("/places/")
    the_map = page.get_by_role("region", name="Kort over stederne")
    marker = the_map.get_by_role("button", name="Klostertorvet")
    expect(marker).to_be_visible()
    assert_accessible(page, "places map")
    _no_sideways_scroll(page, "places map")
    screenshot(page, "places-map-phone")

    marker.click()
    popup_link = the_map.locator(".leaflet-popup").get_by_role("link", name="Klostertorvet")
    expect(popup_link).to_be_visible()
    expect(the_map.locator(".leaflet-popup")).to_contain_text("2 åbne problemer")
    popup_link.click()

    page.wait_for_url(f"**{places['klostertorvet'].get_absolute_url()}")
    expect(page.get_by_role("heading", name="Klostertorvet", level=1)).to_be_visible()
    problems = page.get_by_role("region", name="Problemer")
    waste = problems.get_by_role("article", name="Affald")
    expect(waste).to_contain_text("Åben")
    expect(problems).to_contain_text("Voldelige konflikter")
    assert_accessible(page, "place page")
    _no_sideways_scroll(page, "place page")
    screenshot(page, "place-detail-phone")

    waste.get_by_label("Status").select_option(label="Under behandling")
    waste.get_by_label("Note (valgfri)").fill("Småjobs: oprydning på torvet hver morgen.")
    waste.get_by_role("button", name="Opdatér status").click()

    expect(page.locator(".alert-success")).to_contain_text("status er nu “Under behandling”")
    waste = page.get_by_role("region", name="Problemer").get_by_role("article", name="Affald")
    expect(waste.locator(".badge").first).to_have_text("Under behandling")
    expect(waste).to_contain_text("Småjobs: oprydning på torvet hver morgen.")
    screenshot(page, "place-problem-being-addressed-phone")
    places["waste"].refresh_from_db()
    assert places["waste"].status == "being_addressed"


def test_a_consultant_sets_a_new_place_by_clicking_the_map(new_page, places):
    page = new_page(DESKTOP)
    page.route(TILES, lambda route: route.abort())
    log_in(page, "konsulent")
    page.goto("/places/new/")
    assert_accessible(page, "new place")
    page.locator("#id_name").fill("Kildeparken")
    page.locator("#id_kind").select_option(label="Park")
    page.locator("#id_city").fill("Aalborg")
    page.locator("#id_latitude").fill("57.041900")
    page.locator("#id_longitude").fill("9.912700")
    page.locator("#id_longitude").dispatch_event("change")
    picker = page.get_by_role("region", name="Kort: klik for at sætte punktet")
    box = picker.bounding_box()
    picker.click(position={"x": box["width"] / 2 + 40, "y": box["height"] / 2})
    latitude = page.locator("#id_latitude").input_value()
    longitude = page.locator("#id_longitude").input_value()
    assert longitude != "9.912700", "clicking the map should move the point"
    assert latitude.startswith("57.04") and longitude.startswith("9.91")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", name="Kildeparken", level=1)).to_be_visible()
    assert_accessible(page, "new place page")


def test_the_places_list_works_without_javascript(browser, live_server, places):
    context = browser.new_context(
        viewport=PHONE, locale="da-DK", base_url=live_server.url, java_script_enabled=False
    )
    try:
        page = context.new_page()
        log_in(page, "konsulent")
        page.goto("/places/")
        fallback = page.get_by_text("Kortet kræver JavaScript. Listen viser alle steder.")
        expect(fallback).to_be_visible()
        page.get_by_role("region", name="2 steder").get_by_role(
            "link", name="Klostertorvet"
        ).click()
        expect(page.get_by_role("heading", name="Klostertorvet", level=1)).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_places_pages_meet_wcag_aa(new_page, places, viewport):
    from tests.places.factories import ProblemNoteFactory, UsagePatternFactory

    place = places["klostertorvet"]
    UsagePatternFactory(place=place)
    ProblemNoteFactory(problem=places["waste"], status="being_addressed")
    ProblemFactory(place=place, status="resolved", resolved_on="2024-05-01")
    page = new_page(viewport)
    page.route(TILES, lambda route: route.abort())
    log_in(page, "konsulent")
    pages = {
        "places-filtered": "/places/?city=Aarhus&open_problems=yes",
        "place": place.get_absolute_url(),
        "place-edit": f"/places/{place.pk}/edit/",
        "place-usage": f"/places/{place.pk}/usage/",
        "problem-new": f"/places/{place.pk}/problems/new/",
        "problem-edit": f"/places/problems/{places['waste'].pk}/edit/",
        "problem-status": f"/places/problems/{places['waste'].pk}/status/",
    }
    for name, url in pages.items():
        page.goto(url)
        assert_accessible(page, name)
        _no_sideways_scroll(page, f"{name} at {viewport['width']}px")
        screenshot(page, f"a11y-{name}-{viewport['width']}")
