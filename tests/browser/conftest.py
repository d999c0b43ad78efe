"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against a live server.

Never ``playwright install``: it downloads a browser, which this machine cannot. Each journey
saves screenshots to the git-ignored test-artifacts/screenshots/.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it (creating users, checking results) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Let context.route() see the service worker's own requests, so a journey can cut the
# network for the worker too (BrowserContext.set_offline alone does not reach it).
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _patient_expect():
    # expect() waits 5 s by default; CI's two cores run two workers, each with a browser
    # and a live server, so give the assertions the same patience as the actions.
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)


_patient_expect()
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 740}
TABLET = {"width": 820, "height": 1180}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _live_database(transactional_db):
    """The live server needs committed data, so journeys run in transactional tests, whose
    flush also removes what migrations created: bring the roles back. (Serialized rollback
    does not help here: Playwright's greenlets see other database connection objects.)"""
    from byrum.roles import sync_roles

    sync_roles()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: install Debian's chromium package (python3 dev.py test does)."
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """When a journey fails, say where each of its pages was and keep a picture of it
    (test-artifacts/screenshots/failed-*.png): a timeout alone does not tell which page the
    browser was on."""
    report = yield
    if report.when == "call" and report.failed:
        for number, context in enumerate(getattr(item, "byrum_contexts", [])):
            for page in context.pages:
                try:
                    where = f"{page.url} ({page.title()!r})"
                    name = f"failed-{item.name}-{number}.png"
                    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
                except Exception as error:  # the page may be gone: report what is known
                    where = f"{page.url} (no picture: {error})"
                report.sections.append(("browser page", where))
    return report


@pytest.fixture
def new_page(browser, live_server, request):
    """Open pages at a viewport size; ``new_page(PHONE)`` for the caretaker's phone.

    Every journey also checks the Content-Security-Policy: a page that needs an inline
    script, inline event handler or a resource from elsewhere fails the test."""
    contexts = []
    request.node.byrum_contexts = contexts
    violations = []

    def watch(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{message.page.url if message.page else ''}: {message.text}")

    def make(viewport=DESKTOP, locale="da-DK", **options):
        # Reduced motion: Bootstrap then skips its transitions, so a click never lands on
        # a menu still sliding open and axe never measures a colour half-way through a fade.
        context = browser.new_context(
            viewport=viewport,
            locale=locale,
            base_url=live_server.url,
            reduced_motion="reduce",
            **options,
        )
        # Generous: CI's two cores run two workers, each with a browser and a live server.
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", watch)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_in(page, username, password="pw"):
    """Log in through the login form, and give the two-factor code when Byrum asks for it
    (administrators and consultants: the user gets an authenticator device first)."""
    from django.contrib.auth import get_user_model

    from byrum.security import requires_two_factor
    from tests.two_factor import current_code, device_for

    user = get_user_model().objects.get(username=username)
    device = device_for(user) if requires_two_factor(user) else None
    page.goto("/accounts/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    # Wait for the answer to each POST: a page.goto() right after a click could otherwise
    # cancel the login's navigation on a busy machine and land on the login page again.
    with page.expect_navigation():
        page.get_by_role("button", name="Log ind").click()
    if device is not None:
        page.get_by_role("textbox", name="Kode").fill(current_code(device))
        with page.expect_navigation():
            page.get_by_role("button", name="Bekræft").click()


AXE = Path(__file__).parent / "vendor" / "axe.min.js"  # axe-core 4.14.1 from the npm registry


def assert_accessible(page, name=""):
    """Run axe-core in the page and fail on any WCAG 2.0/2.1 A or AA violation."""
    # Evaluated through DevTools rather than added as a <script>: the page's CSP refuses
    # inline scripts, as it should.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    # Let CSS transitions settle first: a tile fading from checked to unchecked after a
    # report is sent has, mid-fade, colours that fail the contrast check.
    # At most 5 s: a paused animation (or one in a hidden element) never finishes, and an
    # evaluate has no timeout of its own, so waiting for it could hang the suite.
    page.evaluate(
        """async () => await Promise.race([
            Promise.all(document.getAnimations()
                .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
                .map(a => a.finished.catch(() => null))),
            new Promise(resolve => setTimeout(resolve, 5000))])"""
    )
    result = page.evaluate(
        """async () => await Promise.race([
            axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
            }),
            new Promise(resolve => setTimeout(() => resolve(null), 120000))])"""
    )
    assert result is not None, f"axe-core did not finish on {name or page.url} in 120 s"
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not problems, f"WCAG violations on {name or page.url}:\n" + "\n".join(problems)


def type_and_pick(page, label, typed, option):
    """A type-to-find field (static/js/type-to-find.js): type the beginning of a name into
    the field labelled ``label``, wait for the server's suggestion ``option``, and pick it with
    the keyboard (arrow keys to it, Enter)."""
    box = page.get_by_role("combobox", name=label).first
    box.click()
    box.press_sequentially(typed, delay=40)
    choice = page.get_by_role("option", name=option).first  # a person: "Name (Organisation)"
    choice.wait_for()
    for _step in range(20):
        if "active" in (choice.get_attribute("class") or ""):
            break
        box.press("ArrowDown")
    box.press("Enter")
