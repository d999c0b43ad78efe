"""Journey: a consultant records the open house at Hjerterummet with the residents' inputs and
answers one; the plan page's involvement figures then match the lists they link to."""

from playwright.sync_api import expect

from byrum import roles
from tests.actionplan.factories import ActionPlanFactory, PersonFactory, UserFactory
from tests.browser.conftest import assert_accessible, log_in, screenshot


def test_an_open_house_with_inputs_and_an_answer_shows_in_the_plans_figures(
    new_page, transactional_db
):
    consultant = UserFactory(username="konsulent", password="pw", roles=[roles.CONSULTANT])
    PersonFactory(name="Sofie Lindberg", user=consultant)
    plan = ActionPlanFactory(title="Handleplan for socialt udsatte i byens rum og pladser")

    page = new_page()
    log_in(page, "konsulent")
    page.goto(plan.get_absolute_url())
    page.get_by_role("link", name="Registrér en inddragelsesaktivitet").click()
    page.locator("#id_kind").select_option(label="Åbent hus")
    page.locator("#id_title").fill("Åbent hus med æbleskiver i Hjerterummet")
    page.locator("#id_date").fill("2018-11-30")
    page.locator("#id_area").fill("Godsbanearealet")
    page.locator("#id_residents").fill("21")
    page.locator("#id_business_owners").fill("5")
    page.locator("#id_place_users").fill("26")
    page.get_by_role("button", name="Gem").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Åbent hus med æbleskiver i Hjerterummet"
    )
    for kind, text in [
        ("Forslag", "Beboerne vil selv stå for æbleskiverne næste gang."),
        ("Bekymring", "Cykler og affald spærrer fortovet foran caféen."),
    ]:
        form = page.locator("#inputs form")
        form.locator("#id_kind").select_option(label=kind)
        form.locator("#id_text").fill(text)
        form.get_by_role("button", name="Registrér input").click()
        expect(page.locator("#inputs")).to_contain_text(text)
    assert_accessible(page, "involvement activity")

    page.locator("#inputs li", has_text="Cykler og affald").locator("a.btn").click()
    page.locator("#id_outcome").select_option(label="Besvaret")
    page.locator("#id_answer").fill("Kommunen rydder fortovet hver mandag.")
    page.get_by_role("button", name="Gem svar").click()
    answered = page.locator("#inputs li", has_text="Cykler og affald")
    expect(answered.locator(".outcome")).to_have_text("Besvaret")
    expect(answered).to_contain_text("Kommunen rydder fortovet hver mandag.")
    screenshot(page, "involvement-answered")

    # The plan page's figures, each the same as the count on the list it links to.
    page.goto(plan.get_absolute_url() + "#involvement")
    expected = {"activities": 1, "inputs": 2, "answered": 1, "changed": 0}
    for key, count in expected.items():
        figure = page.locator(f'[data-figure-count="{key}"]')
        expect(figure).to_have_text(str(count))
    for key, count in expected.items():
        page.goto(plan.get_absolute_url())
        page.locator(f'[data-figure-link="{key}"]').click()
        expect(page.locator("#result-count")).to_have_attribute("data-count", str(count))
    assert_accessible(page, "input list")
