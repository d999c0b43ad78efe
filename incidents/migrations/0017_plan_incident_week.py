"""PlanIncidentWeek: the incidents of a plan's places per week and category, so that a plan of
the whole city reads its figures from a few hundred rows (incidents/summary.py, issue 18).

The triggers go in before the backfill, in this migration's transaction: they lock
incidents_incidentweek and the plans' place link against writes until commit, so no change
falls between the backfill and the triggers."""

import byrum.tenancy
import django.db.models.deletion
from django.db import migrations, models

from byrum.tenancy import row_level_security
from incidents import summary


class Migration(migrations.Migration):
    dependencies = [
        ("actionplan", "0016_overdue_index_with_municipality"),
        ("governance", "0008_municipality"),
        ("incidents", "0016_incident_category_time"),
    ]

    operations = [
        migrations.CreateModel(
            name="PlanIncidentWeek",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "week",
                    models.DateField(help_text="The Monday of the ISO week.", verbose_name="week"),
                ),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("internal_conflict", "Internal conflict"),
                            ("conflict_with_others", "Conflict with others"),
                            ("violence", "Violence"),
                            ("threats", "Threats"),
                            ("intoxication", "Intoxication"),
                            ("waste", "Waste"),
                            ("urination", "Urination / toilet"),
                            ("sleeping_rough", "Sleeping rough"),
                            ("noise", "Noise"),
                            ("damage", "Damage"),
                            ("health_emergency", "Health emergency"),
                            ("good_contact", "Good contact"),
                            ("de_escalation", "De-escalation"),
                        ],
                        max_length=30,
                        verbose_name="category",
                    ),
                ),
                ("count", models.PositiveIntegerField(verbose_name="incidents")),
                ("police", models.PositiveIntegerField(verbose_name="police called")),
                ("ambulance", models.PositiveIntegerField(verbose_name="ambulance called")),
                (
                    "municipality",
                    models.ForeignKey(
                        db_default=byrum.tenancy.CurrentMunicipality(),
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="governance.municipality",
                        verbose_name="municipality",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="actionplan.actionplan",
                        verbose_name="plan",
                    ),
                ),
            ],
            options={
                "verbose_name": "incidents of a plan, week and category",
                "verbose_name_plural": "incidents per plan, week and category",
                "ordering": ["plan", "week", "category"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("plan", "week", "category"),
                        include=("count", "police", "ambulance", "municipality"),
                        name="incidents_planincidentweek_unique",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("week__iso_week_day", 1)),
                        name="incidents_planincidentweek_week_monday",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "category__in",
                                [
                                    "internal_conflict",
                                    "conflict_with_others",
                                    "violence",
                                    "threats",
                                    "intoxication",
                                    "waste",
                                    "urination",
                                    "sleeping_rough",
                                    "noise",
                                    "damage",
                                    "health_emergency",
                                    "good_contact",
                                    "de_escalation",
                                ],
                            )
                        ),
                        name="incidents_planincidentweek_category_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("ambulance__lte", models.F("count")),
                            ("police__lte", models.F("count")),
                        ),
                        name="incidents_planincidentweek_called_within_count",
                    ),
                ],
            },
        ),
        row_level_security("incidents_planincidentweek"),
        migrations.RunSQL([summary.PLAN_INSTALL, summary.PLAN_REBUILD], summary.PLAN_UNINSTALL),
    ]
