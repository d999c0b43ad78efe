"""seed_demo: the contract in DESIGN.md (idempotent; demo logins only with DEBUG or
--demo-users)."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from byrum.models import Attachment
from governance.models import Group, Membership

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = {"admin", "konsulent", "vicevaert", "styregruppe", "lokal"}


def snapshot():
    """Every row of every Byrum table, plus files, users and their roles."""
    rows = {}
    for app_label in ("actionplan", "places", "meetings", "incidents", "auth"):
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.label in ("auth.Permission",):
                continue
            rows[model._meta.label] = sorted(map(repr, model.objects.values()))
    # The demo's files (demo/attachments.py): the rows name the stored files.
    rows["byrum.Attachment"] = sorted(map(repr, Attachment.objects.values()))
    rows["user_roles"] = sorted(
        get_user_model().groups.through.objects.values_list("user__username", "group__name")
    )
    return rows


@override_settings(DEBUG=True)
def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == first


@override_settings(DEBUG=True)
def test_seed_demo_builds_aalborgs_governance_and_the_aarhus_network():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    kinds = set(Group.objects.values_list("kind", flat=True))
    assert {"steering", "working", "coordinating", "local", "network"} <= kinds
    steering = Group.objects.get(kind="steering")
    chair = Membership.objects.current().get(group=steering, role="chair")
    assert chair.person.organisation.name == "Familie- og Beskæftigelsesforvaltningen"
    assert Membership.objects.past().filter(group=steering).exists()  # history is kept
    assert Group.objects.get(kind="network").city == "Aarhus"
    users = get_user_model().objects.filter(username__in=DEMO_USERNAMES)
    assert set(users.values_list("username", flat=True)) == DEMO_USERNAMES
    konsulent = users.get(username="konsulent")
    assert konsulent.check_password("demo")
    assert konsulent.groups.filter(name="Konsulent").exists()
    assert konsulent.person.name == "Sofie Lindberg"
    assert users.get(username="admin").is_superuser
    assert users.get(username="styregruppe").person.memberships.filter(group=steering).exists()
    assert "konsulent / demo" in out.getvalue()


@override_settings(DEBUG=False)
def test_seed_demo_refuses_demo_logins_when_debug_is_off():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()
    assert "--demo-users" in out.getvalue()
    assert Group.objects.exists()  # the demo data itself is loaded


@override_settings(DEBUG=False)
def test_seed_demo_creates_demo_logins_when_asked():
    call_command("seed_demo", "--demo-users", stdout=StringIO())
    assert get_user_model().objects.filter(username__in=DEMO_USERNAMES).count() == 5
