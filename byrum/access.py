"""Who may open a record, and the log of who did.

Fetch and check one record (each app's access.py builds its helpers on this)::

    group = get_for_user(request.user, Group.objects.all(), pk, write=True)

Write the access log: one call per view that shows protected records.

    log_access(request, AccessLog.Action.VIEWED, obj=incident)
    log_access(request, AccessLog.Action.LISTED, objects=page.object_list, model=Incident)
    log_access(request, AccessLog.Action.SEARCHED, objects=rows, model=Incident, query=term)
    log_access(request, AccessLog.Action.EXPORTED, model=Incident, query=request.GET, count=n)

Only ids (or, for an export, how many records it held) and the search or filter parameters
are stored, never the records' text.
"""

from collections.abc import Iterable, Mapping

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404

from . import tenancy
from .models import AccessLog
from .security import client_ip


def get_for_user(user, queryset, pk, *, write=False):
    """Fetch one record of ``queryset`` and check the user's right to it: 404 for those who
    may not see it (the same answer as for a missing id), 403 for those who may see it but
    not change it. The permissions are the model's own ``view_``/``change_`` ones."""
    meta = queryset.model._meta
    if not user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
        raise Http404
    obj = get_object_or_404(tenancy.scoped(queryset, user), pk=pk)
    if write and not user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
        raise PermissionDenied
    return obj


# Parameters that say nothing about what was looked at.
IGNORED_PARAMETERS = {"page", "csrfmiddlewaretoken", "o", "_changelist_filters"}


def _query_text(query) -> str:
    if not query:
        return ""
    if isinstance(query, str):
        return query[:500]
    if isinstance(query, QueryDict):
        pairs = [(k, v) for k, values in query.lists() for v in values]
    elif isinstance(query, Mapping):
        pairs = list(query.items())
    else:
        pairs = list(query)
    pairs = [(k, v) for k, v in pairs if k not in IGNORED_PARAMETERS and v not in ("", None)]
    text = QueryDict(mutable=True)
    for key, value in pairs:
        text.appendlist(key, str(value))
    return text.urlencode()[:500]


def log_access(
    request,
    action,
    obj=None,
    *,
    objects: Iterable | None = None,
    model=None,
    ids: Iterable | None = None,
    query="",
    count: int | None = None,
) -> AccessLog:
    """Record that ``request.user`` did ``action`` on ``obj``, on ``objects`` (already
    fetched instances: pass the page's list, not an unevaluated queryset, to save a query), or
    on ``ids`` of ``model``. ``query`` is the search term or the filter parameters (a string or
    request.GET); ``count`` how many records an export held, where its ids are not listed.
    Costs one INSERT."""
    if obj is not None:
        model, ids = type(obj), [obj.pk]
    elif objects is not None:
        objects = list(objects)
        ids = [o.pk for o in objects]
        if model is None and objects:
            model = type(objects[0])
    user = request.user if request.user.is_authenticated else None
    return AccessLog.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        content_type=ContentType.objects.get_for_model(model) if model is not None else None,
        object_ids=[str(pk) for pk in (ids or [])],
        query=_query_text(query),
        count=count,
        path=request.path[:500],
        ip_address=client_ip(request) or None,
    )
