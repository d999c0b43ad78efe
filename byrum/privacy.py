"""What must never be stored about the people Byrum's records concern."""

import re

# A Danish personal identity number (CPR): ddmmyy-nnnn, written with or without the hyphen,
# with spaces, or with a space for the hyphen. Digits right before or after do not belong to
# one (a longer number is something else).
_CPR = re.compile(r"(?<!\d)(\d{2})\s?(\d{2})\s?(\d{2})[\s-]?(\d{4})(?!\d)")


def contains_cpr(text):
    """True when ``text`` contains what reads as a CPR number: a valid day and month
    followed by four digits."""
    for match in _CPR.finditer(text or ""):
        day, month = int(match.group(1)), int(match.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            return True
    return False
