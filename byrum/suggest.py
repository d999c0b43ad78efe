"""Type to find: the choices among records that grow with the city (places, people,
organisations, groups) as a search field with suggestions from the server.

A page draws only the record chosen, never the city's whole list, so it stays the same size
however many places the city has. The pieces:

- **kinds**, registered by the app that owns the records in its ``AppConfig.ready()`` (this
  layer knows no app)::

      suggest.register(suggest.Kind(key="place", model=Place, fields=("name", "city"),
                                    label=lambda name, city: f"{name} ({city})"))

- **the suggestions**, ``GET /suggest/<kind>/?q=klo``: at most ``LIMIT`` rows
  ``{"value": id, "text": label}`` whose words begin with the words typed (all of them, case
  and accents as typed, ``words_match``), ordered by name, from the records the user may see
  (the kind's view permission and their municipality, ``tenancy.scoped``). Login required;
  one query.
- **the field**, ``SuggestField`` (``SuggestFilter`` for django-filter): a plain text input
  (``byrum.widgets.SuggestInput``) holding the chosen record's label, with ``data-suggest``
  pointing at the suggestions. ``static/js/type-to-find.js`` turns it into a tom-select
  combobox that submits the record's id. **Without JavaScript** the input stays a text field:
  the person types the name (a place as "Name (City)" or just its name) and the server
  resolves it to the one record in scope with that name; when none or several match, the form
  says so in Danish, lists a few candidates and keeps what was typed. An id works too, so a
  link or a bookmarked filter (``?place=12``) means what it meant before.

The words are matched with PostgreSQL's ``simple`` text-search configuration (lower-cased,
not stemmed: a name is not prose) as prefixes, on the expression each model's GIN index
(``words_index``) is built on, so a suggestion reads the index, not every row.
"""

import dataclasses
from collections.abc import Callable

import django_filters
from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import search, tenancy
from .widgets import SuggestInput, SuggestSelectMultiple

LIMIT = 20
# Candidates listed in a form error when a typed name matches none or several records.
CANDIDATES = 5
CONFIG = "simple"
MAX_TYPED = 300


def words_vector(*fields):
    """The expression a kind's words are matched on, and indexed by ``words_index``."""
    return SearchVector(*fields, config=CONFIG)


def words_index(*fields, name):
    """The GIN index for a model's ``Meta.indexes`` that serves its suggestions."""
    return GinIndex(words_vector(*fields), name=name)


def words_match(text):
    """A tsquery: every word typed (letters and digits only) as a prefix; None when the text
    has no word."""
    found = [w.lower() for w in search.words(text)]
    if not found:
        return None
    return SearchQuery(" & ".join(f"{w}:*" for w in found), search_type="raw", config=CONFIG)


