"""Fetch-and-check helpers for incidents (views of every app may reuse them)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Incident, IncidentExport, SmallJob


def get_incident_for_user(user, pk, *, write=False):
    """One incident, if the user may see it: 404 otherwise (the same answer as for a missing
    id); 403 when they may see it but write it is asked and it is not theirs to change."""
    incident = get_object_or_404(
        Incident.objects.visible_to(user).select_related("place", "reported_by"), pk=pk
    )
    if write and not incident.can_change(user):
        raise PermissionDenied
    return incident


def visible_incidents(user):
    if not user.has_perm("incidents.view_incident"):
        raise PermissionDenied
    return Incident.objects.visible_to(user)


def get_small_job_for_user(user, pk, *, write=False):
    """One small job, if the user may see it (404 otherwise); with ``write``, 403 unless
    they may correct it (its reporter within 24 hours, or a consultant)."""
    job = get_object_or_404(
        SmallJob.objects.visible_to(user).select_related("place", "reported_by", "initiative"),
        pk=pk,
    )
    if write and not job.can_change(user):
        raise PermissionDenied
    return job


def sees_incident_detail(user):
    """Whether the user sees a report's story: free text, follow-up note, photo, reporter and
    exact position (consultants; caretakers for the reports they see). Without it, the
    counts, categories, places and times only (byrum/roles.py INCIDENT_DETAIL)."""
    return user.has_perm("incidents.view_incident_detail")


def get_export_for_user(user, pk):
    """A background export, to the user who asked for it only: 404 for everybody else (the
    administrator included), as for a missing id. Also 404 once they may no longer see
    incidents at all."""
    if not user.has_perm("incidents.view_incident"):
        raise Http404
    return get_object_or_404(IncidentExport.objects.of(user), pk=pk)
