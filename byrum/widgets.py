"""Form widgets shared by the apps."""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _escape(text):
    """Django's conditional_escape without its lazy-string wrapper, which costs more than
    the escaping when it runs for every option of a long list."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


class LeanSelect(forms.Select):
    """A ``<select>`` drawn in Python rather than through one template per ``<option>``.

    Django renders every option with its own template: for the filter lists of a city
    (2,000 places, 1,200 people) that alone costs tens of milliseconds a page. The HTML is
    the same as Django's (attributes, selected option, option groups), escaped the same way.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = {str(v) for v in self.format_value(value)}
        parts = [format_html("<select{}>", flatatt(final))]
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):  # an option group
                parts.append(f'<optgroup label="{_escape(option_value)}">')
                parts += [self._option(v, text, selected) for v, text in label]
                parts.append("</optgroup>")
            else:
                parts.append(self._option(option_value, label, selected))
        parts.append("</select>")
        return mark_safe("".join(parts))  # every value and label is escaped

    @staticmethod
    def _option(value, label, selected):
        value = "" if value is None else str(value)
        chosen = " selected" if value in selected else ""
        return f'<option value="{_escape(value)}"{chosen}>{_escape(label)}</option>'


class LeanSelectMultiple(LeanSelect, forms.SelectMultiple):
    """A ``<select multiple>`` drawn as LeanSelect draws a ``<select>`` (the same HTML as
    Django's SelectMultiple): a plan's places among a city's 2,000."""

    def render(self, name, value, attrs=None, renderer=None):
        return super().render(name, value, {**(attrs or {}), "multiple": True}, renderer)