@dataclasses.dataclass(frozen=True)
class Kind:
    """A kind of record a field may offer, labelled by its ``name`` and, in brackets, its
    ``qualifier`` when it has one ("Klostertorvet (Aarhus)", "Anne Holm (Kirkens Korshær)"):
    what the suggestions show, and what a name typed whole is compared with (the name alone
    is enough when it is the only one). ``search`` are the columns matched word by word
    (those of the model's ``words_index``); ``queryset(queryset, user)`` narrows further what
    the user may pick, beyond their municipality and the view permission."""

    key: str
    model: type
    name: str = "name"
    qualifier: str | None = None
    search: tuple = ("name",)
    order_by: tuple = ("name", "pk")
    queryset: Callable | None = None
    # The permission that lets a user pick among these records (the model's view
    # permission unless said otherwise: reporters are picked by who may see who reported).
    permission: str | None = None
    # Records labelled by other columns than name and qualifier (a user by first name, last
    # name and username): ``label_fields`` are read, ``labeller(*values)`` makes the text,
    # ``exact(text)`` is the Q of the records called ``text``.
    label_fields: tuple = ()
    labeller: Callable | None = None
    exact: Callable | None = None

    @property
    def fields(self):
        if self.label_fields:
            return self.label_fields
        return (self.name, self.qualifier) if self.qualifier else (self.name,)

    def label(self, name, qualifier=None, *rest):
        if self.labeller is not None:
            return self.labeller(name, qualifier, *rest)
        return f"{name} ({qualifier})" if qualifier else name

    def may_pick(self, user):
        meta = self.model._meta
        return user.has_perm(self.permission or f"{meta.app_label}.view_{meta.model_name}")

    def choices(self, user):
        """What ``user`` may pick: none without the view permission; their municipality's
        records otherwise. Without a user (an export run by a job): the transaction's
        municipality."""
        queryset = self.model._default_manager.all()
        if user is None:
            return tenancy.scoped(queryset, None)
        if not self.may_pick(user):
            return queryset.none()
        if self.queryset is not None:
            queryset = self.queryset(queryset, user)
        return tenancy.scoped(queryset, user)

    def matching(self, queryset, text):
        query = words_match(text)
        if query is None:
            return queryset.none()
        vector = words_vector(*self.search)
        return queryset.alias(suggest_words=vector).filter(suggest_words=query)

    def rows(self, queryset, limit=LIMIT):
        """``(pk, label)`` straight from the database, without a model instance per row."""
        rows = queryset.order_by(*self.order_by).values_list("pk", *self.fields)[:limit]
        return [(pk, self.label(*values)) for pk, *values in rows]

    @property
    def links(self):
        """The relations the label reads (``organisation`` for ``organisation__name``)."""
        return [f.rsplit("__", 1)[0] for f in self.fields if "__" in f]

    def label_of(self, obj):
        return self.label(*(_value(obj, f) for f in self.fields))

    def exact_match(self, text):
        """The records called ``text``: "Name (Qualifier)" as labelled, or the name alone."""
        if self.exact is not None:
            return self.exact(text)
        exact = Q(**{f"{self.name}__iexact": text})
        name, _bracket, rest = text.rpartition(" (")
        if self.qualifier and name and rest.endswith(")"):
            exact |= Q(
                **{f"{self.name}__iexact": name.strip(), f"{self.qualifier}__iexact": rest[:-1]}
            )
        return exact


def _value(obj, path):
    """``obj``'s value at a field path (``organisation__name``); None past an empty link."""
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _kinds[kind.key] = kind


def get_kind(key: str) -> Kind:
    return _kinds[key]


@login_required
@require_GET
def suggestions(request, key):
    """``[{"value": id, "text": label}, …]`` for ``?q=``: the records of the kind the user
    may pick whose words begin with the words typed. 403 without the kind's view permission,
    as its list page."""
    found = _kinds.get(key)
    if found is None:
        raise Http404
    if not found.may_pick(request.user):
        raise PermissionDenied
    text = request.GET.get("q", "")[: search.MAX_WORDS * 40]
    rows = found.rows(found.matching(found.choices(request.user), text))
    return JsonResponse([{"value": pk, "text": text} for pk, text in rows], safe=False)


ERRORS = {
    "unknown": _("Nothing matches “%(text)s”."),
    "unknown_maybe": _("Nothing matches “%(text)s”. Did you mean: %(candidates)s?"),
    "ambiguous": _("Several match “%(text)s”: %(candidates)s. Type the whole name as suggested."),
}


def cleaned_text(value):
    """What was typed, as one line: PostgreSQL takes no NUL in a text; no name is longer
    than its column."""
    return " ".join(str(value).replace("\x00", "").split())[:MAX_TYPED]


