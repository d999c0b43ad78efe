"""The caretaker's phone as an installed app, in a persistent Chromium profile (so the
service worker, its caches and the IndexedDB queue survive closing the browser): it opens
with no network, keeps reports through a restart and an ended session and delivers each
exactly once, reopens a refused report to correct, and keeps nothing after logout."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from byrum import roles
from incidents.models import Incident
from tests.actionplan.factories import UserFactory
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    assert_accessible,
    log_in,
    screenshot,
)
from tests.incidents.factories import CaretakerPlaceFactory, PlaceFactory

SHELL = ["/incidents/new/", "/incidents/small-jobs/new/", "/incidents/offline/"]


@pytest.fixture
def caretaker(transactional_db):
    user = UserFactory(
        username="kasper",
        password="pw",
        first_name="Kasper",
        last_name="Holm",
        roles=[roles.CARETAKER],
    )
    for name in ("Karolinelunden", "Kildeparken"):
        CaretakerPlaceFactory(user=user, place=PlaceFactory(name=name, city="Aalborg"))
    PlaceFactory(name="Klostertorvet", city="Aarhus")
    return user


@pytest.fixture
def phone(browser, live_server, tmp_path):
    """Open the phone's browser on a profile kept on disk: ``phone()`` starts it (again)."""
    opened = []

    def start():
        for context in opened:
            context.close()
        opened.clear()
        context = browser.browser_type.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=PHONE,
            locale="da-DK",
            base_url=live_server.url,
            reduced_motion="reduce",
            service_workers="allow",
        )
        context.set_default_timeout(20_000)
        opened.append(context)
        return context

    yield start
    for context in opened:
        context.close()


def _no_network(route):
    route.abort("internetdisconnected")


def offline(context):
    """No network for the pages and for the service worker."""
    context.set_offline(True)
    context.route("**/*", _no_network)


def online(context):
    context.unroute("**/*", _no_network)
    context.set_offline(False)


def install(context):
    """Log in on the phone and wait until the worker keeps the app's pages."""
    page = context.pages[0] if context.pages else context.new_page()
    log_in(page, "kasper")
    page.goto("/incidents/new/")
    page.wait_for_function(
        """async (pages) => {
            const registration = await navigator.serviceWorker.ready;
            if (!registration.active || !navigator.serviceWorker.controller) { return false; }
            const kept = await caches.open("byrum-pages");
            for (const path of pages) { if (!(await kept.match(path))) { return false; } }
            if (!(await kept.match("/__byrum/owner"))) { return false; }
            return true;
        }""",
        arg=SHELL,
    )
    return page


def badge(page):
    return page.locator("[data-queue-badge]")


def all_sent(page):
    """The header has counted the phone's queue and found it empty."""
    expect(page.locator("[data-queue-badge][data-waiting='0']")).to_be_hidden(timeout=30_000)
    expect(page.locator("[data-queue-badge][data-waiting='0']")).to_have_count(1)


def report(page, category, description=""):
    form = page.locator("form[data-kind=incident]")
    form.get_by_text(category, exact=True).click()
    if description:
        form.get_by_label("Kort beskrivelse").fill(description)
    page.get_by_role("button", name="Send indberetning").click()


