"""Cells for CSV and Excel files that a spreadsheet shows as text, never runs.

Every export (the incident exports, the council workbook, the access log) passes each cell
through ``cell()``: a text that a spreadsheet would read as a formula or a command (it begins
with =, +, -, @, a tab or a line break, also after spaces, or with their full-width forms)
gets a leading apostrophe, as OWASP's "CSV injection" advice has it. Numbers, dates and
empty cells are left as they are, so the figures stay figures.
"""

from django.utils.functional import Promise

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def cell(value):
    """The value as a cell: lazy translations as text, formula-like text escaped."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START):
        return "'" + value
    return value


def row(values):
    return [cell(value) for value in values]