def resolve(kind, queryset, value, errors):
    """The one record of ``queryset`` that ``value`` names: its id, its label ("Name
    (Qualifier)") or its name alone when no other has it; otherwise a ValidationError that
    says, in the user's language, what matched (``errors``: the field's error messages)."""
    text = cleaned_text(value)
    # The records with the labels' links (a person's organisation): one query.
    queryset = queryset.select_related(*kind.links)
    if text.isdigit():
        found = list(queryset.filter(pk=int(text))[:1])
    else:
        found = list(queryset.filter(kind.exact_match(text))[:CANDIDATES])
    if len(found) == 1:
        return found[0]
    if text.isdigit():  # an id that is not among the choices, as for any choice field
        raise ValidationError(
            errors["invalid_choice"], code="invalid_choice", params={"value": text}
        )
    if len(found) > 1:
        names = ", ".join(kind.label_of(obj) for obj in found)
        raise ValidationError(
            errors["ambiguous"], code="ambiguous", params={"text": text, "candidates": names}
        )
    candidates = kind.rows(kind.matching(queryset, text), CANDIDATES)
    names = ", ".join(label for _pk, label in candidates)
    raise ValidationError(
        errors["unknown_maybe" if names else "unknown"],
        code="invalid_choice",
        params={"text": text, "candidates": names},
    )


class _Typed:
    """What the fields of one record and of several share: their kind (``kind_key``, looked
    up when used, as the kinds register after the forms import), the suggestions' URL on the
    widget, and the labels found while cleaning (``_labels``: what was sent, to ``(id,
    label)``) for drawing the form again without asking the database twice."""

    def __init__(self, queryset, *, kind, **kwargs):
        self.kind_key = kind
        super().__init__(queryset, **kwargs)
        self._labels = {}

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result._labels = {}
        return result

    @property
    def kind(self):
        return get_kind(self.kind_key)

    def widget_attrs(self, widget):
        url = reverse_lazy("suggest", args=[self.kind_key])
        return {**super().widget_attrs(widget), "data-suggest": url}


class SuggestField(_Typed, forms.ModelChoiceField):
    """One record of a kind, picked by typing (see the module's docstring). ``queryset`` is
    what may be picked, already scoped to the user (``Kind.choices(user)``)."""

    widget = SuggestInput
    default_error_messages = ERRORS

    def __init__(self, queryset, *, kind, **kwargs):
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset, kind=kind, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            return value
        obj = resolve(self.kind, self.queryset, value, self.error_messages)
        self._labels[str(value)] = (obj.pk, self.kind.label_of(obj))
        return obj

    def has_changed(self, initial, data):
        """Changed when the record chosen is another (the input shows a label, so the text
        sent is not compared with the initial id)."""
        if self.disabled:
            return False
        initial_pk = getattr(initial, "pk", initial)
        try:
            chosen = self.to_python(data)
        except ValidationError:
            return True
        return str(initial_pk or "") != str(getattr(chosen, "pk", "") or "")

    def prepare_value(self, value):
        """What the input shows: ``(id, label)`` of the chosen record, or the text as typed
        when it did not resolve (the form's error says why)."""
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            return (value.pk, self.kind.label_of(value))
        key = str(value)
        if key in self._labels:
            return self._labels[key]
        if key.isdigit():  # an id from the initial data or a link: one query
            rows = self.kind.rows(self.queryset.filter(pk=int(key)), 1)
            if rows:
                self._labels[key] = rows[0]
                return rows[0]
        return (None, key)


