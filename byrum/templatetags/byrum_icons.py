"""``{% icon "name" %}``: an icon from the SVG sprite (byrum/icons.py), decorative, so hidden
from screen readers; the text next to it says what it means. A builtin: no ``{% load %}``."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def icon(name):
    from byrum.icons import SPRITE

    return format_html(
        '<svg class="bi" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        static(SPRITE),
        name,
    )
