"""The index for a category's incidents in the list's order (issue 18: a search with a
category filter). Built concurrently: at a million incidents it takes seconds, during which
the caretakers' reports must still be stored."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("incidents", "0015_incident_week_by_place")]

    operations = [
        AddIndexConcurrently(
            model_name="incident",
            index=models.Index(
                fields=["category", "occurred_at", "id"], name="incidents_category_time"
            ),
        ),
    ]
