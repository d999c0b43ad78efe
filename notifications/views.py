"""The notification centre (bell, list, mark read), the mail settings and the one-click
unsubscribe that every mail links to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from byrum import tenancy

from . import services
from .forms import PreferencesForm
from .models import Kind, Notification

PER_PAGE = 50


def notification_list(request):
    notifications = Notification.objects.for_user(request.user).order_by("-created_at", "-pk")
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
def notification_read(request, pk):
    """Mark one read and go to what it is about (a link inside Byrum only)."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    notification.mark_read()
    url = notification.url
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=None) or not url.startswith("/"):
        url = "notifications:list"
    return redirect(url)


@require_POST
def notification_read_all(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
    return redirect("notifications:list")


def notification_settings(request):
    person = getattr(request.user, "person", None)
    if person is None:  # a login without a person in the register gets no mail
        return render(request, "notifications/settings.html", {"form": None})
    current = dict(services.preferences_of(person))
    form = PreferencesForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        for kind in Kind:
            if form.cleaned_data[kind] != current[kind]:
                services.preference_set(kind=kind, delivery=form.cleaned_data[kind], person=person)
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form, "person": person})


@csrf_exempt  # mail programs post the one-click unsubscribe without a session (RFC 8058)
@login_not_required
def unsubscribe(request, token):
    """GET: a page with a button; POST (the button, or a mail program's one-click): off.
    A tampered or foreign token is a 404, like any address that does not exist."""
    try:
        ref, kind = services.read_unsubscribe_token(token)
    except signing.BadSignature:
        raise Http404 from None
    # No login, so no municipality from the session: the signed token says which.
    tenancy.activate(services.unsubscribe_municipality(token))
    label = Kind(kind).label if kind else None
    if request.method == "POST":
        services.unsubscribe(recipient_ref=ref, kind=kind)
        return render(request, "notifications/unsubscribed.html", {"kind": label})
    return render(request, "notifications/unsubscribe.html", {"kind": label})