class SuggestMultipleField(_Typed, forms.ModelMultipleChoiceField):
    """Several records of a kind, picked by typing: the multiple choice of ``SuggestField``.
    The page draws only the records chosen, as the selected options of a ``<select
    multiple>`` (``byrum.widgets.SuggestSelectMultiple``), beside a text box for more, one
    name a line; ``static/js/type-to-find.js`` makes the select a combobox that adds records
    found by typing and removes them with a button, and drops the text box. The values sent
    are ids (the options, the combobox) and lines of text (the text box), each resolved as
    ``SuggestField`` resolves what was typed; a line that names none or several records is an
    error that lists candidates, and what was typed is shown again."""

    widget = SuggestSelectMultiple
    default_error_messages = ERRORS

    @staticmethod
    def entries(value):
        """The ids and names sent, in order, once each: a line of the text box is one."""
        if value in (None, ""):
            return []
        if isinstance(value, str | int) or hasattr(value, "_meta"):
            value = [value]
        found = []
        for item in value:
            for line in str(getattr(item, "pk", item)).splitlines():
                text = cleaned_text(line)
                if text and text not in found:
                    found.append(text)
        return found

    def clean(self, value):
        entries = self.entries(value)
        if not entries:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return self.queryset.none()
        ids = [int(text) for text in entries if text.isdigit()]
        # The ids (the options chosen): one query; a typed name: one query each.
        known = self.queryset.select_related(*self.kind.links).filter(pk__in=ids)
        chosen = {obj.pk: obj for obj in known}
        errors = []
        for text in entries:
            if text.isdigit():
                obj = chosen.get(int(text))
                if obj is None:
                    errors.append(
                        ValidationError(
                            self.error_messages["invalid_choice"],
                            code="invalid_choice",
                            params={"value": text},
                        )
                    )
                    continue
            else:
                try:
                    obj = resolve(self.kind, self.queryset, text, self.error_messages)
                except ValidationError as error:
                    errors.append(error)
                    continue
                chosen[obj.pk] = obj
            self._labels[text] = (obj.pk, self.kind.label_of(obj))
        if errors:
            raise ValidationError(errors)
        self.run_validators(value)
        return self.queryset.filter(pk__in=list(chosen))

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        before = {str(getattr(v, "pk", v)) for v in (initial or [])}
        after = set()
        for text in self.entries(data):
            if text.isdigit():
                after.add(text)
            elif text in self._labels:
                after.add(str(self._labels[text][0]))
            else:
                return True  # a name not resolved (yet): changed, the form says more
        return before != after

    def prepare_value(self, value):
        """What the widget shows: ``(id, label)`` of each record chosen, and ``(None, text)``
        for each line typed that did not resolve (the form's error says why)."""
        if hasattr(value, "_meta"):
            value = [value]
        if value is None or isinstance(value, str):
            value = [] if not value else [value]
        shown, ids = [], []
        for item in value:
            # A record (the model form's initial) is labelled as it is, unless its label
            # reads a link (a person's organisation): then it counts as its id, and the
            # labels are read for all in one query, not one each.
            if hasattr(item, "_meta") and not self.kind.links:
                self._labels[str(item.pk)] = (item.pk, self.kind.label_of(item))
            for text in self.entries(item):
                shown.append(text)
                if text.isdigit() and text not in self._labels:
                    ids.append(int(text))
        if ids:  # ids from the initial data or a link: one query
            for pk, label in self.kind.rows(self.queryset.filter(pk__in=ids), len(ids)):
                self._labels[str(pk)] = (pk, label)
        result, seen = [], set()
        for text in shown:
            label = self._labels.get(text)
            if label is None:
                if not text.isdigit():  # an id not among the choices is not shown
                    result.append((None, text))
            elif label[0] not in seen:
                seen.add(label[0])
                result.append(label)
        return result


def typed(form, name, kind):
    """Make the model form's choice field ``name`` a type-to-find field of ``kind``
    (``SuggestField``, or ``SuggestMultipleField`` for a multiple choice), with the same label,
    help text and required flag, offering what its queryset offers in the transaction's
    municipality (the request's: ``tenancy.scoped``)."""
    old = form.fields[name]
    many = isinstance(old, forms.ModelMultipleChoiceField)
    field_class = SuggestMultipleField if many else SuggestField
    form.fields[name] = field_class(
        tenancy.scoped(old.queryset, None),
        kind=kind,
        required=old.required,
        label=old.label,
        help_text=old.help_text,
        initial=old.initial,
        disabled=old.disabled,
    )
    return form.fields[name]


class SuggestFilter(django_filters.ModelChoiceFilter):
    """A django-filter filter on one record of ``kind``, with the choices of the request's
    user."""

    field_class = SuggestField

    def __init__(self, *args, kind, **kwargs):
        self.kind_key = kind
        kwargs.setdefault("queryset", self._choices)
        super().__init__(*args, kind=kind, **kwargs)

    def _choices(self, request):
        return get_kind(self.kind_key).choices(getattr(request, "user", None))
