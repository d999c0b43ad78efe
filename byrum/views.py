import csv

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.db.utils import DatabaseError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import attachments, history, security
from .access import log_access
from .filters import AccessLogFilter
from .forms import AttachmentForm, TokenForm
from .middleware import two_factor_exempt
from .models import AccessLog, Attachment
from .shortcuts import form_page, safe_next
from .spreadsheets import row as spreadsheet_row


@login_not_required
@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not (load balancers, uptime checks)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def ping(request):
    """The lightest page behind login: "ok" once the full middleware has run (session, user,
    CSRF, locale). The benchmark's floor (S0, docs/performance.md) and a check that a session
    is still logged in."""
    return HttpResponse("ok\n", content_type="text/plain")


# --- History -----------------------------------------------------------------------------

ACCOUNT_APPS = {"auth", "otp_totp"}


def get_history_model_for_user(user, app_label, model_name):
    """The tracked model whose history the user asks for: 404 for anyone without
    byrum.view_history, and for models that are unknown or have no history. The history of
    user accounts and authenticator devices (apps outside Byrum's own) is for those who may
    also view those records in the admin: the administrator."""
    if not user.has_perm("byrum.view_history"):
        raise Http404
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    if model not in history.tracked_models():
        raise Http404
    if app_label in ACCOUNT_APPS and not user.has_perm(f"{app_label}.view_{model_name}"):
        raise Http404
    return model


@require_GET
def history_view(request, app_label, model_name, pk):
    """Who changed what and when on one record, old and new values side by side."""
    model = get_history_model_for_user(request.user, app_label, model_name)
    obj = model._default_manager.filter(pk=pk).first()
    page = Paginator(history.events_for(model, pk), 25).get_page(request.GET.get("page"))
    if obj is None and not page.object_list:
        raise Http404
    log_access(request, AccessLog.Action.VIEWED, model=model, ids=[pk], query="history")
    return render(
        request,
        "byrum/history.html",
        {
            "obj": obj,
            "pk": pk,
            "verbose_name": model._meta.verbose_name,
            "content_type": ContentType.objects.get_for_model(model),
            "entries": history.entries(model, list(page.object_list)),
            "page": page,
        },
    )


# --- Access log --------------------------------------------------------------------------


def _access_log_filter(request):
    return AccessLogFilter(request.GET, queryset=AccessLog.objects.select_related("content_type"))


@require_GET
@permission_required("byrum.view_accesslog", raise_exception=True)
def access_log(request):
    filterset = _access_log_filter(request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    # Read before this visit is logged: the page was counted without its own row, and a
    # slice read afterwards would push the oldest row of the page off it.
    page.object_list = list(page.object_list)
    log_access(request, AccessLog.Action.LISTED, model=AccessLog, query=request.GET)
    return render(
        request,
        "byrum/access_log.html",
        {"filter": filterset, "page": page, "retention": settings.ACCESS_LOG_RETENTION_MONTHS},
    )


@require_GET
@permission_required("byrum.view_accesslog", raise_exception=True)
def access_log_export(request):
    filterset = _access_log_filter(request)
    log_access(request, AccessLog.Action.EXPORTED, model=AccessLog, query=request.GET)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="byrum-access-log.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a byte order mark
    writer = csv.writer(response)
    writer.writerow(
        ["time", "user", "action", "record_kind", "record_ids", "record_count"]
        + ["query", "path", "ip"]
    )
    for row in filterset.qs.iterator(chunk_size=2000):
        writer.writerow(
            spreadsheet_row(
                (
                    timezone.localtime(row.at).isoformat(timespec="seconds"),
                    row.username,
                    row.action,
                    row.content_type.natural_key()[0] + "." + row.content_type.model
                    if row.content_type
                    else "",
                    " ".join(row.object_ids),
                    row.count if row.count is not None else len(row.object_ids),
                    row.query,
                    row.path,
                    row.ip_address or "",
                )
            )
        )
    return response


# --- Two-factor login --------------------------------------------------------------------


def _next_url(request):
    return safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL))


