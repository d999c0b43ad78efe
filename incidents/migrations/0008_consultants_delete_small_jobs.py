"""Consultants may delete small jobs (byrum/roles.py PERMISSIONS)."""

from django.db import migrations


def sync(apps, schema_editor):
    from byrum.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0007_erase_history_function")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
