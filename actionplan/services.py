"""Writes that span several models."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import notices
from .models import (
    Initiative,
    InitiativeStatus,
    InitiativeUpdate,
    InputOutcome,
    InvolvementInput,
)


@transaction.atomic
def initiative_create(*, initiative, by, places=(), goals=()) -> Initiative:
    """Save a new initiative with its places and goals, and open its history with the first
    status, so every status it ever had is in its updates."""
    initiative.save()
    initiative.places.set(places)
    initiative.goals.set(goals)
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


@transaction.atomic
def initiative_change_status(*, initiative, status, by, note="", on=None) -> InitiativeUpdate:
    """Move the initiative to ``status`` and write the dated update that says so, in one
    transaction: a status never changes without leaving an update behind. Giving the
    current status records a plain progress note."""
    if status not in InitiativeStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    update = InitiativeUpdate(
        initiative=initiative,
        date=on or timezone.localdate(),
        old_status=locked.status,
        new_status=status,
        note=note,
        by=by if by is not None and by.is_authenticated else None,
    )
    # The update's own rules (dated within the initiative's life, a note of bounded length)
    # hold whoever calls this, not only the status form.
    update.full_clean()
    update.save()
    if locked.status != status:
        Initiative.objects.filter(pk=initiative.pk).update(status=status)
    initiative.status = status
    return update


@transaction.atomic
def input_answer(*, item, by, decision=None) -> InvolvementInput:
    """Save the answer to a citizen's input: who answered, and the decision it went into
    (the link lives on the decision, in meetings; ``item.decisions`` is its reverse side).
    ``decision`` is None where no decision is offered, and an input that is not "taken into
    a decision" keeps no decision link."""
    item.answered_by = by if item.is_answered else None
    item.full_clean()
    item.save()
    keep = decision is not None and item.outcome == InputOutcome.DECISION
    item.decisions.set([decision] if keep else [])
    return item
