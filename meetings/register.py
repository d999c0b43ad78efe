"""The decision register's search over everything said: decisions, the minutes' notes and
the agenda titles, in the minutes the user may read.

Danish stemming (the ``danish`` text-search configuration: "toilettet" finds "toilet") plus
prefix matching (every word typed is a prefix, ``to_tsquery('danish', 'toil:*')``: a
half-typed word finds the whole), ranked (a title weighs more than notes), the matching
words highlighted by ts_headline. Everything runs on the stored, GIN-indexed search columns
(AgendaItem.search_vector, Decision.search_vector) that PostgreSQL keeps itself; the query
is byrum.search.prefix_query, as the incident search's.

Only the newest RANKED matches are ranked and counted (``newest_matches``, then
``search(..., ids=)``), so a common word costs no more ranking than a rare one; the page says
"over 1,000" when more match. Finding the newest still reads the ids of every match (a
top-N sort, what counting them cost before); see docs/performance.md, issue 18."""

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.db.models import F, FloatField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe

from byrum.expressions import AnyOf

from .models import AgendaItem, Decision, Meeting

# Markers ts_headline puts around a match; the text is escaped first and then the markers
# become <mark> (they are not HTML, so nothing in the text can open a tag).
START, STOP = "\u27e6", "\u27e7"


def _headline(field, query, **options):
    return SearchHeadline(field, query, config="danish", start_sel=START, stop_sel=STOP, **options)


def register_items(user):
    """The agenda items whose minutes the user may read (the register's base)."""
    return AgendaItem.objects.filter(meeting__in=Meeting.objects.minutes_visible_to(user))


# The register ranks the newest this many matches, not every match: ranking is per row
# (ts_rank of the item and of its best decision), and a common word matches nearly every
# agenda item of ten years (48,800 of 50,000 at the benchmark's scale: 1.4 s to rank). The
# secretariat looks for what was said lately; the page says when older matches were left out.
RANKED = 1000


def matches(query):
    """The condition "the title, the notes or a decision of the item matches ``query``". The
    items whose decisions match are found through the decisions' index first, so that
    PostgreSQL can read both indexes (a BitmapOr) instead of testing every agenda item."""
    decided = Decision.objects.filter(search_vector=query).order_by().values("agenda_item_id")
    return Q(search_vector=query) | Q(AnyOf("pk", ArraySubquery(decided)))


def newest_matches(items, query, limit=RANKED):
    """The ids of the newest ``limit`` agenda items of ``items`` that match ``query``, the
    newest meeting first. One query on the ids alone: the matches are found through both
    search indexes (a BitmapOr) and only the newest are kept (a top-N sort), which costs
    about what counting them did, without ranking any."""
    ordered = items.filter(matches(query)).order_by("-meeting__start", "-pk")
    return list(ordered.values_list("pk", flat=True)[:limit])


def search(items, query, *, ids=None):
    """Agenda items that match ``query`` in their title, notes or decisions, best first, with
    highlighted title, notes and decisions, the meeting, group and place. With ``ids`` (from
    ``newest_matches``) only those items are ranked, and the match is not tested again. One
    query, plus one for the decisions of the page."""
    decisions = Decision.objects.filter(agenda_item=OuterRef("pk"), search_vector=query)
    decision_rank = Subquery(
        decisions.annotate(r=SearchRank(F("search_vector"), query)).order_by("-r").values("r")[:1],
        output_field=FloatField(),
    )
    found = items.filter(matches(query)) if ids is None else items.filter(pk__in=ids)
    return (
        found.annotate(
            rank=SearchRank(F("search_vector"), query) + Coalesce(decision_rank, Value(0.0)),
            title_headline=_headline("title", query, highlight_all=True),
            notes_headline=_headline("notes", query, max_words=40, min_words=15),
        )
        .select_related("meeting__group", "meeting__place")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.annotate(
                    headline=_headline("text", query, highlight_all=True)
                ).order_by("pk"),
            )
        )
        .order_by("-rank", "-meeting__start", "pk")
    )


def highlighted(text):
    """Escaped text with ts_headline's markers as <mark>."""
    html = escape(text or "")
    return mark_safe(html.replace(START, "<mark>").replace(STOP, "</mark>"))
