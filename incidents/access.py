"""Fetch-and-check helpers for incidents (views of every app may reuse them)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Incident, SmallJob


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
