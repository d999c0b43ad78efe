"""Printing: the running title, page numbers and draft mark in every printed page's margin."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def css_string(value):
    """``value`` as the inside of a CSS string: every character but letters, digits and
    spaces as a CSS escape, so no title can close the string or the <style> element."""
    out = []
    for char in str(value):
        if char.isalnum() or char == " ":
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x}")
    return mark_safe("".join(out))
