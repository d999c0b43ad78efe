"""Validators shared by the apps' forms and models."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Ten digits, written as one run or with a hyphen, spaces or dots anywhere between them
# ("120356-1234", "1203561234", "120356 1234", "12 03 56 12 34", "12.03.56-1234").
_TEN_DIGITS = re.compile(r"(?<![\d])(?:\d[ \t.\-\u2010-\u2015]{0,3}){9}\d(?![\d])")


def _is_cpr(digits: str) -> bool:
    """The first six digits are a date (day + 60 for a substitute number, erstatnings-
    personnummer): a phone or account number rarely is."""
    day, month = int(digits[0:2]), int(digits[2:4])
    if day > 60:
        day -= 60
    try:
        datetime.date(2000, month, day)  # a leap year: 29 February is a date
    except ValueError:
        return False
    return True


def contains_cpr(text: str) -> bool:
    for match in _TEN_DIGITS.finditer(text or ""):
        digits = re.sub(r"\D", "", match.group())
        if _is_cpr(digits):
            return True
    return False


def refuse_cpr(value):
    """No CPR number (personnummer) in free text about the people met: it identifies them
    for life, and nobody needs it to act on a report."""
    if contains_cpr(value):
        raise ValidationError(
            _(
                "The text seems to contain a CPR number. Never write CPR numbers about the "
                "people you meet: remove the number and save again."
            ),
            code="cpr_number",
        )
