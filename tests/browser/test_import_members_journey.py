"""Journey: a consultant brings the steering group's member list from Excel into Byrum:
uploads it, reads the preview, fixes the refused row in the sheet, uploads it again and
confirms; the members are on the group's page. And a large list, which jobs check and
import while its page follows them."""

import io
import re
import threading

from openpyxl import Workbook
from playwright.sync_api import expect

from byrum import roles
from governance.models import Membership
from tests.actionplan.factories import GroupFactory, OrganisationFactory, UserFactory
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.imports.helpers import member_rows
from tests.jobs import clear_jobs, run_jobs

HEADERS = ["Gruppe", "Navn", "Organisation", "Titel", "E-mail", "Telefon", "Rolle", "Startdato"]


def _sheet(tmp_path, name, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    stream = io.BytesIO()
    book.save(stream)
    path.write_bytes(stream.getvalue())
    return path


def test_a_consultant_imports_a_members_sheet(new_page, tmp_path):
    UserFactory(username="konsulent", password="pw", roles=[roles.CONSULTANT])
    group = GroupFactory(name="Styregruppen", kind="steering")
    OrganisationFactory(name="Kirkens Korshær", kind="ngo")
    good = [
        "Styregruppen",
        "Mette Holm",
        "Kirkens Korshær",
        "Leder",
        "mette@example.dk",
        "",
        "Formand",
        "01.02.2026",
    ]
    typo = [
        "Styregruppen",
        "Jens Dam",
        "Kirkens Korshaer",
        "",
        "jens@example.dk",
        "",
        "Medlem",
        "01.02.2026",
    ]

    page = new_page()
    log_in(page, "konsulent")
    page.goto("/import/")
    page.get_by_label("Hvad arket indeholder").select_option("members")
    page.get_by_label("Regneark").set_input_files(_sheet(tmp_path, "medlemmer.xlsx", [good, typo]))
    page.get_by_role("button", name="Læs arket").click()

    refused = page.locator("section[aria-labelledby='refused-heading']")
    expect(refused).to_contain_text(
        "Række 3: Organisation: ukendt organisation 'Kirkens Korshaer' – mente du "
        "'Kirkens Korshær'?"
    )
    assert_accessible(page, "import-preview")
    screenshot(page, "import-preview-with-a-refused-row")

    # Fix the row in the sheet and upload it again from the preview page.
    typo[2] = "Kirkens Korshær"
    page.get_by_label("Regneark").set_input_files(
        _sheet(tmp_path, "medlemmer-rettet.xlsx", [good, typo])
    )
    page.get_by_role("button", name="Læs arket").click()
    expect(page.locator("section[aria-labelledby='refused-heading']")).to_have_count(0)
    page.get_by_role("button", name="Bekræft indlæsningen").click()
    expect(page.get_by_text("Indlæst: 2 oprettet, 0 opdateret, 0 uændrede.")).to_be_visible()

    page.goto(group.get_absolute_url())
    members = page.locator("section[aria-labelledby='members-heading']")
    expect(members).to_contain_text("Mette Holm")
    expect(members).to_contain_text("Jens Dam")
    screenshot(page, "group-page-after-import")


def _run_jobs_beside_the_browser():
    """A procrastinate worker runs asyncio.run, which cannot start in the thread where
    Playwright's event loop runs: the jobs run in a thread of their own."""
    errors = []

    def work():
        from django.db import connections

        try:
            run_jobs()
        except BaseException as error:  # noqa: BLE001 - reported in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive() and not errors, errors


def test_a_large_members_sheet_is_checked_and_imported_while_its_page_follows(
    new_page, tmp_path, settings
):
    settings.IMPORTS_BACKGROUND_ROWS = 20
    clear_jobs()
    UserFactory(username="konsulent", password="pw", roles=[roles.CONSULTANT])
    group = GroupFactory(name="Styregruppen", kind="steering")
    OrganisationFactory(name="Kirkens Korshær", kind="ngo")
    rows = member_rows(40, groups=["Styregruppen"], organisation="Kirkens Korshær")

    page = new_page()
    log_in(page, "konsulent")
    page.goto("/import/")
    page.get_by_label("Hvad arket indeholder").select_option("members")
    page.get_by_label("Regneark").set_input_files(_sheet(tmp_path, "alle-medlemmer.xlsx", rows))
    page.get_by_role("button", name="Læs arket").click()

    # The check waits for a worker; the page says so and asks how far it has come.
    expect(page.get_by_role("heading", name="Arket bliver tjekket")).to_be_visible()
    expect(page.locator("[data-import-text]")).to_have_text("Læser arket …")
    assert_accessible(page, "import-progress")
    screenshot(page, "import-large-sheet-being-checked")
    _run_jobs_beside_the_browser()
    # The poll sees the job done and loads the page again: the preview.
    confirm = page.get_by_role("button", name="Bekræft indlæsningen")
    expect(confirm).to_be_visible()
    expect(page.get_by_text("Intet er gemt endnu")).to_be_visible()

    confirm.click()
    expect(page.get_by_role("heading", name="Arket bliver indlæst")).to_be_visible()
    expect(page.locator("[data-import-text]")).to_have_text("Indlæst 0 af 40 rækker")
    _run_jobs_beside_the_browser()
    expect(page.get_by_text(re.compile(r"^Indlæst \d\d\.\d\d\.\d{4}"))).to_be_visible()
    expect(page.get_by_role("button", name="Bekræft indlæsningen")).to_have_count(0)
    assert Membership.objects.filter(group=group).count() == 40
    clear_jobs()
