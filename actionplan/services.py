"""Writes that span several models."""

from django.db import transaction

from .models import Initiative, InitiativeUpdate


def initiative_create(*, form, by) -> Initiative:
    """Save a new initiative from its form and open its history with the first status, so
    every status it ever had is in its updates."""
    with transaction.atomic():
        initiative = form.save()
        InitiativeUpdate.objects.create(
            initiative=initiative,
            old_status="",
            new_status=initiative.status,
            by=by,
        )
    return initiative
