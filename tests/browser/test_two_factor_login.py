"""Journeys: a consultant's first login sets up an authenticator app from the QR page; the
next login asks for the code; the browser refuses inline scripts (Content-Security-Policy)."""

import base64

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from byrum import roles
from tests.actionplan.factories import UserFactory
from tests.browser.conftest import PHONE, assert_accessible, screenshot
from tests.two_factor import current_code


def test_a_consultant_sets_up_two_factor_login_and_uses_it(new_page):
    user = UserFactory(username="sofie", password="pw", roles=[roles.CONSULTANT])
    page = new_page(PHONE)
    page.goto("/accounts/login/")
    page.get_by_label("Brugernavn").fill("sofie")
    page.get_by_label("Adgangskode").fill("pw")
    page.get_by_role("button", name="Log ind").click()

    expect(page.get_by_role("heading", name="Opsæt totrinslogin")).to_be_visible()
    expect(page.get_by_role("img", name="QR-kode til godkendelsesappen")).to_be_visible()
    screenshot(page, "two-factor-setup")
    assert_accessible(page, "two-factor setup")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    secret = page.locator("code").inner_text().replace(" ", "")
    key = base64.b32decode(secret)
    device = TOTPDevice.objects.get(user=user)
    code = f"{totp(key, device.step, device.t0, device.digits, device.drift):06d}"
    page.get_by_role("textbox", name="Kode").fill(code)
    page.get_by_role("button", name="Bekræft").click()
    expect(page.get_by_text("Totrinslogin er sat op.")).to_be_visible()

    # A new session, as on another day (logging out is covered by the incident journey).
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Brugernavn").fill("sofie")
    page.get_by_label("Adgangskode").fill("pw")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", name="Totrinslogin")).to_be_visible()
    assert_accessible(page, "two-factor code")
    screenshot(page, "two-factor-code")
    page.get_by_role("textbox", name="Kode").fill("000000")
    page.get_by_role("button", name="Bekræft").click()
    expect(page.get_by_text("Koden er forkert eller udløbet")).to_be_visible()
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0)  # a moment later
    page.get_by_role("textbox", name="Kode").fill(current_code(TOTPDevice.objects.get(user=user)))
    page.get_by_role("button", name="Bekræft").click()
    expect(page.get_by_role("link", name="Grupper")).to_be_attached()


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
