"""Danish by default, English on request; every Danish string translated and compiled."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", ".git", ".pgdata", "static", "staticfiles", "test-artifacts", "node_modules"}


def catalogues(root=ROOT):
    return sorted(
        p
        for p in root.glob("**/locale/da/LC_MESSAGES/django.po")
        if not SKIP & set(p.relative_to(root).parts)
    )


def test_every_danish_string_is_translated_and_not_fuzzy():
    problems = []
    for path in catalogues():
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{path.relative_to(ROOT)}: fuzzy: {entry.msgid!r}")
            elif not entry.translated():
                problems.append(f"{path.relative_to(ROOT)}: missing: {entry.msgid!r}")
    assert catalogues(), "no Danish catalogues found"
    assert not problems, "\n".join(problems)


def test_every_string_in_the_code_is_in_a_catalogue(tmp_path):
    """Run makemessages on a copy of the code: it must find no msgid the catalogues lack."""
    copy = tmp_path / "byrum"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*SKIP, "__pycache__", "tests"))
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://x@127.0.0.1:1/x",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "da",
            "--no-obsolete",
            "--ignore=static",
            "--ignore=staticfiles",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    missing = []
    for path in catalogues(copy):
        original = ROOT / path.relative_to(copy)
        known = {e.msgid for e in polib.pofile(str(original))} if original.exists() else set()
        for entry in polib.pofile(str(path)):
            if entry.msgid not in known:
                missing.append(f"{path.relative_to(copy)}: {entry.msgid!r}")
    assert not missing, "Strings missing from the catalogues (run makemessages):\n" + "\n".join(
        missing
    )


def test_the_compiled_catalogues_exist():
    for path in catalogues():
        assert path.with_suffix(".mo").exists(), f"{path} is not compiled"


@pytest.mark.django_db
def test_danish_by_default_and_english_on_request(client):
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="da">' in body
    assert "Log ind i Byrum" in body
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in body
    assert "Log in to Byrum" in body


def test_time_zone_and_date_format():
    import datetime

    from django.conf import settings
    from django.utils import formats, translation

    assert settings.TIME_ZONE == "Europe/Copenhagen"
    with translation.override("da"):
        assert formats.date_format(datetime.date(2026, 3, 9), "SHORT_DATE_FORMAT") == "09.03.2026"


def test_a_string_reads_the_same_in_every_app():
    """Django merges the apps' catalogues and the first app wins, so two Danish translations
    of one msgid would show one of them everywhere: use a new msgid (or context) instead."""
    seen = {}
    clashes = []
    for path in catalogues():
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.msgid_plural:
                continue
            key = (entry.msgctxt, entry.msgid)
            app = path.relative_to(ROOT).parts[0]
            if key in seen and seen[key][0] != entry.msgstr:
                clashes.append(
                    f"{entry.msgid!r}: {seen[key][1]} {seen[key][0]!r} / {app} {entry.msgstr!r}"
                )
            seen.setdefault(key, (entry.msgstr, app))
    assert not clashes, "\n".join(clashes)
