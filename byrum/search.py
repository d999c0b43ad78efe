"""Danish full-text search as the search fields use it: a word's beginning is enough.

The columns searched are stored ``tsvector`` columns that PostgreSQL computes itself
(``GeneratedField(expression=SearchVector(..., config="danish"), db_persist=True)``) under a
GIN index, so a search reads the index, never every row. The query is built here::

    query = prefix_query(request.GET["q"])      # None when the text holds no word
    Incident.objects.filter(search_vector=query)

Every word typed is Danish-stemmed and taken as a prefix (``to_tsquery('danish',
'toil:* & flask:*')``): "toil" finds "toilettet", "flaskerne" finds "flasker". Only letters
and digits reach ``to_tsquery``, so nothing a person types is read as tsquery syntax (no
operators, no syntax error). A word that is only a Danish stop word ("og", "i") is dropped by
PostgreSQL; a query of stop words alone matches nothing.
"""

import re

from django.contrib.postgres.search import SearchQuery

CONFIG = "danish"
# More words than anyone types into a search field; the rest is ignored.
MAX_WORDS = 12
WORD = re.compile(r"[^\W_]+")


def words(text):
    """The words of ``text`` that a query is built from: letters and digits only."""
    return WORD.findall(text or "")[:MAX_WORDS]


def prefix_query(text):
    """A tsquery in which every word typed is a Danish-stemmed prefix, all of them required;
    None when the text has no word."""
    found = words(text)
    if not found:
        return None
    return SearchQuery(" & ".join(f"{w}:*" for w in found), search_type="raw", config=CONFIG)
