"""Keyset (cursor) pagination for long lists shown newest first.

Django's ``Paginator`` counts the whole filtered set (``COUNT(*)``) and skips to deep pages
with ``OFFSET``: both read every row before the page, so both grow with the table. A keyset
page instead starts *after the last row the reader saw*, which an index on the list's order
(``(field, id)``) finds directly, however deep the page::

    page = keyset_page(filterset.qs, request.GET, field="occurred_at")
    page.object_list   # the rows, newest first
    page.older_query   # "category=violence&before=2025-03-01T21:30:00.000000Z_4711" or None
    page.newer_query   # "category=violence&after=…" or None
    page.invalid       # the link's cursor could not be read: this is the first page

The cursor is ``<value of field>_<pk>`` (ISO date or UTC time, then the id), in the query
string as ``before=`` (older rows) or ``after=`` (newer rows); the pk breaks ties between
rows with the same time. The other parameters (the filters) are kept in the links. An old
``?page=N`` link is answered with the first page. The list's order must be
``(-field, -pk)``.

``bounded_count`` says how many rows there are up to a limit ("more than 1,000") without
counting a million rows.
"""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import Q

from .expressions import AnyOf

PER_PAGE = 50
COUNT_LIMIT = 1000
# Query parameters that say where in the list a page is, not what the list holds.
CURSOR_PARAMETERS = ("before", "after", "page")


class InvalidCursor(ValueError):
    pass


@dataclass
class KeysetPage:
    object_list: list
    newer_query: str | None = None
    older_query: str | None = None
    first_query: str | None = None
    invalid: bool = False
    filter_query: str = ""
    is_first: bool = True
    has_more: bool = False

    @property
    def has_other_pages(self):
        return bool(self.newer_query or self.older_query)


def _field_kind(queryset, field):
    model_field = queryset.model._meta.get_field(field)
    if isinstance(model_field, models.DateTimeField):
        return datetime.datetime
    if isinstance(model_field, models.DateField):
        return datetime.date
    raise TypeError(f"keyset pagination needs a date or time field, not {field!r}")


def encode_cursor(value, pk):
    if isinstance(value, datetime.datetime):
        value = value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    else:
        value = value.isoformat()
    return f"{value}_{pk}"


def decode_cursor(raw, kind):
    """(value, pk) from ``<iso value>_<pk>``; InvalidCursor for anything else."""
    text, _sep, pk = (raw or "").strip().rpartition("_")
    try:
        pk = int(pk)
        if kind is datetime.datetime:
            # A "+" in a hand-typed URL arrives as a space.
            value = datetime.datetime.fromisoformat(text.replace(" ", "+"))
            if value.tzinfo is None:
                raise InvalidCursor(raw)
            # Python takes offsets up to 23:59, PostgreSQL only up to 15:59: compare in UTC.
            value = value.astimezone(datetime.UTC)
        else:
            value = datetime.date.fromisoformat(text)
    except (ValueError, OverflowError) as error:
        raise InvalidCursor(raw) from error
    if not 0 < pk < 2**63:  # a PostgreSQL bigint
        raise InvalidCursor(raw)
    return value, pk


def _without_cursor(params):
    query = params.copy()
    for name in CURSOR_PARAMETERS:
        query.pop(name, None)
    return query


def _link(query, name, value):
    link = query.copy()
    link[name] = value
    return link.urlencode()


