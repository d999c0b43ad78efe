"""Grant the roles their permissions on places (byrum/roles.py: PERMISSIONS)."""

from django.db import migrations


def sync(apps, schema_editor):
    from byrum.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0002_place_details_problems_usage"),
        ("actionplan", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
