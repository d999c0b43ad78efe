from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from byrum.attachments import key_of

register = template.Library()


@register.simple_tag
def attachment_add_url(obj):
    """Where to attach a file to a record: {% attachment_add_url meeting %}."""
    return reverse("attachment_add", args=[key_of(type(obj)), obj.pk])


@register.filter
def css_string(value):
    """A CSS string literal of any text ("UDKAST – ikke godkendt"): every character but
    letters, digits and spaces as a CSS escape, so text can never end the string."""
    out = []
    for char in str(value):
        if char.isalnum() or char == " ":
            out.append(char)
        else:
            # The space ends the escape (CSS consumes it), so the next character stays.
            out.append(f"\\{ord(char):06x} ")
    # Safe in a <style> element too: nothing but letters, digits, spaces and escapes.
    return mark_safe('"' + "".join(out) + '"')
