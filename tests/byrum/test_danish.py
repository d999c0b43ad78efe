"""Danish where Django or a third-party app would otherwise speak English, or translate too
much: the admin's names, the inline's "add another" button, the weekday names."""

import datetime
import json
import re
from html import unescape

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import pgettext

pytestmark = pytest.mark.django_db

# Words that are the same in both languages.
SAME_IN_DANISH = {"person", "personer", "problem", "mål", "organisation"}


def _names(app_list):
    names = []
    for app in app_list:
        names.append(("app", app["app_label"], str(app["name"])))
        names += [("model", m["object_name"], str(m["name"])) for m in app["models"]]
    return names


def test_every_admin_app_and_model_is_named_in_danish(people):
    request = RequestFactory().get("/admin/")
    request.user = people.users["admin"]
    with translation.override("en"):
        english = _names(admin.site.get_app_list(request))
    with translation.override("da"):
        danish = _names(admin.site.get_app_list(request))
    untranslated = [
        f"{kind} {key}: {da!r}"
        for (kind, key, en), (_k, _key, da) in zip(english, danish, strict=True)
        if en == da and da.lower() not in SAME_IN_DANISH
    ]
    assert not untranslated, "English in the Danish admin:\n" + "\n".join(untranslated)
    assert ("app", "otp_totp", "Totrinslogin") in danish
    assert ("model", "TOTPDevice", "Godkendelsesapps") in danish
    assert ("app", "axes", "Loginspærring") in danish


def test_every_admin_model_and_inline_has_danish_verbose_names():
    models = set(admin.site._registry)
    for model_admin in admin.site._registry.values():
        models |= {inline.model for inline in model_admin.inlines}
    missing = []
    for model in models:
        opts = model._meta
        if opts.app_label in ("otp_totp", "procrastinate"):
            # Plain strings in django-otp and procrastinate (the job queue's admin, for the
            # operator): the app list names them in Danish (above).
            continue
        with translation.override("en"):
            english = (str(opts.verbose_name), str(opts.verbose_name_plural))
        with translation.override("da"):
            danish = (str(opts.verbose_name), str(opts.verbose_name_plural))
        missing += [
            f"{opts.label}: {da!r}"
            for en, da in zip(english, danish, strict=True)
            if en == da and da not in SAME_IN_DANISH
        ]
    assert not missing, "Untranslated verbose names:\n" + "\n".join(sorted(missing))


def test_the_inline_button_says_et_medlemskab_in_lower_case(clients, people):
    url = reverse("admin:governance_group_change", args=[people.local_group.pk])
    html = clients.admin.get(url).content.decode()
    # The button is drawn by the admin's JavaScript from this attribute.
    [data] = re.findall(r'data-inline-formset="([^"]*)"', html)
    assert json.loads(unescape(data))["options"]["addText"] == "Tilføj endnu et medlemskab"


def test_monday_is_lower_case_like_every_other_day_and_the_workbook_keeps_its_column():
    monday = datetime.date(2026, 3, 9)
    with translation.override("da"):
        days = [date_format(monday + datetime.timedelta(days=n), "l") for n in range(7)]
        assert days == ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
        assert pgettext("workbook column: the week's first day", "Monday") == "Mandag"
