"""Journey: a consultant exports more incidents than Byrum writes while the browser waits:
the export link offers a background job, the progress page follows it without being
reloaded, and the file is fetched from it when it is ready."""

from playwright.sync_api import expect

from byrum import roles
from incidents import background_exports
from incidents.models import IncidentExport
from tests.actionplan.factories import UserFactory
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.incidents.factories import IncidentFactory, PlaceFactory
from tests.jobs import clear_jobs


def test_a_consultant_gets_a_large_export_from_the_background(new_page, settings):
    settings.INCIDENT_EXPORT_BACKGROUND_ROWS = 2
    UserFactory(username="konsulent", password="pw", roles=[roles.CONSULTANT])
    IncidentFactory.create_batch(3, place=PlaceFactory(name="Klostertorvet", city="Aarhus"))
    clear_jobs()
    try:
        page = new_page()
        log_in(page, "konsulent")
        page.goto("/incidents/")
        page.get_by_role("link", name="Hent CSV").click()
        expect(page.get_by_role("heading", name="En stor eksport")).to_be_visible()
        assert_accessible(page, "large export")
        page.get_by_role("button", name="Skriv CSV-filen i baggrunden").click()

        expect(page.get_by_role("status")).to_have_text("Venter på at gå i gang.")
        assert_accessible(page, "export progress")
        # What the worker does (run here: an in-process worker cannot start beside
        # Playwright's event loop). The page sees it by itself, without a reload.
        export = IncidentExport.objects.get()
        background_exports.write(export_id=export.pk, municipality_id=export.municipality_id)
        expect(page.get_by_role("status")).to_have_text("Klar: 3 hændelser.")
        link = page.get_by_role("link", name="Hent filen")
        expect(link).to_be_visible()
        screenshot(page, "large-export-ready")
        with page.expect_download() as download_info:
            link.click()
        content = open(download_info.value.path(), encoding="utf-8-sig").read().splitlines()
        assert content[0].startswith("ID;Tidspunkt;Sted") and len(content) == 4
    finally:
        clear_jobs()
