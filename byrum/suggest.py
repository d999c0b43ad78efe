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
from .widgets import SuggestInput

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


class SuggestField(forms.ModelChoiceField):
    """One record of a kind, picked by typing (see the module's docstring). ``queryset`` is
    what may be picked, already scoped to the user (``Kind.choices(user)``)."""

    widget = SuggestInput
    default_error_messages = {
        "unknown": _("Nothing matches “%(text)s”."),
        "unknown_maybe": _("Nothing matches “%(text)s”. Did you mean: %(candidates)s?"),
        "ambiguous": _(
            "Several match “%(text)s”: %(candidates)s. Type the whole name as suggested."
        ),
    }

    def __init__(self, queryset, *, kind, **kwargs):
        self.kind_key = kind
        kwargs.setdefault("empty_label", None)
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

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            return value
        # PostgreSQL takes no NUL in a text; no name is longer than its column.
        text = " ".join(str(value).replace("\x00", "").split())[:MAX_TYPED]
        # The records with the labels' links (a person's organisation): one query.
        queryset = self.queryset.select_related(*self.kind.links)
        if text.isdigit():
            found = list(queryset.filter(pk=int(text))[:1])
        else:
            found = list(queryset.filter(self.kind.exact_match(text))[:CANDIDATES])
        if len(found) == 1:
            obj = found[0]
            self._labels[str(value)] = (obj.pk, self.kind.label_of(obj))
            return obj
        if text.isdigit():  # an id that is not among the choices, as for any choice field
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        if len(found) > 1:
            names = ", ".join(self.kind.label_of(obj) for obj in found)
            raise ValidationError(
                self.error_messages["ambiguous"],
                code="ambiguous",
                params={"text": text, "candidates": names},
            )
        candidates = self.kind.rows(self.kind.matching(self.queryset, text), CANDIDATES)
        names = ", ".join(label for _pk, label in candidates)
        raise ValidationError(
            self.error_messages["unknown_maybe" if names else "unknown"],
            code="invalid_choice",
            params={"text": text, "candidates": names},
        )

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


def typed(form, name, kind):
    """Make the model form's choice field ``name`` a type-to-find field of ``kind``, with the
    same label, help text and required flag, offering what its queryset offers in the
    transaction's municipality (the request's: ``tenancy.scoped``)."""
    old = form.fields[name]
    form.fields[name] = SuggestField(
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
