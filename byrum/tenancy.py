"""Row-level security: the second lock on each municipality's data.

Every tenant table gets a PostgreSQL policy that lets a row through only when its
municipality is the one set for the current transaction in ``byrum.municipality``. The first
lock is the querysets scoped to the user (``visible_to(user)``); this one holds when a query
forgets its scope. The application's role owns no table, so the policies apply to it; they
are also forced on the owner, which passes only because it has BYPASSRLS (README, "Database
roles"), as migrations and the benchmark's generator need.

In a migration, after the table has its municipality column::

    from byrum.tenancy import row_level_security

    operations = [..., row_level_security("places_place")]

The setting is per transaction (``set_config(..., true)``), so it ends with the transaction
and cannot leak into the next request on a persistent connection (CONN_MAX_AGE):

- every request: ``TenantMiddleware`` is the request's transaction. Django's ATOMIC_REQUESTS
  would start it only around the view, after the middleware; so it is off, and the middleware
  opens the transaction right after the user is known, sets the user's municipality before
  anything else queries, and rolls back when the view raises, as ATOMIC_REQUESTS did. One
  transaction per request, as before; one query more (``set_config``) when there is a
  municipality;
- management commands and background jobs: ``with tenancy.municipality(pk): ...``.

Outside those, the setting is empty and tenant tables show no rows: the lock fails closed.
"""

import contextlib

from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    connection,
    connections,
    migrations,
    models,
    transaction,
)
from django.utils.deconstruct import deconstructible

SETTING = "byrum.municipality"
POLICY = "byrum_tenant"
CURRENT = f"NULLIF(current_setting('{SETTING}', true), '')::bigint"


@deconstructible(path="byrum.tenancy.CurrentMunicipality")
class CurrentMunicipality(models.Func):
    """The transaction's municipality as a column default (``db_default``): a row inserted
    without one belongs to the municipality of the transaction that inserts it, so records
    made by a request, a job or a command need not name it, and the policy's check refuses
    any other."""

    template = CURRENT
    output_field = models.BigIntegerField()

    def __init__(self):
        super().__init__()


def row_level_security(table: str, column: str = "municipality_id") -> migrations.RunSQL:
    """A migration operation: enable and force row-level security on ``table`` with one
    policy for every command: rows (read, written, or left after an update) whose ``column``
    is the transaction's municipality."""
    forward = [
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY;',
        f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY;',
        f'CREATE POLICY {POLICY} ON "{table}" '
        f'USING ("{column}" = {CURRENT}) WITH CHECK ("{column}" = {CURRENT});',
    ]
    backward = [
        f'DROP POLICY IF EXISTS {POLICY} ON "{table}";',
        f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY;',
        f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY;',
    ]
    return migrations.RunSQL(forward, backward)


def activate(municipality_id, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Set the municipality for the rest of the current transaction (None: no municipality,
    no tenant rows). Refuses to run outside a transaction, where it would vanish at once."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("tenancy.activate() needs a transaction (transaction.atomic)")
    value = "" if municipality_id is None else str(int(municipality_id))
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, value])


def current(*, using: str = DEFAULT_DB_ALIAS):
    """The municipality set for the current transaction, or None."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {CURRENT}")
        return cursor.fetchone()[0]


@contextlib.contextmanager
def municipality(municipality_id, *, using: str = DEFAULT_DB_ALIAS):
    """A transaction (or a savepoint in one) in which ``municipality_id`` is set: for
    management commands and background jobs. Inside an outer transaction the outer value is
    set again on leaving, so the block's municipality does not outlive it."""
    connection = connections[using]
    nested = connection.in_atomic_block
    with transaction.atomic(using=using):
        outer = current(using=using) if nested else None
        activate(municipality_id, using=using)
        yield
        if nested:
            activate(outer, using=using)


class _Registry:
    """What this layer cannot know and ``governance`` (which owns municipalities) tells it
    in its AppConfig.ready(): which municipality a request works in, and which there are."""

    for_request = staticmethod(lambda request: None)
    all_ids = staticmethod(lambda: [])


registry = _Registry()


def register(*, for_request, all_ids):
    registry.for_request = staticmethod(for_request)
    registry.all_ids = staticmethod(all_ids)


