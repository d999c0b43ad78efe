"""Journey on a phone: a social caretaker records a finding during the safety walk with the
phone's position and a photo, and the consultant completes the walk."""

import datetime
import io
from decimal import Decimal

from PIL import Image
from playwright.sync_api import expect

from byrum import roles
from meetings.models import Finding
from tests.actionplan.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.browser.conftest import PHONE, assert_accessible, log_in, screenshot, type_and_pick
from tests.meetings.factories import PlaceFactory, SafetyWalkFactory


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "orange").save(buffer, "JPEG")
    return buffer.getvalue()


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_caretaker_records_a_finding_on_the_phone(new_page, transactional_db):
    caretaker = UserFactory(username="kasper", password="pw", roles=[roles.CARETAKER])
    group = GroupFactory(name="Lokal gruppe Arkivhaven", kind="local")
    MembershipFactory(person=PersonFactory(name="Kasper Holm", user=caretaker), group=group)
    OrganisationFactory(name="By- og Landskabsforvaltningen")
    place = PlaceFactory(
        name="Arkivpladsen", latitude=Decimal("57.0476"), longitude=Decimal("9.9206")
    )
    walk = SafetyWalkFactory(
        group=group, place=place, title="Tryghedsvandring Arkivpladsen", date=datetime.date.today()
    )

    page = new_page(PHONE)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 57.047712, "longitude": 9.920811, "accuracy": 8})
    log_in(page, "kasper")
    page.goto(walk.get_absolute_url())
    _no_sideways_scroll(page)
    assert_accessible(page, "walk on phone")
    page.get_by_role("link", name="Registrér et fund").click()

    # Saving without a spot is refused in Danish, and the input stays
    page.get_by_label("Hvad skaber utryghed").select_option(label="Defekt lampe")
    page.get_by_label("Beskrivelse").fill("Lampen ved trappen er gået")
    type_and_pick(page, "Ansvarlig organisation", "landskab", "By- og Landskabsforvaltningen")
    page.get_by_role("button", name="Gem fund").click()
    expect(page.get_by_text("Angiv det præcise sted")).to_be_visible()
    expect(page.get_by_label("Beskrivelse")).to_have_value("Lampen ved trappen er gået")
    _no_sideways_scroll(page)
    assert_accessible(page, "finding form with error")

    page.get_by_role("button", name="Brug min position").click()
    expect(page.get_by_label("Breddegrad")).to_have_value("57.047712")
    expect(page.get_by_label("Længdegrad")).to_have_value("9.920811")
    page.get_by_label("Foto").set_input_files(
        {"name": "lampe.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}
    )
    screenshot(page, "finding-on-phone")
    page.get_by_role("button", name="Gem fund").click()
    expect(page.locator(".alert-success")).to_contain_text("Fundet er registreret")

    finding = Finding.objects.get()
    assert finding.latitude == Decimal("57.047712")
    assert finding.photo
    assert finding.action_item.title == "Defekt lampe: Arkivpladsen"

    page.goto(walk.get_absolute_url())
    expect(page.locator(f"#finding-{finding.pk}")).to_contain_text("Defekt lampe: Arkivpladsen")
    _no_sideways_scroll(page)
