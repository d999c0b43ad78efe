"""seed_demo: the contract in DESIGN.md (idempotent; demo logins only with DEBUG or
--demo-users; Aalborg's logins and Aarhus', each in its municipality)."""

import re
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings

from byrum import tenancy
from byrum.models import Attachment
from demo.seed import DEMO_USERS
from governance import tenants
from governance.models import Account, Group, Membership, Municipality

pytestmark = pytest.mark.django_db

LOGINS = {name: [row[0] for row in rows] for name, rows in DEMO_USERS.items()}
DEMO_USERNAMES = {username for names in LOGINS.values() for username in names}


def test_the_demo_logins_are_aalborgs_old_ones_and_aarhus_new_ones():
    assert LOGINS == {
        "Aalborg": ["admin", "konsulent", "vicevaert", "styregruppe", "lokal", "boligsocial"],
        "Aarhus": ["konsulent.aarhus", "vicevaert.aarhus", "styregruppe.aarhus"],
    }


def snapshot():
    """Every row of every Byrum table and file in each municipality (switching the
    transaction's municipality, as the app's role sees them), plus users, their roles and
    accounts."""
    rows = {}
    for municipality in Municipality.objects.order_by("code"):
        with tenancy.municipality(municipality.pk):
            for app_label in ("governance", "actionplan", "places", "meetings", "incidents"):
                for model in apps.get_app_config(app_label).get_models():
                    key = (municipality.code, model._meta.label)
                    rows[key] = sorted(map(repr, model.objects.values()))
            # The demo's files (demo/attachments.py): the rows name the stored files.
            rows[(municipality.code, "byrum.Attachment")] = sorted(
                map(repr, Attachment.objects.values())
            )
    for model in apps.get_app_config("auth").get_models():
        if model._meta.label != "auth.Permission":
            rows[model._meta.label] = sorted(map(repr, model.objects.values()))
    rows["user_roles"] = sorted(
        get_user_model().groups.through.objects.values_list("user__username", "group__name")
    )
    return rows


@override_settings(DEBUG=True)
def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=StringIO())
    first = snapshot()
    assert first[("751", "incidents.Incident")]  # Aarhus is in the snapshot too
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == first


@override_settings(DEBUG=True)
def test_seed_demo_builds_aalborgs_governance_and_the_aarhus_network():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    aalborg = Municipality.objects.get(code="851")
    aarhus = Municipality.objects.get(code="751")
    assert (aalborg.name, aarhus.name) == ("Aalborg", "Aarhus")
    with tenancy.municipality(aalborg.pk):
        kinds = set(Group.objects.values_list("kind", flat=True))
        assert kinds == {"steering", "working", "coordinating", "local"}
        steering = Group.objects.get(kind="steering")
        chair = Membership.objects.current().get(group=steering, role="chair")
        assert chair.person.organisation.name == "Familie- og Beskæftigelsesforvaltningen"
        assert Membership.objects.past().filter(group=steering).exists()  # history is kept
        assert set(Group.objects.values_list("city", flat=True)) == {"Aalborg"}
    with tenancy.municipality(aarhus.pk):
        network = Group.objects.get()
        assert (network.kind, network.city) == ("network", "Aarhus")
        assert network.secretariat.name == "Aarhus Kommune, Sociale Forhold og Beskæftigelse"
        secretary = Membership.objects.current().get(group=network, role="secretary")
        assert secretary.person.user.username == "konsulent.aarhus"

    users = get_user_model().objects.filter(username__in=DEMO_USERNAMES)
    assert set(users.values_list("username", flat=True)) == DEMO_USERNAMES
    konsulent = users.get(username="konsulent")
    assert konsulent.check_password("demo")
    assert konsulent.groups.filter(name="Konsulent").exists()
    assert users.get(username="admin").is_superuser
    assert not users.filter(is_superuser=True).exclude(username="admin").exists()
    with tenancy.municipality(aalborg.pk):
        assert konsulent.person.name == "Sofie Lindberg"
        assert users.get(username="styregruppe").person.memberships.filter(group=steering).exists()
    for username in LOGINS["Aarhus"]:
        assert users.get(username=username).check_password("demo")
    printed = out.getvalue()
    assert "Aalborg (851):" in printed and "Aarhus (751):" in printed
    for username in DEMO_USERNAMES:
        assert f"login {username} / demo" in printed


@override_settings(DEBUG=True)
def test_each_login_belongs_to_its_municipality_and_works_in_it():
    call_command("seed_demo", stdout=StringIO())
    municipalities = {m.name: m for m in Municipality.objects.all()}
    for name, usernames in LOGINS.items():
        for username in usernames:
            user = get_user_model().objects.get(username=username)
            assert Account.objects.get(user=user).municipality == municipalities[name], username
            # Its person (if any) is one of the municipality's own people.
            with tenancy.municipality(municipalities[name].pk):
                person = getattr(get_user_model().objects.get(pk=user.pk), "person", None)
            if username != "admin":
                assert person is not None, username
    # Logging in puts the login's municipality in the session: each consultant's home shows
    # their own municipality's groups, not the other's.
    network, steering = "Byen for alle netværket", "Styregruppen for handleplan"
    for username, name, own, other in [
        ("konsulent.aarhus", "Aarhus", network, steering),
        ("konsulent", "Aalborg", steering, network),
    ]:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        assert client.session[tenants.SESSION_KEY] == municipalities[name].pk
        page = client.get("/").content.decode()
        assert own in page and other not in page, username


@override_settings(DEBUG=False)
def test_seed_demo_refuses_demo_logins_when_debug_is_off():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()
    assert not Account.objects.exists()
    assert "--demo-users" in out.getvalue()
    assert Group.objects.exists()  # the demo data itself is loaded


@override_settings(DEBUG=False)
def test_seed_demo_creates_demo_logins_when_asked():
    call_command("seed_demo", "--demo-users", stdout=StringIO())
    users = get_user_model().objects.filter(username__in=DEMO_USERNAMES)
    assert users.count() == len(DEMO_USERNAMES) == 9
    assert Account.objects.filter(user__in=users).count() == 9


def _listed(text):
    """The demo login names in ``text``: words of letters and dots that are demo logins,
    or look like one (a name with ".aarhus")."""
    words = set(re.findall(r"[a-z][a-z.]*[a-z]", text))
    return {w for w in words if w in DEMO_USERNAMES or w.endswith(".aarhus")}


def test_dev_py_up_prints_every_demo_login_under_its_municipality():
    source = (settings.BASE_DIR / "dev.py").read_text()
    block = source[source.index("Demo logins") :]
    block = block[: block.index('"""')]
    assert _listed(block) == DEMO_USERNAMES
    aalborg, aarhus = block.index("In Aalborg"), block.index("In Aarhus")
    for username in LOGINS["Aalborg"]:
        assert aalborg < block.index(f"  {username} ") < aarhus, username
    for username in LOGINS["Aarhus"]:
        assert block.index(f"  {username} ") > aarhus, username


def test_the_readme_names_every_demo_login():
    readme = (settings.BASE_DIR / "README.md").read_text()
    paragraph = readme[readme.index("The demo has two") :]
    paragraph = paragraph[: paragraph.index("\n\n")]
    assert _listed(paragraph) == DEMO_USERNAMES
