"""Journey: a consultant adds an initiative at Klostertorvet and moves it to in progress;
the steering-group member then sees it on the plan page."""

import datetime
import re

from playwright.sync_api import expect

from actionplan.models import Initiative
from byrum import roles
from tests.actionplan.factories import (
    ActionItemFactory,
    ActionPlanFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    TimelineActivityFactory,
    UserFactory,
)
from tests.browser.conftest import TABLET, assert_accessible, log_in, screenshot, type_and_pick


def test_consultant_adds_initiative_and_steering_member_sees_it(new_page, transactional_db):
    consultant = UserFactory(username="konsulent", password="pw", roles=[roles.CONSULTANT])
    steering = UserFactory(username="styregruppe", password="pw", roles=[roles.STEERING])
    PersonFactory(name="Sofie Lindberg", user=consultant)
    PersonFactory(name="Anne Mølgaard", user=steering)
    plan = ActionPlanFactory(
        title="Handlingsplan for Klostertorvsområdet",
        budget=1_800_000,
    )
    PlaceFactory(name="Klostertorvet", city="Aarhus", latitude="56.158900", longitude="10.208900")
    OrganisationFactory(name="Kirkens Korshær", kind="ngo")

    page = new_page()
    log_in(page, "konsulent")
    page.goto("/initiatives/")
    assert_accessible(page, "initiative list")
    page.get_by_role("link", name="Ny indsats").click()
    assert_accessible(page, "new initiative form")

    page.get_by_label("Handleplan").select_option(label=plan.title)
    page.get_by_label("Titel").fill("Småjobs på Klostertorvet")
    page.get_by_label("Type").select_option(label="Småjobs")
    type_and_pick(page, "Steder", "klost", "Klostertorvet (Aarhus)")
    type_and_pick(page, "Ansvarlig organisation", "korsh", "Kirkens Korshær")
    page.get_by_label("Bevilget (kr.)").fill("150000")
    page.get_by_label("Forbrugt (kr.)").fill("0")
    screenshot(page, "initiative-form")
    page.get_by_role("button", name="Gem").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Småjobs på Klostertorvet")
    expect(page.locator("#initiative-status")).to_have_text("Idé")
    status = page.locator("section[aria-labelledby='status-heading']")
    status.get_by_label("Ny status").select_option(label="I gang")
    status.get_by_label("Hvad er der sket").fill("Første hold rydder op og vasker stole.")
    status.get_by_role("button", name="Gem opdatering").click()

    expect(page.locator("#initiative-status")).to_have_text("I gang")
    history = page.locator("#history")
    expect(history).to_contain_text("Første hold rydder op og vasker stole.")
    expect(history).to_contain_text("Oprettet som")
    assert_accessible(page, "initiative detail")
    screenshot(page, "initiative-in-progress")

    # The consultant's own view of the plan: edit links, a slipped activity, an overdue item.
    initiative = Initiative.objects.get(title="Småjobs på Klostertorvet")
    TimelineActivityFactory(plan=plan, month=datetime.date(2017, 5, 1), activity="Nyt toilet")
    ActionItemFactory(
        title="Find placering til hellested",
        initiative=initiative,
        source="initiative",
        due=datetime.date(2017, 6, 1),
    )
    page.goto(plan.get_absolute_url())
    expect(page.locator("#timeline")).to_contain_text("Forsinket (ikke meldt)")
    expect(page.locator("#action-items .is-overdue")).to_have_count(1)
    assert_accessible(page, "plan page for the consultant")
    screenshot(page, "plan-page-consultant")

    steering_page = new_page(TABLET)
    log_in(steering_page, "styregruppe")
    steering_page.goto("/plans/")
    steering_page.get_by_role("link", name=plan.title).click()
    initiatives = steering_page.locator("#initiatives")
    in_progress = initiatives.locator("h3", has_text="I gang")
    expect(in_progress).to_have_count(1)
    expect(initiatives).to_contain_text("Småjobs på Klostertorvet")
    expect(initiatives).to_contain_text("150.000 kr.")
    # The steering group reads; it does not edit.
    expect(steering_page.get_by_role("link", name="Redigér handleplan")).to_have_count(0)
    assert_accessible(steering_page, "plan page for the steering group")
    screenshot(steering_page, "plan-page-steering")

    steering_page.get_by_role("link", name=re.compile("Status til udskrift")).click()
    expect(steering_page.get_by_role("heading", level=1)).to_contain_text("Status for handleplanen")
    assert_accessible(steering_page, "printable plan status")
