"""Each municipality's data is its own (issue 13): Aalborg's people never see, choose or count
Aarhus' records, by the scoped querysets (the first lock) and by row-level security (the
second), in requests, jobs and commands alike.

The row-level-security machinery itself (the setting per transaction, no leak between
requests, the refused statements) is proved in tests/byrum/test_tenancy.py."""

import datetime
import io
import uuid
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from byrum import roles, tenancy
from governance import tenants
from governance.models import Account, Municipality, Organisation
from incidents.models import Incident, IncidentWeek
from places.models import Place
from tests.actionplan.factories import (
    ActionItemFactory,
    ActionPlanFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.conftest import client_for
from tests.incidents.factories import IncidentFactory
from tests.meetings.factories import MeetingFactory
from tests.places.factories import PlaceFactory


@pytest.fixture
def aarhus(other_municipality):
    """Aarhus' own records, named so that a page showing one gives it away."""
    with tenancy.municipality(other_municipality.pk):
        place = PlaceFactory(name="Aarhus-Klostertorvet-Plantet", city="Aarhus")
        organisation = OrganisationFactory(name="Østjyllands Politi (plantet)")
        person = PersonFactory(name="Aarhus-Person-Plantet", organisation=organisation)
        group = GroupFactory(name="Aarhus-Gruppe-Plantet", city="Aarhus")
        plan = ActionPlanFactory(title="Aarhus-Plan-Plantet")
        incident = IncidentFactory(place=place, description="Aarhus-Hændelse-Plantet")
        meeting = MeetingFactory(group=group, title="Aarhus-Møde-Plantet")
        action = ActionItemFactory(title="Aarhus-Opgave-Plantet", group=group)
        consultant = UserFactory(
            username="konsulent.aarhus", roles=[roles.CONSULTANT], account=other_municipality
        )
        PersonFactory(name="Aarhus Konsulent", user=consultant)
    return SimpleNamespace(
        municipality=other_municipality,
        place=place,
        organisation=organisation,
        person=person,
        group=group,
        plan=plan,
        incident=incident,
        meeting=meeting,
        action=action,
        consultant=consultant,
    )


PLANTED = [
    "Aarhus-Klostertorvet-Plantet",
    "Østjyllands Politi (plantet)",
    "Aarhus-Person-Plantet",
    "Aarhus-Gruppe-Plantet",
    "Aarhus-Plan-Plantet",
    "Aarhus-Møde-Plantet",
    "Aarhus-Opgave-Plantet",
]

LISTS = [
    "places:list",
    "places:geojson",
    "actionplan:plan_list",
    "actionplan:action_list",
    "actionplan:initiative_list",
    "meetings:list",
    "incidents:list",
    "incidents:export_csv",
    "governance:group_list",
    "governance:person_list",
    "governance:organisation_list",
    "dashboard",
    "home",
]


def body(response):
    return (b"".join(response) if response.streaming else response.content).decode("utf-8-sig")


@pytest.mark.parametrize("persona", ["consultant", "steering", "admin"])
def test_no_list_shows_another_municipalitys_records(aarhus, people, persona):
    client = client_for(people, persona)
    shown = []
    for name in LISTS:
        response = client.get(reverse(name))
        assert response.status_code in (200, 403), (name, response.status_code)
        shown += [(name, planted) for planted in PLANTED if planted in body(response)]
    assert not shown


def test_the_other_municipalitys_consultant_sees_their_own(aarhus):
    """The checks above would pass vacuously if the records were not on these pages."""
    client = client_for(SimpleNamespace(users={"c": aarhus.consultant}), "c")
    pages = "".join(body(client.get(reverse(name))) for name in LISTS)
    assert all(planted in pages for planted in PLANTED), [p for p in PLANTED if p not in pages]


def test_forms_neither_offer_nor_take_another_municipalitys_choices(aarhus, people):
    client = client_for(people, "consultant")
    form = client.get(reverse("actionplan:action_create")).content.decode()
    assert "Aarhus-Person-Plantet" not in form and "Østjyllands Politi" not in form
    response = client.post(
        reverse("actionplan:action_create"),
        {
            "title": "Ryd op",
            "responsible_person": aarhus.person.pk,
            "due_date": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
            "status": "open",
        },
    )
    assert response.status_code == 200  # the form again, with the choice refused
    assert "responsible_person" in response.context["form"].errors


def test_a_caretaker_cannot_report_at_another_municipalitys_place(aarhus, people):
    client = client_for(people, "caretaker")
    data = {
        "client_uuid": str(uuid.uuid4()),
        "place": str(aarhus.place.pk),
        "category": "violence",
        "severity": "3",
        "people_involved": "2",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "description": "Uro",
    }
    response = client.post(reverse("incidents:new"), data)
    assert response.status_code == 400  # the form again, the place refused
    assert "place" in response.context["form"].errors
    assert not Incident.objects.filter(client_uuid=data["client_uuid"]).exists()
    with tenancy.municipality(aarhus.municipality.pk):
        assert not Incident.objects.filter(client_uuid=data["client_uuid"]).exists()


def test_the_app_role_without_scoping_sees_only_the_transactions_municipality(aarhus):
    """The second lock alone: plain querysets, no ``visible_to``, as the application's role."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone()[0] is False  # the policies apply to this connection
    names = set(Place.objects.values_list("name", flat=True))
    assert "Aarhus-Klostertorvet-Plantet" not in names
    assert not Incident.objects.filter(pk=aarhus.incident.pk).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM places_place WHERE name LIKE 'Aarhus-%%'")
        assert cursor.fetchone()[0] == 0
    with tenancy.municipality(aarhus.municipality.pk):
        assert Place.objects.filter(name="Aarhus-Klostertorvet-Plantet").exists()
    with tenancy.municipality(None):
        assert not Place.objects.exists()  # no municipality: no rows (fails closed)


def test_a_row_for_another_municipality_is_refused(aarhus, municipality):
    """The policies' check: a row written (or moved) into another municipality than the
    transaction's is refused, whatever the code asks."""
    with pytest.raises(ProgrammingError, match="row-level security"), transaction.atomic():
        Organisation.objects.create(name="Snyd", municipality=aarhus.municipality)
    with pytest.raises(ProgrammingError, match="row-level security"), transaction.atomic():
        Place.objects.filter(pk=PlaceFactory().pk).update(municipality=aarhus.municipality)


def test_new_rows_belong_to_the_transactions_municipality(aarhus, municipality):
    organisation = Organisation.objects.create(name="Kirkens Korshær")
    assert organisation.municipality_id == municipality.pk
    with tenancy.municipality(aarhus.municipality.pk):
        # The same name in another municipality's partnership is another organisation.
        twin = Organisation.objects.create(name="Kirkens Korshær")
    assert twin.municipality_id == aarhus.municipality.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="kirkens korshær")