def test_the_app_opens_with_no_network_from_a_cold_start(phone, caretaker):
    context = phone()
    page = install(context)
    context = phone()  # the browser closed and opened again
    offline(context)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto("/incidents/new/")
    form = page.locator("form[data-kind=incident]")
    # The caretaker's places and the categories are there, with no network.
    expect(form.get_by_role("radio", name="Karolinelunden")).to_be_visible()
    expect(form.get_by_role("radio", name="Kildeparken")).to_be_visible()
    expect(form.get_by_role("radio", name="Beruselse")).to_be_visible()
    # "Karolinelunden" does not break mid-word at 375 px: one line in its tile.
    lines = page.evaluate(
        """() => {
            const label = [...document.querySelectorAll('.place-choice label')]
                .find((l) => l.textContent.includes('Karolinelunden'));
            const text = [...label.childNodes]
                .find((n) => n.nodeType === 3 && n.textContent.trim());
            const range = document.createRange();
            range.selectNodeContents(text);
            return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        }"""
    )
    assert lines == 1
    screenshot(page, "app-offline-report-form")
    report(page, "Affald", "Flasker ved bænkene")
    expect(badge(page)).to_have_text("1 venter på at blive sendt")
    assert_accessible(page, "report form offline")
    page.goto("/incidents/small-jobs/new/")
    expect(
        page.locator("form[data-kind=small_job]").get_by_role("radio", name="Karolinelunden")
    ).to_be_visible()
    # "My reports" holds what the server knows: offline it shows only the phone's queue.
    page.goto("/incidents/mine/")
    expect(
        page.get_by_role("heading", name="Indberetninger på denne telefon", level=1)
    ).to_be_visible()
    expect(page.locator("[data-queue-list] [data-state=waiting]")).to_contain_text("Affald")
    expect(badge(page)).to_have_text("1 venter på at blive sendt")
    screenshot(page, "app-offline-mine")
    # Nothing the server knows about incidents is kept: only the shell pages are cached.
    kept = page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                for (const request of await (await caches.open(name)).keys()) {
                    urls.push(new URL(request.url).pathname);
                }
            }
            return urls;
        }"""
    )
    pages = {url for url in kept if not url.startswith("/static/")} - {"/__byrum/owner"}
    assert pages == {*SHELL, "/manifest.webmanifest"}
    assert Incident.objects.count() == 0


def _five_offline(context):
    page = install(context)
    offline(context)
    for category in ["Affald", "Støj", "Trusler", "Hærværk", "Beruselse"]:
        report(page, category)
    expect(badge(page)).to_have_text("5 venter på at blive sendt")
    uuids = page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open("byrum-offline", 1);
            open.onsuccess = () => {
                const all = open.result.transaction("queue").objectStore("queue").getAll();
                all.onsuccess = () => {
                    open.result.close();
                    resolve(all.result.map((i) => i.uuid));
                };
            };
        })"""
    )
    assert len(set(uuids)) == 5
    assert Incident.objects.count() == 0
    return uuids


def test_five_reports_made_offline_arrive_once_after_a_restart(phone, caretaker):
    uuids = _five_offline(phone())
    context = phone()  # closed while offline, opened again with the network back
    page = context.pages[0] if context.pages else context.new_page()
    page.goto("/")  # the home page, not the report form, sends them
    all_sent(page)
    expect(page.get_by_role("heading", name="Velkommen, kasper")).to_be_visible()
    stored = sorted(str(u) for u in Incident.objects.values_list("client_uuid", flat=True))
    assert stored == sorted(uuids)
    assert sorted(Incident.objects.values_list("category", flat=True)) == sorted(
        ["waste", "noise", "threats", "damage", "intoxication"]
    )
    # Reloading and another restart send nothing twice.
    page.reload()
    context = phone()
    context.pages[0].goto("/incidents/mine/")
    expect(context.pages[0].get_by_role("heading", name="Mine indberetninger")).to_be_visible()
    assert Incident.objects.count() == 5


def test_the_session_ended_meanwhile_so_the_phone_asks_to_log_in_then_delivers(phone, caretaker):
    _five_offline(phone())
    Session.objects.all().delete()  # the session ended on the server while the phone was off
    context = phone()
    page = context.pages[0] if context.pages else context.new_page()
    page.goto("/")
    expect(page.locator("[data-login-queue]")).to_have_text(
        "5 indberetninger venter på denne telefon. Log ind for at sende dem."
    )
    assert Incident.objects.count() == 0
    screenshot(page, "app-login-to-send")
    page.get_by_label("Brugernavn").fill("kasper")
    page.get_by_label("Adgangskode").fill("pw")
    page.get_by_role("button", name="Log ind").click()
    all_sent(page)
    assert Incident.objects.count() == 5


