"""Form widgets shared by the apps."""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


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


class SuggestInput(forms.TextInput):
    """The input of a type-to-find field (``byrum.suggest.SuggestField``): a text input
    holding the chosen record's label, never the list of every record. Its field gives it
    ``data-suggest`` (the suggestions' URL); ``data-value`` is the chosen record's id, which
    ``static/js/type-to-find.js`` submits in place of the text when it turns the input into a
    combobox. Without JavaScript the label (or what was typed) is submitted and the field
    resolves it on the server."""

    def format_value(self, value):
        # The field's prepare_value gives (id, label), or (None, the text as typed).
        if isinstance(value, tuple):
            return value[1]
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if isinstance(value, tuple) and value[0] is not None:
            context["widget"]["attrs"]["data-value"] = str(value[0])
        attrs = context["widget"]["attrs"]
        attrs.setdefault("autocomplete", "off")
        attrs.setdefault("placeholder", _("Type to search"))
        attrs.setdefault("data-no-results", _("No results"))
        return context


class SuggestSelectMultiple(forms.SelectMultiple):
    """The input of a type-to-find field of several records (``byrum.suggest.
    SuggestMultipleField``): a ``<select multiple>`` holding only the records chosen, each
    selected (deselect one to remove it), and a text box beside it for more, one name a line.
    Its field gives the select ``data-suggest``; ``static/js/type-to-find.js`` turns the
    select into a combobox and drops the text box. Both are sent under the field's name: ids
    from the select, lines of text from the box."""

    def render(self, name, value, attrs=None, renderer=None):
        # The field's prepare_value gives (id, label) for each chosen, (None, text) for each
        # line typed that did not resolve.
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name, "multiple": True})
        chosen = [v for v in value or [] if isinstance(v, tuple) and v[0] is not None]
        typed = [v[1] for v in value or [] if isinstance(v, tuple) and v[0] is None]
        final["size"] = max(2, min(len(chosen), 8))
        final.setdefault("data-placeholder", _("Type to search"))
        final.setdefault("data-no-results", _("No results"))
        final.setdefault("data-remove", _("Remove"))
        parts = [format_html("<select{}>", flatatt(final))]
        parts += [
            f'<option value="{_escape(pk)}" selected>{_escape(label)}</option>'
            for pk, label in chosen
        ]
        parts.append("</select>")
        more_id = f"{final['id']}_more" if final.get("id") else ""
        parts.append(
            format_html(
                '<div class="suggest-more mt-2" data-suggest-more>'
                '<label class="form-label small" for="{}">{}</label>'
                '<textarea class="form-control" name="{}" id="{}" rows="2" '
                'autocomplete="off">{}</textarea></div>',
                more_id,
                _("Add more: one name a line"),
                name,
                more_id,
                "\n".join(typed),
            )
        )
        return mark_safe("".join(parts))  # every value and label is escaped
