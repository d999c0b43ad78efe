"""The caretaker's phone as an installable app: the web app manifest, the service worker, the
offline page and the little JSON the offline queue asks before it sends.

The worker (static/js/sw.js, hand-written, see the README) is served from ``/sw.js`` so that
its scope is the whole site. This view writes its settings in front of it: the static files
and pages to precache and a version that changes with any of those files, so a deploy
installs a new worker and drops the old caches."""

import functools
import hashlib
import json

from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from byrum.icons import SPRITE

THEME_COLOUR = "#1f4e5f"
SYNC_TAG = "byrum-queue"
# Header on the pages the worker may keep on the phone (the app shell): forms and the offline
# page, never a page with what the server knows about incidents.
SHELL_HEADER = "X-Byrum-Shell"

# What the caretaker's pages load, kept on the phone by the worker.
APP_STATIC = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "css/byrum.css",
    "css/incidents.css",
    SPRITE,
    "js/queue-core.js",
    "js/queue-page.js",
    "js/offline-queue.js",
    "img/app/favicon.svg",
]
# Loaded by the worker itself (importScripts), in this order.
WORKER_SCRIPTS = ["js/app-routes.js", "js/queue-core.js", "js/sw.js"]


def shell_pages():
    return [
        reverse("incidents:new"),
        reverse("incidents:smalljob_new"),
        reverse("incidents:offline"),
    ]


def app_shell(view):
    """Mark a page the worker may keep on the phone: a GET drawn without errors."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            response[SHELL_HEADER] = "1"
        return response

    return wrapped


@functools.cache
def static_version():
    """A hash of the app's static files and the worker's scripts: any change, any deploy
    that changes them, gives a new worker."""
    digest = hashlib.sha256()
    for path in sorted(set(APP_STATIC + WORKER_SCRIPTS)):
        found = finders.find(path)
        digest.update(path.encode())
        if found:
            with open(found, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


def worker_settings():
    return {
        "version": static_version(),
        "static": [static(path) for path in APP_STATIC] + [reverse("manifest")],
        "pages": shell_pages(),
        "offline": reverse("incidents:offline"),
        "session": reverse("incidents:app_session"),
        "login": reverse("login"),
        "syncTag": SYNC_TAG,
        "shellHeader": SHELL_HEADER,
    }


@login_not_required
def service_worker(request):
    """The service worker, served from the root so its scope is the whole site. Public: the
    browser checks it for updates also when the session has ended."""
    scripts = ", ".join(json.dumps(static(path)) for path in WORKER_SCRIPTS)
    body = f"self.BYRUM = {json.dumps(worker_settings())};\nimportScripts({scripts});\n"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
def manifest(request):
    """The web app manifest, in the active language (Danish by default)."""
    data = {
        "name": _("Byrum – report incidents"),
        "short_name": "Byrum",
        "description": _("Report incidents and small jobs from the square, also offline."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("incidents:new"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": [
            {"src": static("img/app/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/app/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/app/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
def favicon(request):
    with open(finders.find("img/app/favicon.ico"), "rb") as handle:
        response = HttpResponse(handle.read(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def queue_text():
    """The offline queue's words, handed to static/js/offline-queue.js as JSON."""
    return {
        "waiting_one": _("1 report waiting to be sent"),
        "waiting_many": _("{n} reports waiting to be sent"),
        "offline": _(
            "You are offline. The reports are kept on this phone and sent when the "
            "connection returns."
        ),
        "sending": _("Sending…"),
        "login": _(
            "You are logged out. The reports are kept on this phone: log in again to send them."
        ),
        "login_link": _("Log in again"),
        "all_sent": _("All reports are sent."),
        "failed": _("{n} not accepted: see below."),
        "kept": _("The report is kept on this phone and sent as soon as possible."),
        "state_waiting": _("Waiting"),
        "state_sent": _("Sent"),
        "state_failed": _("Not accepted"),
        "discard": _("Remove"),
        "other_user": _("{n} reports from another login are waiting on this phone."),
        "not_image": _("The file is not a photo. Choose a JPEG, PNG or WebP image."),
        "no_position": _("The phone did not share its position. Choose the place yourself."),
        "nearest": _("Nearest place: {name} ({distance} m away)."),
        "small_job": _("Small job"),
        "fix": _("Correct and send again"),
        "fix_intro": _("The report was not accepted. Correct it and send it again."),
        "chars": _("{n} of {max} characters"),
        "too_long": _("At most {max} characters: shorten the text by {over}."),
    }


@never_cache
def app_session(request):
    """Who is logged in and the CSRF token to send with: asked by the offline queue (page or
    worker) before it sends, so a page kept on the phone for days never sends a stale token.
    A session that has ended answers with the login redirect, which the queue recognises."""
    return JsonResponse({"user": request.user.pk, "csrf": get_token(request)})


@app_shell
@permission_required("incidents.add_incident", raise_exception=True)
def offline(request):
    """What the phone shows with no network for a page it does not keep (such as "My
    reports"): the reports waiting on the phone, nothing from the server."""
    return render(request, "incidents/offline.html", {"queue_text": queue_text()})