def keyset_page(queryset, params, *, field, per_page=PER_PAGE, match=None):
    """One page of ``queryset`` in the order ``(-field, -pk)``, from the cursor in ``params``
    (request.GET): ``before=`` gives the rows older than the cursor, ``after=`` those newer,
    neither the newest. One query. A cursor that cannot be read gives the first page with
    ``invalid`` set, never an error.

    ``match`` is a condition on the rows that PostgreSQL cannot estimate well, a full-text
    search: the page's rows are the rows of ``queryset`` that meet it, read in at most
    three small queries instead of one that may read the whole table (see ``_matching``)."""
    kind = _field_kind(queryset, field)
    query = _without_cursor(params)
    direction, cursor, invalid = None, None, False
    for name in ("before", "after"):
        if name in params:
            try:
                cursor = decode_cursor(params[name], kind)
                direction = name
            except InvalidCursor:
                invalid = True
            break

    if direction == "after":
        value, pk = cursor
        ordered = newer_than(queryset, field, value, pk).order_by(field, "pk")
        rows = _matching(ordered, match, per_page + 1, field, older=False)
        has_newer, has_older = len(rows) > per_page, True
        rows = rows[:per_page][::-1]
    else:
        ordered = queryset.order_by(f"-{field}", "-pk")
        if direction == "before":
            ordered = older_than(ordered, field, *cursor)
        rows = _matching(ordered, match, per_page + 1, field, older=True)
        has_newer, has_older = direction == "before", len(rows) > per_page
        rows = rows[:per_page]

    page = KeysetPage(
        object_list=rows,
        invalid=invalid,
        filter_query=query.urlencode(),
        is_first=direction is None,
        has_more=has_older,
    )
    if rows and has_older:
        page.older_query = _link(
            query, "before", encode_cursor(getattr(rows[-1], field), rows[-1].pk)
        )
    if rows and has_newer:
        page.newer_query = _link(query, "after", encode_cursor(getattr(rows[0], field), rows[0].pk))
    if not page.is_first:
        page.first_query = page.filter_query
    return page


# How many rows of the list, from the cursor on, a search first looks through in order.
SEARCH_WINDOW = 1000


def _matching(ordered, match, limit, field, *, older):
    """The first ``limit`` rows of ``ordered`` (in the page's order, from the cursor) that
    meet ``match``.

    Without a match, one query. With one, PostgreSQL would choose between reading the list
    in order until enough rows match (fast when many do, the whole table when none does) and
    reading the matching rows through the search index and sorting them (fast when few do,
    slow when many do) by an estimate of how many match, which for words it does not know
    (a typo) can be off by thousands. So the page is read in steps that are each small
    whichever is true:

    1. the rows among the next SEARCH_WINDOW of the list that match (the window's ids in
       order from the list's index, then those rows by id);
    2. when they are not enough and the window was full: the rows beyond the window that
       match, found through the search index (planned on its own, without the list's order
       and limit), then sorted. Only a rare match gets here, so there are few of them.
    """
    if match is None:
        return list(ordered[:limit])
    window = ordered.values("pk")[:SEARCH_WINDOW]
    rows = list(ordered.filter(match, AnyOf("pk", ArraySubquery(window)))[:limit])
    if len(rows) >= limit:
        return rows
    edge = ordered.values_list(field, "pk")[SEARCH_WINDOW - 1 : SEARCH_WINDOW]
    edge = next(iter(edge), None)
    if edge is None:  # the window held every row after the cursor
        return rows
    beyond = older_than if older else newer_than
    found = beyond(ordered, field, *edge).filter(match).order_by().values("pk")
    rest = ordered.filter(AnyOf("pk", ArraySubquery(found)))[: limit - len(rows)]
    return rows + list(rest)


def older_than(queryset, field, value, pk):
    """The rows after ``(value, pk)`` in the order ``(-field, -pk)``. The redundant
    ``field <= value`` lets PostgreSQL start the index scan at the cursor."""
    return queryset.filter(**{f"{field}__lte": value}).filter(
        Q(**{f"{field}__lt": value}) | Q(**{field: value, "pk__lt": pk})
    )


def newer_than(queryset, field, value, pk):
    """The rows after ``(value, pk)`` in the order ``(field, pk)``."""
    return queryset.filter(**{f"{field}__gte": value}).filter(
        Q(**{f"{field}__gt": value}) | Q(**{field: value, "pk__gt": pk})
    )


def bounded_count(queryset, page=None, *, limit=COUNT_LIMIT):
    """How many rows ``queryset`` holds, counted up to ``limit + 1``: a number above
    ``limit`` means "more than ``limit``". One query
    (``SELECT count(*) FROM (SELECT … LIMIT limit + 1)``), none when ``page`` is a first page
    that holds every row already."""
    if page is not None and page.is_first and not page.has_more:
        return len(page.object_list)
    return queryset.order_by().select_related(None)[: limit + 1].count()
