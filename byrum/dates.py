"""Calendar arithmetic and date rules shared by the apps (python-dateutil's relativedelta
does the arithmetic; the rules say the same thing in the same words in every form)."""

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DUE_IN_THE_PAST = _("The due date is in the past.")


def months_before(moment, months):
    """The same date (and time, in ``moment``'s own time zone) ``months`` calendar months
    earlier, the month's last day when the day does not exist there (31 August -> 28/29
    February). Retention rules count in calendar months."""
    return moment - relativedelta(months=months)


def months_after(day, months):
    """The same date ``months`` calendar months later, clamped like months_before."""
    return day + relativedelta(months=months)


def check_due_date(due, *, unchanged=None):
    """Refuse a due date before today: a new task cannot be overdue the moment it is given.
    ``unchanged`` is the date already saved: an item that has become overdue keeps its date
    when something else about it is edited. Every form that sets a due date uses it."""
    if due is None or due == unchanged:
        return due
    if due < timezone.localdate():
        raise ValidationError(DUE_IN_THE_PAST, code="due_in_past")
    return due
