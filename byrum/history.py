"""Trigger-based history of changes (django-pghistory), append-only, and how to read it.

Track a model (one event per insert, update and delete, written by PostgreSQL triggers in the
same transaction, also for queryset updates and raw SQL)::

    from byrum.history import track

    @track()
    class Incident(models.Model): ...

then ``makemigrations`` and add ``append_only("<app>_incidentevent")`` to the operations of the
migration that creates the event model. See README.md, "History and access log".
"""

import dataclasses
import datetime

import pghistory
from django.contrib.auth import get_user_model
from django.db import migrations, models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from pghistory.core import event_models
from pghistory.models import Events

TRIGGER = "byrum_append_only"

_REFUSE_FUNCTION = """
CREATE OR REPLACE FUNCTION byrum_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'byrum: % of % rows is not allowed, they are append-only',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def track(**kwargs):
    """pghistory.track with Byrum's trackers: an event for every insert, update and delete.
    (Fresh tracker objects per model: pghistory's trackers keep per-model state.)"""
    return pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **kwargs
    )


def append_only(*tables: str, allow_delete: bool = False) -> migrations.RunSQL:
    """A migration operation: PostgreSQL refuses UPDATE (and DELETE, unless ``allow_delete``)
    on the tables, for every database role including the application's own. Plain SQL, no
    switch to turn it off from a session (unlike pgtrigger's ignore)."""
    operations = "UPDATE" if allow_delete else "UPDATE OR DELETE"
    forward = [_REFUSE_FUNCTION] + [
        f'CREATE TRIGGER {TRIGGER} BEFORE {operations} ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION byrum_refuse_change();"
        for table in tables
    ]
    backward = [f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}";' for table in tables]
    return migrations.RunSQL(forward, backward)


def append_only_but_erasable(table: str, columns: list[str]) -> migrations.RunSQL:
    """Like append_only, for event tables that hold free text under a retention rule: the
    only UPDATE PostgreSQL lets through blanks ``columns`` (to '' or NULL) and changes
    nothing else, so history can be erased on schedule but never rewritten. DELETE stays
    refused."""
    name = f"byrum_erase_only_{table}"
    erasable = ", ".join(f"'{c}'" for c in columns)
    blanked = " AND ".join(f'(NEW."{c}" IS NULL OR NEW."{c}"::text = \'\')' for c in columns)
    function = f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (to_jsonb(NEW) - ARRAY[{erasable}]) = (to_jsonb(OLD) - ARRAY[{erasable}])
       AND {blanked} THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'byrum: % of % rows is not allowed, they are append-only '
        '(only erasing {", ".join(columns)} under the retention rule is)',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""
    return migrations.RunSQL(
        [
            function,
            f'CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {name}();",
        ],
        [f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}";', f"DROP FUNCTION IF EXISTS {name}();"],
    )


def tracked_models():
    """Models with history (a pghistory event model that points at them)."""
    return {m.pgh_tracked_model._meta.concrete_model for m in event_models()}


def event_tables():
    return sorted(m._meta.db_table for m in event_models())


ACTIONS = {"insert": _("Created"), "update": _("Changed"), "delete": _("Deleted")}


@dataclasses.dataclass
class Change:
    field: str
    old: str
    new: str


@dataclasses.dataclass
class Entry:
    at: datetime.datetime
    label: str
    action: str
    user: str
    url: str
    changes: list


def events_for(model, pk):
    """Every event of one record, newest first (paginate it; two queries per page)."""
    return Events.objects.tracks(model(pk=pk)).order_by("-pgh_created_at", "-pgh_id")


def entries(model, events) -> list[Entry]:
    """Events as the history page shows them: who, when, where, and old -> new per field.
    Users and related records named in the page are read with one query per related model."""
    # Not the municipality: every record on the page is the reader's own, and it never changes.
    fields = {
        f.column: f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.column != "municipality_id"
    }
    wanted: dict = {}
    user_ids = set()
    for event in events:
        user_id = (event.pgh_context or {}).get("user")
        if user_id is not None:
            user_ids.add(user_id)
        values = list((event.pgh_data or {}).items())
        values += [(k, v) for k, pair in (event.pgh_diff or {}).items() for v in pair]
        for column, value in values:
            field = fields.get(column)
            if field is not None and field.is_relation and value is not None:
                wanted.setdefault(field.related_model, set()).add(value)
    related = {m: m._default_manager.in_bulk(ids) for m, ids in wanted.items()}
    users = get_user_model()._default_manager.in_bulk(user_ids) if user_ids else {}

    def show(column, value):
        field = fields[column]
        if value is None or value == "":
            return "–"
        if field.is_relation:
            obj = related.get(field.related_model, {}).get(value)
            return str(obj) if obj is not None else f"#{value}"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.BooleanField):
            return str(_("Yes") if value else _("No"))
        if isinstance(field, models.DateTimeField):
            moment = parse_datetime(value)
            return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
        if isinstance(field, models.DateField):
            return formats.date_format(parse_date(value), "SHORT_DATE_FORMAT")
        return formats.localize(value) if not isinstance(value, str) else value

    def who(user_id):
        if user_id is None:
            return ""
        user = users.get(user_id)
        return (user.get_full_name() or user.get_username()) if user else f"#{user_id}"

    order = {column: i for i, column in enumerate(fields)}
    result = []
    for event in events:
        context = event.pgh_context or {}
        if event.pgh_label == "update":
            pairs = sorted((event.pgh_diff or {}).items(), key=lambda kv: order.get(kv[0], 0))
            changes = [
                Change(str(fields[c].verbose_name), show(c, old), show(c, new))
                for c, (old, new) in pairs
                if c in fields
            ]
        else:
            data = event.pgh_data or {}
            changes = [
                Change(
                    str(field.verbose_name),
                    show(c, data.get(c)) if event.pgh_label == "delete" else "",
                    show(c, data.get(c)) if event.pgh_label != "delete" else "",
                )
                for c, field in fields.items()
                if data.get(c) not in (None, "")
            ]
        result.append(
            Entry(
                at=event.pgh_created_at,
                label=event.pgh_label,
                action=str(ACTIONS.get(event.pgh_label, event.pgh_label)),
                user=who(context.get("user")),
                url=context.get("url") or context.get("command") or "",
                changes=changes,
            )
        )
    return result