@contextlib.contextmanager
def working_in(municipality_id, *, using: str = DEFAULT_DB_ALIAS):
    """For a background job (or a command's loop): every query of the block, in whatever
    transactions the job's own code opens, sees only ``municipality_id``'s rows. Unlike
    ``municipality()`` it opens no transaction of its own, so a job that commits each mail
    (or batch) on its own still does, and its locks end with each: the setting is made for
    the connection's session (``set_config(..., false)``) and the one before is set again on
    leaving. If that fails the connection is closed, so nothing set here outlives the block."""
    connection = connections[using]
    previous = current(using=using)
    _set_session(connection, municipality_id)
    try:
        yield
    finally:
        try:
            _set_session(connection, previous)
        except DatabaseError:
            connection.close()


def _set_session(connection, municipality_id):
    value = "" if municipality_id is None else str(int(municipality_id))
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, false)", [SETTING, value])


def municipality_for(request):
    """The municipality whose rows this request may see: the user's, or for a platform
    administrator the one they chose (``governance.tenants``). None: no tenant rows."""
    return registry.for_request(request)


_UNKNOWN = object()


def of_user(user):
    """The municipality ``user`` works in: put on the request's user by TenantMiddleware;
    for a user loaded elsewhere (a job, a command), the transaction's."""
    municipality_id = getattr(user, "municipality_id", _UNKNOWN)
    return current() if municipality_id is _UNKNOWN else municipality_id


def is_tenant(model) -> bool:
    return any(field.attname == "municipality_id" for field in model._meta.concrete_fields)


def scoped(queryset, user):
    """The first lock: ``queryset`` narrowed to the municipality ``user`` works in (for a
    tenant model; other querysets pass unchanged). Row-level security would hide the rest
    anyway; this says it in the query, so a page is right even where the policies are not
    (the owner's connection) and the planner sees the municipality. For a user that did not
    come through a request (a job, a command) the transaction's municipality, in the same
    query."""
    if not is_tenant(queryset.model):
        return queryset
    municipality_id = getattr(user, "municipality_id", _UNKNOWN)
    if municipality_id is None:
        return queryset.none()
    if municipality_id is _UNKNOWN:
        return queryset.filter(municipality_id=CurrentMunicipality())
    return queryset.filter(municipality_id=municipality_id)


def for_each_municipality(work, *args, **kwargs):
    """Run ``work(municipality_id, ...)`` once per municipality, with that municipality set
    (``working_in``: the work's own transactions stay its own): the periodic jobs and
    commands that serve every tenant."""
    results = {}
    for municipality_id in registry.all_ids():
        with working_in(municipality_id):
            results[municipality_id] = work(municipality_id, *args, **kwargs)
    return results


class TenantMiddleware:
    """The request's transaction (in place of ATOMIC_REQUESTS), with the request's
    municipality set in it before the first tenant query.

    Sits right after AuthenticationMiddleware (settings.MIDDLEWARE): the middlewares and the
    view after it run inside the transaction; the session and user rows it reads to find the
    municipality are not tenant tables. Without a municipality nothing is set, and tenant
    tables show no rows.

    When the view raises, its work is rolled back as with ATOMIC_REQUESTS, and the error page
    (404, 403, 500) is rendered in a fresh transaction with the same municipality. The
    transaction is entered and left by hand for that: it spans __call__ and
    process_exception."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            connection.ensure_connection()
        except DatabaseError:
            # The database is down: no transaction to open. /healthz says so with its 503.
            return self.get_response(request)
        request._tenant_transaction = self._begin(request)
        try:
            response = self.get_response(request)
        except BaseException as error:
            self._end(request, error)
            raise
        self._end(request, None)
        return response

    @staticmethod
    def _end(request, error):
        atomic, request._tenant_transaction = request._tenant_transaction, None
        if atomic is not None:
            atomic.__exit__(
                type(error) if error else None, error, getattr(error, "__traceback__", None)
            )

    def _begin(self, request):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            municipality_id = municipality_for(request)
            if municipality_id is not None or request.user.is_authenticated:
                # Said even when it is none: nothing set on the connection before counts.
                activate(municipality_id)
                # The querysets' first lock reads it from the user (``of_user``). The user
                # is loaded here rather than later in the view: the same one query.
                request.user.municipality_id = municipality_id
        except BaseException as error:
            atomic.__exit__(type(error), error, error.__traceback__)
            raise
        return atomic

    def process_exception(self, request, exception):
        """Roll the view's work back and carry on in a fresh transaction."""
        if getattr(request, "_tenant_transaction", None) is not None:
            self._end(request, exception)
            request._tenant_transaction = self._begin(request)
