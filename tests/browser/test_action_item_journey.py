"""Journey: a local group member sees an overdue item on their phone's home page and marks it
done in one tap; it leaves their list of open items."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from actionplan.models import ActionItem
from byrum import roles
from tests.actionplan.factories import (
    ActionItemFactory,
    GroupFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from tests.browser.conftest import PHONE, assert_accessible, log_in, screenshot


def test_local_member_marks_an_overdue_item_done_on_the_phone(new_page, transactional_db):
    user = UserFactory(username="lokal", password="pw", roles=[roles.MEMBER])
    person = PersonFactory(name="Peter Dahl", user=user)
    group = GroupFactory(name="Lokal gruppe Arkivhaven og Vor Frue", kind="local")
    MembershipFactory(person=person, group=group)
    late = ActionItemFactory(
        title="Saml beboernes input til Arkivhaven",
        responsible_person=person,
        group=group,
        due=timezone.localdate() - datetime.timedelta(days=2),
    )
    ActionItemFactory(title="Gruppens anden opgave", group=group)

    page = new_page(PHONE)
    log_in(page, "lokal")
    mine = page.locator("section[aria-labelledby='my-action-items']")
    item = mine.locator(".action-item", has_text=late.title)
    expect(item).to_have_class(re.compile(r"\bis-overdue\b"))
    expect(item).to_contain_text("Overskredet")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, "home with my action items")
    screenshot(page, "home-my-action-items-phone")

    item.get_by_role("button", name="Markér som udført").click()
    expect(page.locator(".alert-success")).to_contain_text("Markeret som udført")
    expect(mine).to_contain_text("Du har ingen åbne opgaver.")
    late.refresh_from_db()
    assert late.status == ActionItem.Status.DONE

    page.goto("/actions/")
    expect(page.locator(".action-item", has_text="Gruppens anden opgave")).to_have_count(1)
    expect(
        page.locator(".action-item", has_text="Gruppens anden opgave").get_by_role("button")
    ).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, "action list on the phone")
    screenshot(page, "action-list-phone")
