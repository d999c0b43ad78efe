"""Journey: the administrator adds a person to the steering group in Django admin, and the
person appears on the group's page in the app."""

import re

from playwright.sync_api import expect

from tests.actionplan.factories import GroupFactory, PersonFactory, UserFactory
from tests.browser.conftest import log_in, screenshot


def test_admin_adds_a_person_to_the_steering_group(new_page, transactional_db):
    UserFactory(username="admin", password="pw", is_staff=True, is_superuser=True)
    group = GroupFactory(name="Styregruppen", kind="steering")
    PersonFactory(name="Rikke Nørregaard", title="Vicepolitiinspektør")

    page = new_page()
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))  # one login page, with 2FA
    log_in(page, "admin")

    page.goto(f"/admin/governance/group/{group.pk}/change/")
    expect(page).to_have_url(re.compile(rf"/admin/governance/group/{group.pk}/change/$"))
    row = page.locator("#memberships-0")
    # The admin's scripts turn the field into select2 once loaded: slow on a busy machine.
    expect(row.locator(".select2-selection").first).to_be_visible(timeout=60_000)
    # The person field is an autocomplete (select2): open it, search, pick.
    row.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill("Rikke")
    page.locator(".select2-results__option", has_text="Rikke Nørregaard").click()
    expect(row.locator(".select2-selection__rendered").first).to_contain_text("Rikke Nørregaard")
    row.locator("select[name$='-role']").select_option("member")
    screenshot(page, "admin-adds-member")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)

    page.goto(group.get_absolute_url())
    members = page.locator("section[aria-labelledby='members-heading']")
    expect(members).to_contain_text("Rikke Nørregaard")
    screenshot(page, "group-page-with-new-member")
