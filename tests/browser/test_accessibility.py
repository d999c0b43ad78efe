"""WCAG 2.1 AA on the foundation's pages, judged by axe-core, at phone and desktop width."""

import pytest
from playwright.sync_api import expect

from byrum import roles
from tests.actionplan.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, log_in, screenshot


@pytest.fixture
def governance(transactional_db):
    consultant = UserFactory(username="konsulent", password="pw", roles=[roles.CONSULTANT])
    steering = GroupFactory(name="Styregruppen", kind="steering")
    working = GroupFactory(name="Arbejdsgruppen", kind="working", parent=steering)
    police = OrganisationFactory(name="Nordjyllands Politi", kind="police")
    person = PersonFactory(name="Anne Mølgaard", organisation=police, user=consultant)
    MembershipFactory(person=person, group=steering, role="chair")
    MembershipFactory(group=working)
    return {"group": steering, "person": person, "organisation": police}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_foundation_pages_meet_wcag_aa(new_page, governance, viewport):
    page = new_page(viewport)
    page.goto("/accounts/login/")
    assert_accessible(page, "login")
    log_in(page, "konsulent")
    pages = {
        "home": "/",
        "groups": "/groups/",
        "group": governance["group"].get_absolute_url(),
        "group-past": governance["group"].get_absolute_url() + "?past=1",
        "person": governance["person"].get_absolute_url(),
        "organisations": "/organisations/",
        "organisation": governance["organisation"].get_absolute_url(),
        "organisation-new": "/organisations/new/",
        "member-add": f"/groups/{governance['group'].pk}/members/add/",
        "password": "/accounts/password_change/",
    }
    for name, url in pages.items():
        page.goto(url)
        assert_accessible(page, name)
        # Nothing may be wider than the screen: no sideways scrolling on a phone.
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {viewport['width']}px"
        screenshot(page, f"a11y-{name}-{viewport['width']}")


def test_the_menu_works_on_a_phone(new_page, governance):
    page = new_page(PHONE)
    log_in(page, "konsulent")
    nav = page.get_by_role("navigation", name="Hovednavigation")
    menu = nav.get_by_role("button", name="Vis menu")
    groups_link = nav.get_by_role("link", name="Grupper", exact=True)
    expect(menu).to_be_visible()
    expect(groups_link).to_be_hidden()
    menu.click()
    expect(groups_link).to_be_visible()
    groups_link.click()
    page.wait_for_url("**/groups/")
    expect(page.get_by_role("heading", name="Grupper", level=1)).to_be_visible()
