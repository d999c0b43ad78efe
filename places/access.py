"""Fetch-and-check helpers for places and their problems (views of every app may reuse them)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Place, Problem


def get_place_for_user(user, pk, *, write=False, queryset=None):
    """Fetch a place and check the user's right to it: 404 for those who may not see
    places (the same answer as for a missing id), 403 for those who may see but not edit."""
    if not user.has_perm("places.view_place"):
        raise Http404
    place = get_object_or_404(
        queryset if queryset is not None else Place.objects.select_related("local_group"),
        pk=pk,
    )
    if write and not user.has_perm("places.change_place"):
        raise PermissionDenied
    return place


def get_problem_for_user(user, pk, *, perm=None):
    """Fetch a problem; 404 for those who may not see problems, 403 without ``perm``."""
    if not user.has_perm("places.view_problem"):
        raise Http404
    problem = get_object_or_404(Problem.objects.select_related("place"), pk=pk)
    if perm and not user.has_perm(perm):
        raise PermissionDenied
    return problem
