"""Presentation helpers for meeting pages: state badges and local times."""

from django import template

register = template.Library()

# Bootstrap's text-bg-* classes keep AA contrast for the text on the badge.
BADGES = {
    "planned": "text-bg-info",
    "held": "text-bg-warning",
    "minutes_draft": "text-bg-light border",
    "minutes_approved": "text-bg-success",
    "completed": "text-bg-success",
    "open": "text-bg-light border",
    "in_progress": "text-bg-primary",
    "done": "text-bg-success",
    "cancelled": "text-bg-secondary",
    "present": "text-bg-success",
    "apologies": "text-bg-warning",
    "absent": "text-bg-secondary",
    "invited": "text-bg-light border",
}


@register.filter
def meeting_badge(value):
    return BADGES.get(value, "text-bg-light border")


@register.filter
def responsible(item):
    """'Person, Organisation' of an action item (both prefetched by the view)."""
    parts = []
    if item.responsible_person_id:
        parts.append(item.responsible_person.name)
    if item.responsible_organisation_id:
        parts.append(item.responsible_organisation.name)
    return ", ".join(parts)


@register.filter
def user_name(user):
    """A user's full name, else the username; empty for none (a deleted user)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@register.filter
def place_url(place):
    """The place page's address, or "" while the places app has no detail page (it is built
    on another branch; the link appears once it exists)."""
    from django.urls import NoReverseMatch

    try:
        return place.get_absolute_url()
    except NoReverseMatch:
        return ""


@register.filter
def highlight(text):
    """ts_headline's result as safe HTML: the text escaped, the matches in <mark>."""
    from meetings.register import highlighted

    return highlighted(text)
