"""The steering group's dashboard on a tablet, ten minutes before the meeting."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from byrum import roles
from tests.actionplan.factories import ActionPlanFactory, GoalFactory, UserFactory
from tests.browser.conftest import TABLET, assert_accessible, log_in, screenshot
from tests.incidents.factories import IncidentFactory, PlaceFactory


@pytest.fixture
def week(transactional_db):
    UserFactory(
        username="styregruppe",
        password="pw",
        first_name="Anne",
        last_name="Mølgaard-Kristensen",
        roles=[roles.STEERING],
    )
    reporter = UserFactory(username="vicevaert", roles=[roles.CARETAKER])
    today = timezone.localdate()
    plan = ActionPlanFactory(
        title="Handleplan for Klostertorvet",
        period_start=today - datetime.timedelta(days=90),
        period_end=today + datetime.timedelta(days=300),
    )
    GoalFactory(plan=plan, text="Færre konflikter på torvet")
    worst = PlaceFactory(name="Klostertorvet", city="Aarhus")
    calm = PlaceFactory(name="Arkivhaven", city="Aalborg")
    just_now = timezone.now() - datetime.timedelta(minutes=5)
    for minutes in range(3):
        IncidentFactory(
            place=worst,
            reported_by=reporter,
            occurred_at=just_now - datetime.timedelta(minutes=minutes),
        )
    IncidentFactory(place=calm, reported_by=reporter, occurred_at=just_now)
    # The plan's area: the figures count these places.
    plan.places.set([worst, calm])
    return worst


def test_the_steering_member_finds_the_worst_place_and_its_incidents(new_page, week):
    page = new_page(TABLET)
    log_in(page, "styregruppe")
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Handleplan for Klostertorvet")
    table = page.locator("#place-weeks")
    expect(table).to_be_visible()
    worst_row = table.locator("tbody tr").first
    expect(worst_row.get_by_role("rowheader")).to_have_text("Klostertorvet")
    assert_accessible(page, "dashboard")
    screenshot(page, "dashboard-tablet")

    worst_row.get_by_role("link", name="Klostertorvet").click()
    page.wait_for_url(f"**/incidents/?place={week.pk}&date_from=*")
    # the place filter is typed (byrum/suggest.py): its input holds the id, the box the name
    expect(page.locator("#id_place")).to_have_value(str(week.pk))
    expect(page.locator(".ts-control")).to_contain_text("Klostertorvet")
    expect(page.locator("#results-heading")).to_have_text("3 hændelser")
    results = page.locator("ul.list-group").first
    expect(results).to_contain_text("Klostertorvet")
    expect(results).not_to_contain_text("Arkivhaven")
    assert_accessible(page, "filtered incident list")
    screenshot(page, "dashboard-worst-place-incidents")

    # Back on the dashboard: the report for the city council, laid out for print.
    page.go_back()
    page.get_by_role("link", name="Rapport til byrådet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Statusrapport til byrådet")
    expect(page.get_by_role("heading", name="5. Udvikling i hændelser")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Udskriv")).to_be_hidden()
    page.emulate_media(media="screen")
    assert_accessible(page, "council report")
    screenshot(page, "dashboard-council-report")


@pytest.mark.parametrize("width", [375, 1200], ids=["phone", "narrow-desktop"])
def test_the_dashboard_and_report_fit_the_screen(new_page, week, width):
    """No sideways scrolling: neither the navigation (nine sections, the user's full name,
    the language choice) nor the charts' table alternatives may stick out."""
    page = new_page({"width": width, "height": 900})
    log_in(page, "styregruppe")
    for url in ("/", "/dashboard/", "/dashboard/report/"):
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px"