def _complete_two_factor(request, device):
    otp_login(request, device)
    request.session.cycle_key()  # a new session id for the stronger login
    request.session[security.HAS_DEVICE] = True
    security.log.info("two-factor verified: user=%s", request.user.get_username())


@two_factor_exempt
@sensitive_post_parameters("otp_token")
def otp_verify(request):
    """After the password: the code from the user's authenticator app."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect(reverse("otp_setup") + "?" + urlencode({"next": _next_url(request)}))
    form = TokenForm(request.POST or None, device=device, user=request.user)
    if request.method == "POST" and form.is_valid():
        _complete_two_factor(request, device)
        return redirect(_next_url(request))
    return render(request, "byrum/otp_verify.html", {"form": form, "next": _next_url(request)})


@two_factor_exempt
@sensitive_post_parameters("otp_token")
def otp_setup(request):
    """Set up an authenticator app: a QR code (SVG drawn here, no third party sees the
    secret) and the secret as text, then one code to prove it works."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        if not request.user.is_verified():
            return redirect(reverse("otp_verify") + "?" + urlencode({"next": _next_url(request)}))
        return render(request, "byrum/otp_setup.html", {"done": True})
    if security.requires_two_factor(request.user):
        # The roles that must use a second factor get it from an invitation's link only: a
        # password alone never enrols a device (whoever knew it first would own the factor).
        return render(request, "byrum/otp_setup.html", {"needs_invitation": True})
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Byrum", confirmed=False)
    form = TokenForm(request.POST or None, device=device, user=request.user)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        _complete_two_factor(request, device)
        security.log.info("two-factor set up: user=%s", request.user.get_username())
        messages.success(request, _("Two-factor login is set up."))
        return redirect(_next_url(request))
    return render(
        request,
        "byrum/otp_setup.html",
        {"form": form, "next": _next_url(request), **security.authenticator_setup(device)},
    )


class LogoutView(auth_views.LogoutView):
    """Log out, and have the browser delete what Byrum kept on the device (the offline queue
    of incident reports in IndexedDB, the caretaker app's caches and its service worker), so
    a phone passed on keeps nothing of the last user. static/js/queue-page.js also clears
    them itself before the form is sent, for browsers that ignore the header."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


# --- Attachments ---------------------------------------------------------------------------


def _attachment_and_record(request, pk, *, write):
    """The attachment and its record, through the record's own fetch-and-check (404 for those
    who may not see the record, 403 for those who may not change it when ``write``)."""
    attachment = get_object_or_404(Attachment.objects.select_related("target_type"), pk=pk)
    target = attachments.target_of(attachment)
    if target is None:
        raise Http404
    return attachment, target, target.fetch(request.user, attachment.target_id, write=write)


def attachment_download(request, pk):
    """A file, only to those who may see its record; downloads of protected records' files
    go to the access log under the record."""
    attachment, target, record = _attachment_and_record(request, pk, write=False)
    if target.protected:
        log_access(request, AccessLog.Action.VIEWED, record)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.mime_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_add(request, target, pk):
    registered = attachments.target_for(target)
    if registered is None:
        raise Http404
    record = registered.fetch(request.user, pk, write=True)
    back = safe_next(request, record.get_absolute_url())
    if (locked := registered.locked_message(record)) is not None:
        messages.error(request, locked)
        return redirect(back)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attachments.attachment_add(
            target=record,
            checked=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            user=request.user,
        )
        messages.success(request, _("The file was attached."))
        return redirect(back)
    return form_page(
        request,
        form,
        title=_("Attach a file"),
        back=(back, str(record)),
        intro=_("To: %(record)s") % {"record": record},
    )


@require_POST
def attachment_delete(request, pk):
    attachment, target, record = _attachment_and_record(request, pk, write=True)
    back = safe_next(request, record.get_absolute_url())
    if (locked := target.locked_message(record)) is not None:
        messages.error(request, locked)
        return redirect(back)
    attachments.attachment_delete(attachment=attachment)
    messages.success(request, _("The file %(name)s was removed.") % {"name": attachment.name})
    return redirect(back)