def test_the_dashboards_figures_count_only_the_municipalitys_incidents(aarhus, people):
    IncidentFactory(place=PlaceFactory(name="Kildeparken"))
    assert IncidentWeek.objects.count() == 1  # Aalborg's week row only
    with tenancy.municipality(aarhus.municipality.pk):
        assert IncidentWeek.objects.get().count == 1
    response = client_for(people, "steering").get(reverse("dashboard"))
    assert response.status_code == 200
    assert "Aarhus-Klostertorvet-Plantet" not in response.content.decode()


def test_only_the_platform_administrator_switches_municipality(aarhus, people):
    url = reverse("governance:municipality_choose")
    assert client_for(people, "consultant").get(url).status_code == 404
    assert (
        client_for(people, "consultant")
        .post(url, {"municipality": aarhus.municipality.pk})
        .status_code
        == 404
    )
    admin = client_for(people, "admin")
    assert admin.get(url).status_code == 200
    assert "Aarhus-Klostertorvet-Plantet" not in body(admin.get(reverse("places:list")))
    response = admin.post(url, {"municipality": aarhus.municipality.pk})
    assert response.status_code == 302
    assert admin.session[tenants.SESSION_KEY] == aarhus.municipality.pk
    assert "Aarhus-Klostertorvet-Plantet" in body(admin.get(reverse("places:list")))
    assert admin.get(aarhus.place.get_absolute_url()).status_code == 200


def test_a_login_works_in_its_accounts_municipality(aarhus, people):
    client = client_for(SimpleNamespace(users={"c": aarhus.consultant}), "c")
    assert client.session[tenants.SESSION_KEY] == aarhus.municipality.pk
    assert client.get(aarhus.meeting.get_absolute_url()).status_code == 200
    response = client.get(reverse("governance:person_detail", args=[people.persons["steering"].pk]))
    assert response.status_code == 404


def test_a_login_without_a_municipality_sees_nothing(people):
    user = UserFactory(username="hjemløs", roles=[roles.CONSULTANT])
    Account.objects.filter(user=user).delete()
    PlaceFactory(name="Arkivpladsen")
    client = client_for(SimpleNamespace(users={"u": user}), "u")
    assert client.session[tenants.SESSION_KEY] is None
    assert "Arkivpladsen" not in body(client.get(reverse("places:list")))


def test_the_admin_lists_only_the_municipalitys_logins(aarhus, people):
    response = client_for(people, "admin").get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 200
    assert "konsulent.aarhus" not in response.content.decode()
    assert "konsulent" in response.content.decode()
    url = reverse("admin:auth_user_change", args=[aarhus.consultant.pk])
    assert client_for(people, "admin").get(url).status_code == 302  # "does not exist"


def test_periodic_jobs_serve_every_municipality(aarhus, municipality):
    """The retention command, as its nightly job runs it, reaches both municipalities'
    incidents (each in its own transaction, as row-level security needs)."""
    old = timezone.now() - datetime.timedelta(days=800)
    IncidentFactory(description="Gammel Aalborg", occurred_at=old)
    with tenancy.municipality(aarhus.municipality.pk):
        IncidentFactory(place=aarhus.place, description="Gammel Aarhus", occurred_at=old)
    call_command("apply_retention", stdout=io.StringIO())
    assert not Incident.objects.filter(description="Gammel Aalborg").exists()
    with tenancy.municipality(aarhus.municipality.pk):
        assert not Incident.objects.filter(description="Gammel Aarhus").exists()
        assert Incident.objects.filter(description="Aarhus-Hændelse-Plantet").exists()


def test_municipalities_are_not_tenant_rows(aarhus):
    """Everybody may know which municipalities there are (the administrator's switch);
    the table has no policy."""
    with tenancy.municipality(None):
        assert Municipality.objects.count() == 2


def test_every_tenant_table_has_its_policy(db):
    """No tenant table (one with the municipality column) without row-level security."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_class c
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'municipality_id'
            WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
              AND c.relname <> 'governance_account'
              AND NOT (c.relrowsecurity AND c.relforcerowsecurity AND EXISTS (
                  SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))
            """
        )
        unguarded = [row[0] for row in cursor.fetchall()]
    assert not unguarded