def test_a_refused_report_opens_again_filled_in_to_correct_and_send(phone, caretaker):
    context = phone()
    page = install(context)
    offline(context)
    report(page, "Støj", "Musik fra højttaler hele natten")
    # The report waited on the phone for weeks: now the server refuses its time.
    old = (timezone.localtime() - datetime.timedelta(days=40)).strftime("%Y-%m-%dT%H:%M")
    page.evaluate(
        """(old) => new Promise((resolve) => {
            const open = indexedDB.open("byrum-offline", 1);
            open.onsuccess = () => {
                const store = open.result.transaction("queue", "readwrite").objectStore("queue");
                const all = store.getAll();
                all.onsuccess = () => {
                    const item = all.result[0];
                    item.fields = item.fields.map(([k, v]) => [k, k === "occurred_at" ? old : v]);
                    store.put(item).onsuccess = () => { open.result.close(); resolve(); };
                };
            };
        })""",
        old,
    )
    online(context)
    page.reload()
    failed = page.locator("[data-queue-list] [data-state=failed]")
    expect(failed).to_contain_text("En indberetning kan højst gå 31 dage tilbage.")
    assert Incident.objects.count() == 0
    failed.get_by_role("link", name="Ret og send igen").click()
    form = page.locator("form[data-kind=incident]")
    expect(form.locator("[data-form-message]")).to_contain_text("blev ikke modtaget")
    expect(form.get_by_label("Kort beskrivelse")).to_have_value("Musik fra højttaler hele natten")
    expect(form.get_by_role("radio", name="Støj")).to_be_checked()
    expect(form.locator(".invalid-feedback")).to_contain_text("højst gå 31 dage tilbage")
    screenshot(page, "app-refused-report-reopened")
    assert_accessible(page, "refused report reopened")
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    form.get_by_label("Hvornår").fill(now)
    page.get_by_role("button", name="Send indberetning").click()
    expect(page.locator("[data-queue-list] [data-state=sent]")).to_contain_text("Støj")
    expect(failed).to_have_count(0)
    incident = Incident.objects.get()
    assert (incident.category, incident.description) == ("noise", "Musik fra højttaler hele natten")


def test_the_form_says_the_limits_before_sending(phone, caretaker):
    context = phone()
    page = install(context)
    form = page.locator("form[data-kind=incident]")
    form.get_by_text("Støj", exact=True).click()
    form.get_by_label("Kort beskrivelse").fill("x" * 12_000)
    counter = page.locator("#id_description_count")
    expect(counter).to_contain_text("12000 af 500 tegn")
    expect(counter).to_contain_text("forkort teksten med 11500")
    page.get_by_role("button", name="Send indberetning").click()
    expect(badge(page)).to_be_hidden()
    assert page.evaluate("document.getElementById('id_description').validity.valid") is False
    # Dates in the future cannot be chosen.
    today = timezone.localdate()
    assert page.get_attribute("#id_job-date", "max") == today.isoformat()
    assert Incident.objects.count() == 0


def test_logging_out_clears_everything_on_the_phone(phone, caretaker):
    context = phone()
    page = install(context)
    offline(context)
    report(page, "Hærværk")
    expect(badge(page)).to_have_text("1 venter på at blive sendt")
    # The logout itself must reach the server, the queued report not.
    context.unroute("**/*", _no_network)
    context.set_offline(False)
    context.route("**/incidents/new/", _no_network)
    page.get_by_role("button", name="Vis menu").click()
    page.get_by_role("button", name="Kasper Holm").click()
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url("**/accounts/login/**")
    left = page.evaluate(
        """async () => ({
            caches: (await caches.keys()).length,
            workers: (await navigator.serviceWorker.getRegistrations()).length,
            databases: (await indexedDB.databases()).map((d) => d.name),
        })"""
    )
    assert left == {"caches": 0, "workers": 0, "databases": []}
    expect(page.locator("[data-login-queue]")).to_be_hidden()
    assert Incident.objects.count() == 0


def test_background_sync_delivers_with_no_byrum_page_open(phone, caretaker, live_server):
    context = phone()
    page = install(context)
    offline(context)
    report(page, "Affald")
    report(page, "Støj")
    expect(badge(page)).to_have_text("2 venter på at blive sendt")
    page.goto("about:blank")  # no Byrum page is open any more
    online(context)
    # What Chromium does when the connection returns: the worker's "sync" event.
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    page.wait_for_timeout(500)
    registration = next(r for r in registrations if not r["isDeleted"])
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": live_server.url,
            "registrationId": registration["registrationId"],
            "tag": "byrum-queue",
            "lastChance": False,
        },
    )
    for _ in range(60):
        if Incident.objects.count() == 2:
            break
        page.wait_for_timeout(250)
    assert sorted(Incident.objects.values_list("category", flat=True)) == ["noise", "waste"]
