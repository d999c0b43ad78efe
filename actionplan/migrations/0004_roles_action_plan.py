"""Grant the roles their permissions on the action plan's models (byrum/roles.py)."""

from django.db import migrations


def sync(apps, schema_editor):
    from byrum.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("actionplan", "0003_action_plan")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
