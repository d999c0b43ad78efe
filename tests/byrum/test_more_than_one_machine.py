"""More than one machine: a request may land on any web server, a job on any worker. What
one leaves for the next is in PostgreSQL or the media storage, never in one process's memory
or on one machine's disk (README, "Scaling"; media on the object store: the tests named
*_on_object_storage)."""

import re
from pathlib import Path

import environ
import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from config.settings.base import media_storage

ROOT = Path(__file__).resolve().parent.parent.parent


def modules_matching(pattern):
    """Byrum's own modules (every installed app of this repository, and config; not their
    migrations, not the settings) in which ``pattern`` occurs."""
    folders = {Path(app.path) for app in apps.get_app_configs() if Path(app.path).parent == ROOT}
    assert {ROOT / "byrum", ROOT / "incidents", ROOT / "imports"} <= folders
    found = []
    for folder in sorted(folders | {ROOT / "config"}):
        for path in folder.rglob("*.py"):
            if {"migrations", "settings"} & set(path.parts):
                continue
            if re.search(pattern, path.read_text()):
                found.append(str(path.relative_to(ROOT)))
    return found


@pytest.mark.django_db
def test_a_session_begun_on_one_web_server_is_known_on_the_other(people):
    first = Client()
    first.force_login(people.users["consultant"])
    cookie = first.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=cookie).exists()  # a row, not a process's memory
    # Another server: a client of its own with nothing but the browser's cookie.
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = other.get("/")
    assert response.status_code == 200 and response.wsgi_request.user == people.users["consultant"]


@pytest.mark.django_db
def test_failed_logins_are_counted_in_the_database(client, people):
    """The lockout counts failures from every web server together."""
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    client.post("/accounts/login/", {"username": "konsulent", "password": "forkert"})
    assert AccessAttempt.objects.filter(username="konsulent", failures_since_start=1).exists()


def test_nothing_is_kept_in_djangos_per_process_cache():
    """CACHES is per process (settings/base.py says why): that holds only while no code puts
    anything in it. Whoever needs Django's cache configures a shared one first."""
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert modules_matching(r"django\.core\.cache\b|\bcache_page\b|sessions\.backends\.") == []
    assert modules_matching(r"django\.views\.decorators\.cache") != []  # the search searches


def test_media_are_reached_through_the_storage_never_by_a_local_path():
    """``.path`` and MEDIA_ROOT exist only on a local disk: on the object store the file is
    elsewhere, and on another web server the disk is another."""
    assert modules_matching(r"\.(file|photo)\.path\b|MEDIA_ROOT|FileSystemStorage") == []
    assert modules_matching(r"default_storage") != []


def test_with_s3_bucket_set_media_go_to_the_object_store_privately():
    env = environ.Env()
    env.ENVIRON = {
        "S3_BUCKET": "byrum",
        "S3_ENDPOINT_URL": "https://objects.example.dk",
        "S3_ACCESS_KEY_ID": "key",
        "S3_SECRET_ACCESS_KEY": "secret",
    }
    storage = media_storage(env)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "byrum"
    assert options["endpoint_url"] == "https://objects.example.dk"
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert options["file_overwrite"] is False  # two servers never write over each other
    env.ENVIRON = {}
    assert media_storage(env)["BACKEND"] == "django.core.files.storage.FileSystemStorage"
