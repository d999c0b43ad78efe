"""Grant the roles their incident permissions (byrum/roles.py PERMISSIONS)."""

from django.db import migrations


def sync(apps, schema_editor):
    from byrum.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0001_initial"),
        ("actionplan", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
