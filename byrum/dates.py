"""Date rules shared by every form that sets them, so each says the same thing in the same
words."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DUE_IN_THE_PAST = _("The due date is in the past.")


def check_due_date(due, *, unchanged=None):
    """Refuse a due date before today: a new task cannot be overdue the moment it is given.
    ``unchanged`` is the date already saved: an item that has become overdue keeps its date
    when something else about it is edited."""
    if due is None or due == unchanged:
        return due
    if due < timezone.localdate():
        raise ValidationError(DUE_IN_THE_PAST, code="due_in_past")
    return due
