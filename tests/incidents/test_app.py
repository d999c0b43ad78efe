"""The caretaker's phone as an installable app: manifest, service worker, the pages it may
keep (and those it may not), the session check the queue makes, compression and the icons."""

import gzip
import json
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from byrum.icons import ICONS
from incidents.app import SHELL_HEADER, shell_pages
from incidents.models import CATEGORY_ICONS
from tests.budgets import REQUEST_OVERHEAD

from .conftest import queries
from .factories import IncidentFactory

NEW = reverse("incidents:new")
OFFLINE = reverse("incidents:offline")
SESSION = reverse("incidents:app_session")


def test_the_manifest_installs_the_report_form_in_danish(clients):
    response = clients.anonymous.get(reverse("manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Byrum – indberetninger"
    assert (manifest["start_url"], manifest["display"], manifest["lang"]) == (
        NEW,
        "standalone",
        "da",
    )
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL)), icon["src"]


def test_the_worker_precaches_the_shell_and_is_versioned_by_its_files(clients):
    response = clients.anonymous.get(reverse("service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-store" not in response["Cache-Control"]
    body = response.content.decode()
    config = json.loads(re.match(r"self\.BYRUM = (\{.*\});\n", body).group(1))
    assert config["pages"] == shell_pages() == [NEW, reverse("incidents:smalljob_new"), OFFLINE]
    assert "/static/css/incidents.css" in config["static"]
    assert "/static/img/icons.svg" in config["static"]
    assert re.fullmatch(r"[0-9a-f]{12}", config["version"])
    assert (
        'importScripts("/static/js/app-routes.js", "/static/js/queue-core.js", "/static/js/sw.js")'
        in body
    )
    # The pages it precaches must be the ones that say they may be kept.
    assert config["shellHeader"] == SHELL_HEADER


def test_the_forms_and_the_offline_page_may_be_kept_on_the_phone(clients, caretaker_world):
    for url in shell_pages():
        response = clients.caretaker.get(url)
        assert response.status_code == 200
        assert response[SHELL_HEADER] == "1", url


def test_pages_with_what_the_server_knows_are_not_kept(clients, caretaker_world):
    mine = clients.caretaker.get(reverse("incidents:mine"))
    assert SHELL_HEADER not in mine
    # A form drawn again with errors is not the shell either.
    refused = clients.caretaker.post(NEW, {"client_uuid": str(uuid.uuid4())})
    assert refused.status_code == 400
    assert SHELL_HEADER not in refused


def test_the_offline_page_shows_nothing_from_the_server(clients, caretaker_world, places):
    IncidentFactory(
        place=places.klostertorvet,
        reported_by=caretaker_world.caretaker,
        description="Hemmelig beskrivelse",
    )
    html = clients.caretaker.get(OFFLINE).content.decode()
    assert "Hemmelig beskrivelse" not in html
    assert "data-queue-list" in html
    # session, the page itself: nothing but the request's overhead
    assert queries(clients.caretaker, OFFLINE) <= REQUEST_OVERHEAD


def test_the_session_check_gives_the_user_and_a_csrf_token(clients, people):
    answer = clients.caretaker.get(SESSION).json()
    assert answer["user"] == people.users["caretaker"].pk
    assert len(answer["csrf"]) == 64
    assert clients.caretaker.get(SESSION)["Cache-Control"].startswith("max-age=0")
    # An ended session: the login redirect, which the queue recognises.
    response = clients.anonymous.get(SESSION)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_refused_small_job_names_its_field_as_posted(clients, caretaker_world, places):
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    response = clients.caretaker.post(
        reverse("incidents:smalljob_new"),
        {
            "job-client_uuid": str(uuid.uuid4()),
            "job-place": places.klostertorvet.pk,
            "job-task": "cleaning",
            "job-date": tomorrow.isoformat(),
            "job-participants": "2",
            "job-hours": "1",
        },
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"job-date": ["Datoen kan ikke ligge i fremtiden."]}


def test_pages_are_compressed(clients, caretaker_world):
    response = clients.caretaker.get(NEW, headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert b"Send indberetning" in gzip.decompress(response.content)


def test_logout_clears_the_caches_and_the_queue_on_the_phone(clients):
    response = clients.caretaker.post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_a_favicon_answers(clients):
    response = clients.anonymous.get("/favicon.ico")
    assert (response.status_code, response["Content-Type"]) == (200, "image/x-icon")


def test_every_icon_drawn_is_in_the_sprite_and_the_icon_font_is_gone():
    base = Path(settings.BASE_DIR)
    sprite = (base / "static" / "img" / "icons.svg").read_text()
    in_sprite = set(re.findall(r'<symbol id="([a-z0-9-]+)"', sprite))
    assert in_sprite == set(ICONS)
    used = set(CATEGORY_ICONS.values()) | {"circle"}
    for template in base.glob("*/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        used |= set(re.findall(r'\{% icon "([a-z0-9-]+)" %\}', text))
        assert 'class="bi ' not in text, f"{template}: an icon-font icon"
    for template in (base / "templates").glob("**/*.html"):
        used |= set(re.findall(r'\{% icon "([a-z0-9-]+)" %\}', template.read_text()))
    assert used <= in_sprite, used - in_sprite
    assert not (base / "static" / "vendor" / "bootstrap-icons").exists()
