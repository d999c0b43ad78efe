"""Writes that span several models."""

from django.db import transaction

from . import notices
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


def action_item_save(*, form):
    """Save an action item from its form; a newly responsible person or organisation is told
    it is theirs, the same one that its due date moved (mail jobs, after the commit)."""
    with transaction.atomic():
        before = notices.state_before(form.instance)
        item = form.save()
        notices.saved(item, before=before)
    return item
