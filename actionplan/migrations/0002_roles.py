"""Create Byrum's roles as Django auth groups with their permissions (byrum/roles.py).

Later apps grant their own permissions with a migration that calls sync_roles() again.
"""

from django.db import migrations


def sync(apps, schema_editor):
    from byrum.roles import sync_roles

    sync_roles(apps)


def remove(apps, schema_editor):
    from byrum.roles import ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("actionplan", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync, remove)]
