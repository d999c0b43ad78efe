"""Small helpers that views of every app share."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def safe_next(request, default):
    """Where to go next: the request's ``next`` (POST or GET) when it points into this site,
    otherwise ``default``. Never a redirect to another site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path of this site: redirect() would take "0" or "home" for a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def form_page(request, form, *, title, back, intro="", message=None, redirect_to=None, save=None):
    """A small create or edit page with one form (templates/form_page.html).

    ``back`` is (url, label) for the link back. With ``message``, a valid POST is saved
    (``save(form)``, or ``form.save()``), the message shown and the user sent to
    ``redirect_to`` or the saved object; without it the caller handles the POST and this
    only draws the page (again, with the errors)."""
    if message is not None and request.method == "POST" and form.is_valid():
        obj = save(form) if save else form.save()
        messages.success(request, message)
        return redirect(redirect_to or obj)
    back_url, back_label = back
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "page_title": title,
            "back_url": back_url,
            "back_label": back_label,
            "intro": intro,
        },
    )


def filters_refused(filterset):
    """For an export whose filters are not valid: a 400 that names them, never the whole list
    (an ignored filter would hand over more than was asked for). Views check
    ``filterset.is_valid()`` first."""
    return HttpResponseBadRequest(
        _("The filters are not valid: %(errors)s") % {"errors": filterset.errors.as_text()},
        content_type="text/plain; charset=utf-8",
    )
