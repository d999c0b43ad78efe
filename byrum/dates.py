"""Calendar arithmetic shared by the apps (python-dateutil's relativedelta does the work)."""

from dateutil.relativedelta import relativedelta


def months_before(moment, months):
    """The same date (and time, in ``moment``'s own time zone) ``months`` calendar months
    earlier, the month's last day when the day does not exist there (31 August -> 28/29
    February). Retention rules count in calendar months."""
    return moment - relativedelta(months=months)


def months_after(day, months):
    """The same date ``months`` calendar months later, clamped like months_before."""
    return day + relativedelta(months=months)
