"""Reading a spreadsheet's cells: text that is refused when it could hurt (a formula, a
personal identity number) or is too long, and Danish dates in the forms people type them."""

import datetime
import decimal as decimals
import re

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from byrum.privacy import contains_cpr

DATE_FORMATS = ["%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%y", "%d-%m-%y"]

# A cell that a spreadsheet program would run: "=SUM(…)", "@HYPERLINK(…)", "+A1", "-B2*3".
# "+45 12 34 56 78" and "-" are plain text.
_FORMULA = re.compile(r"^\s*(=|@|[+\-](?=[^\d\s]))")


def text(value, column, *, max_length=None, required=False, free_text=False):
    """The cell as trimmed text, or a ValidationError in Danish that says why not."""
    if value is None:
        value = ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = str(value).strip()
    if required and not value:
        raise ValidationError(_("%(column)s is missing.") % {"column": column})
    if _FORMULA.match(value):
        raise ValidationError(
            _("%(column)s looks like a spreadsheet formula (%(value)s); write it as plain text.")
            % {"column": column, "value": value[:40]}
        )
    if max_length is not None and len(value) > max_length:
        raise ValidationError(
            _("%(column)s is too long: %(length)d characters, at most %(max)d.")
            % {"column": column, "length": len(value), "max": max_length}
        )
    if free_text and contains_cpr(value):
        raise ValidationError(
            _(
                "%(column)s contains what looks like a personal identity number (CPR). "
                "Byrum may not store it: remove it from the sheet."
            )
            % {"column": column}
        )
    return value


def date(value, column, *, required=False):
    """A date from a spreadsheet: a real date cell, or text such as 14.11.2017, 14-11-2017,
    14/11/2017 or 2017-11-14."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value, column, required=required)
    if not raw:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        _("%(column)s: '%(value)s' is not a date; write it as dd.mm.åååå, e.g. 14.11.2017.")
        % {"column": column, "value": raw[:40]}
    )


def decimal(value, column, *, required=False):
    """A number such as a coordinate, with a comma or a point as the decimal mark."""
    raw = text(value, column, required=required).replace(",", ".")
    if not raw:
        return None
    try:
        return decimals.Decimal(raw)
    except decimals.InvalidOperation:
        raise ValidationError(
            _("%(column)s: '%(value)s' is not a number.") % {"column": column, "value": raw[:40]}
        ) from None


def _names(choices, language):
    """{name: stored value} for every way a cell may name a choice: the value, and its label
    in the current language, in Danish and in English. Kept per set of choices, as a sheet
    names the same few thousands of times."""
    key = (tuple(stored for stored, _label in choices), language)
    names = _NAMES.get(key)
    if names is None:
        names = {}
        for stored, label in choices:
            for name in (stored, str(label)):
                names.setdefault(name.casefold(), stored)
            for other in ("da", "en"):
                with translation.override(other):
                    names.setdefault(str(label).casefold(), stored)
        _NAMES[key] = names
    return names


_NAMES = {}


def choice(value, column, choices, *, required=False, default=None):
    """One of a TextChoices' values, given as its Danish or English label or the value."""
    raw = text(value, column, required=required and default is None)
    if not raw:
        return default
    found = _names(choices, translation.get_language()).get(raw.casefold())
    if found is not None:
        return found
    with translation.override("da"):
        known = ", ".join(str(label) for _stored, label in choices)
    raise ValidationError(
        _("%(column)s: '%(value)s' is not one of %(known)s.")
        % {"column": column, "value": raw[:40], "known": known}
    )
