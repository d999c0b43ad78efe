"""Retention periods the database enforces, whatever role asks.

``byrum_retention`` holds the periods (months per kind); only the owner may change it: after
every migrate, byrum.db_roles writes INCIDENT_RETENTION_MONTHS and ACCESS_LOG_RETENTION_MONTHS
into it, and grants the application's role SELECT alone. The access log's delete trigger
refuses to delete a row younger than the period, so only `purge_access_log`'s old rows go.
Names are schema-qualified: a temporary table of the same name cannot stand in for them.
"""

from django.db import migrations

RETENTION_TABLE = """
CREATE TABLE byrum_retention (
    kind varchar(20) PRIMARY KEY,
    months integer NOT NULL CONSTRAINT byrum_retention_months_positive CHECK (months >= 1)
);
"""

ACCESS_LOG_DELETE = """
CREATE OR REPLACE FUNCTION byrum_accesslog_keep_young() RETURNS trigger AS $$
DECLARE
    v_months integer;
BEGIN
    SELECT r.months INTO v_months FROM public.byrum_retention r WHERE r.kind = 'access_log';
    IF v_months IS NULL OR OLD.at >= now() - make_interval(months => v_months) THEN
        RAISE EXCEPTION 'byrum: access-log rows younger than % months are kept (retention)',
            coalesce(v_months::text, '?') USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER byrum_retention BEFORE DELETE ON byrum_accesslog
FOR EACH ROW EXECUTE FUNCTION byrum_accesslog_keep_young();
"""


def write_periods(apps, schema_editor):
    from byrum.db_roles import write_retention

    with schema_editor.connection.cursor() as cursor:
        write_retention(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("byrum", "0002_roles"),
    ]

    operations = [
        migrations.RunSQL(RETENTION_TABLE, "DROP TABLE byrum_retention;"),
        migrations.RunPython(write_periods, migrations.RunPython.noop),
        migrations.RunSQL(
            ACCESS_LOG_DELETE,
            [
                "DROP TRIGGER IF EXISTS byrum_retention ON byrum_accesslog;",
                "DROP FUNCTION IF EXISTS byrum_accesslog_keep_young();",
            ],
        ),
    ]
