"""IncidentWeek counts per place as well (week, place, category), so that a plan's figures can
count only the plan's places (incidents/summary.py says what it costs in rows).

The summary is derived data: its rows are deleted, the key changes, and the rebuild counts
the incidents again, all in this migration's transaction (the new triggers lock
incidents_incident against writes until commit, so no incident falls between the rebuild
and the triggers)."""

import django.db.models.deletion
from django.db import migrations, models

from incidents import summary

from . import _summary_0012

DROP = [
    "DROP TRIGGER IF EXISTS incidents_summary_update ON incidents_incident;",
    "DROP TRIGGER IF EXISTS incidents_summary_insert_delete ON incidents_incident;",
    "DROP FUNCTION IF EXISTS incidents_incident_summary();",
    "DROP FUNCTION IF EXISTS incidents_summary_add("
    "bigint, date, bigint, varchar, integer, integer, integer);",
    "DELETE FROM incidents_incidentweek;",
]


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0014_export_municipality"),
        ("places", "0008_municipality"),
    ]

    operations = [
        # Backwards, this runs last: the old key is back, so 0012's triggers and rows are.
        migrations.RunSQL(DROP, [_summary_0012.INSTALL, _summary_0012.REBUILD]),
        migrations.RemoveConstraint(
            model_name="incidentweek",
            name="incidents_incidentweek_unique",
        ),
        migrations.AddField(
            model_name="incidentweek",
            name="place",
            field=models.ForeignKey(
                db_index=False,
                default=0,  # the table is empty here; the rebuild below fills it
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="places.place",
                verbose_name="place",
            ),
            preserve_default=False,
        ),
        migrations.AlterModelOptions(
            name="incidentweek",
            options={
                "ordering": ["week", "place", "category"],
                "verbose_name": "incidents of a place, week and category",
                "verbose_name_plural": "incidents per place, week and category",
            },
        ),
        migrations.AddConstraint(
            model_name="incidentweek",
            constraint=models.UniqueConstraint(
                fields=("place", "week", "category"),
                include=("count", "police", "ambulance", "municipality"),
                name="incidents_incidentweek_unique",
            ),
        ),
        migrations.RunSQL([summary.INSTALL, summary.REBUILD], DROP),
    ]
