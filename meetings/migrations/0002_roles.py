"""Grant the roles their permissions on meetings and safety walks (byrum/roles.py)."""

from django.db import migrations


def sync(apps, schema_editor):
    from byrum.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
