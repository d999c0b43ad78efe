"""Grant the roles byrum's permissions (byrum/roles.py): consultants see change history."""

from django.db import migrations


def sync(apps, schema_editor):
    from byrum.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("byrum", "0001_initial"),
        ("actionplan", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
