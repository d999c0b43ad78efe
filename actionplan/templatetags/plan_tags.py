"""Small presentation helpers for the plan's pages: badge colours and amounts in kroner."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

register = template.Library()

# Bootstrap's text-bg-* classes keep AA contrast for the text on the badge.
BADGES = {
    # initiatives
    "idea": "text-bg-light border",
    "planned": "text-bg-info",
    "in_progress": "text-bg-primary",
    "done": "text-bg-success",
    "stopped": "text-bg-secondary",
    # assessments
    "on_track": "text-bg-success",
    "at_risk": "text-bg-warning",
    "off_track": "text-bg-danger",
    "achieved": "text-bg-primary",
    # action items
    "open": "text-bg-light border",
    "cancelled": "text-bg-secondary",
    # plans
    "draft": "text-bg-light border",
    "hearing": "text-bg-info",
    "approved": "text-bg-success",
    "implementation": "text-bg-primary",
    "evaluated": "text-bg-dark",
    "closed": "text-bg-secondary",
    # approval steps
    "pending": "text-bg-light border",
    "changes": "text-bg-success",
    "noted": "text-bg-info",
    "postponed": "text-bg-warning",
    "rejected": "text-bg-danger",
    # timeline
    "slipped": "text-bg-warning",
}


@register.filter
def badge(status):
    return BADGES.get(str(status), "text-bg-light border")


@register.filter
def kr(amount):
    """An amount in Danish kroner: 2.500.000 kr., with a non-breaking space so that the
    amount and its unit never part at a line end."""
    if amount is None or amount == "":
        return "–"
    return (_("%(amount)s kr.") % {"amount": intcomma(int(amount))}).replace(" ", "\u00a0")


@register.filter
def number(value):
    """A measured value or target without needless decimals (12, 12,5)."""
    if value is None:
        return "–"
    value = value.normalize() if hasattr(value, "normalize") else value
    if hasattr(value, "as_tuple") and value.as_tuple().exponent > 0:
        value = value.quantize(1)
    return intcomma(value)
