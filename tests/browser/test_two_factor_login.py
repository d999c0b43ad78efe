"""Journeys: a new colleague sets up an authenticator app from her invitation; the next login
asks for the code; the mail about her first action item leads her to it; the browser refuses
inline scripts (Content-Security-Policy). The mails come from a real SMTP server, sent by the
job workers."""

import base64
import re

from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from byrum import roles
from tests.actionplan.factories import UserFactory
from tests.browser.conftest import PHONE, assert_accessible, log_in, screenshot, type_and_pick
from tests.jobs import run_jobs_beside_a_loop, subject
from tests.two_factor import current_code


def _link(mail, pattern):
    return re.search(pattern, mail.get_body(("plain",)).get_content()).group(0)


def test_a_consultant_invites_a_new_colleague_who_sets_up_two_factor_login(
    new_page, live_server, smtp, settings
):
    """A consultant adds a new colleague and invites her; she opens the link from the mail on
    her phone, chooses a password and sets up the authenticator app in the same visit; the
    next login asks for the code. Then the consultant gives her an action item, and the link
    in the mail about it takes her there."""
    settings.SITE_URL = live_server.url  # the links in notification mails
    UserFactory(username="konsulent", password="pw", roles=[roles.CONSULTANT])
    page = new_page()
    log_in(page, "konsulent")
    page.goto("/people/new/")
    page.get_by_label("Navn").fill("Sofie Berg")
    page.get_by_label("E-mail").fill("sofie.berg@example.dk")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", name="Sofie Berg")).to_be_visible()
    page.get_by_role("link", name="Inviter til et login").click()
    page.get_by_label("Rolle").select_option(roles.CONSULTANT)
    page.get_by_role("button", name="Send invitationen").click()
    expect(page.get_by_text("En invitation er sendt til sofie.berg@example.dk")).to_be_visible()
    run_jobs_beside_a_loop()
    (invitation,) = smtp.to("sofie.berg@example.dk")
    assert subject(invitation) == "Dit login til Byrum"
    link = _link(invitation, r"https?://\S+/accounts/invitation/\S+/")

    phone = new_page(PHONE)
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Velkommen til Byrum")).to_be_visible()
    expect(phone.get_by_role("img", name="QR-kode til godkendelsesappen")).to_be_visible()
    screenshot(phone, "invitation-with-two-factor-setup")
    assert_accessible(phone, "invitation")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    secret = phone.locator("code").inner_text().replace(" ", "")
    key = base64.b32decode(secret)
    user = get_user_model().objects.get(username="sofie.berg@example.dk")
    device = TOTPDevice.objects.get(user=user)
    code = f"{totp(key, device.step, device.t0, device.digits, device.drift):06d}"
    phone.locator("#id_new_password1").fill("Byrum-er-for-alle-2026")
    phone.locator("#id_new_password2").fill("Byrum-er-for-alle-2026")
    phone.get_by_role("textbox", name="Kode*", exact=True).fill(code)
    phone.get_by_role("button", name="Tag Byrum i brug").click()
    expect(phone.get_by_text("Velkommen til Byrum. Dit login er klar.")).to_be_visible()

    # A new session, as on another day.
    phone.context.clear_cookies()
    phone.goto("/accounts/login/")
    phone.get_by_label("Brugernavn").fill("sofie.berg@example.dk")
    phone.get_by_label("Adgangskode").fill("Byrum-er-for-alle-2026")
    phone.get_by_role("button", name="Log ind").click()
    expect(phone.get_by_role("heading", name="Totrinslogin")).to_be_visible()
    assert_accessible(phone, "two-factor code")
    phone.get_by_role("textbox", name="Kode").fill("000000")
    phone.get_by_role("button", name="Bekræft").click()
    expect(phone.get_by_text("Koden er forkert eller udløbet")).to_be_visible()
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0)  # a moment later
    phone.get_by_role("textbox", name="Kode").fill(current_code(TOTPDevice.objects.get(user=user)))
    phone.get_by_role("button", name="Bekræft").click()
    expect(phone.get_by_role("link", name="Grupper")).to_be_attached()

    # Her first action item: the consultant assigns it; the next mail tells her, and its
    # link takes her (logged in on her phone) to the item.
    page.goto("/actions/new/")
    page.get_by_label("Hvad").fill("Tjek belysningen ved Arkivhaven")
    type_and_pick(page, "Ansvarlig person", "sofie", "Sofie Berg")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", name="Tjek belysningen ved Arkivhaven")).to_be_visible()
    run_jobs_beside_a_loop()
    _invitation, assigned = smtp.to("sofie.berg@example.dk")  # one mail more, no other
    assert subject(assigned) == "Ny opgave til dig: Tjek belysningen ved Arkivhaven"
    phone.goto(_link(assigned, rf"{re.escape(live_server.url)}/actions/\d+/"))
    expect(phone.get_by_role("heading", name="Tjek belysningen ved Arkivhaven")).to_be_visible()
    expect(phone.locator("main")).to_contain_text("Sofie Berg")
    screenshot(phone, "action-item-from-its-mail")


def test_the_browser_refuses_inline_scripts(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    refused = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    page.goto("/accounts/login/")
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.injected = true'; document.body.appendChild(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected === undefined")
    assert refused, "expected Chromium to report the refused inline script"
    context.close()
