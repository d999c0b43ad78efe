"""History of changes (django-pghistory): an event per insert, update and delete, also for
queryset updates and raw SQL, with who and where; append-only in the database; the page."""

import datetime

import pghistory
import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Context, Events

from byrum.db_roles import as_owner
from byrum.history import TRIGGER, event_tables
from byrum.models import AccessLog
from governance.models import Group, Membership, OrganisationEvent, Person
from places.models import Place
from tests.actionplan.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.budgets import REQUEST_OVERHEAD

pytestmark = pytest.mark.django_db


def make_place():
    return Place.objects.create(
        name="Arkivhaven", kind="park", city="Aalborg", latitude="57.047", longitude="9.921"
    )


TRACKED = [
    (OrganisationFactory, "name", "Kirkens Korshær"),
    (PersonFactory, "name", "Rikke Nørregaard"),
    (GroupFactory, "name", "Arbejdsgruppen"),
    (MembershipFactory, "role", Membership.Role.OBSERVER),
    (make_place, "name", "Kildeparken"),
]


def events_of(model, pk):
    return list(Events.objects.tracks(model(pk=pk)).order_by("pgh_id"))


@pytest.mark.parametrize("factory,field,value", TRACKED, ids=lambda p: getattr(p, "__name__", ""))
def test_insert_update_and_delete_each_write_one_event(factory, field, value):
    obj = factory()
    model, pk = type(obj), obj.pk
    old = getattr(obj, field)
    setattr(obj, field, value)
    obj.save()
    obj.save()  # nothing changed: no event
    obj.delete()
    events = events_of(model, pk)
    assert [e.pgh_label for e in events] == ["insert", "update", "delete"]
    assert events[1].pgh_diff == {field: [old, value]}
    assert events[2].pgh_data[field] == value  # the deleted row's last values are kept


def test_a_queryset_update_and_raw_sql_write_events_with_their_context(people):
    groups = GroupFactory.create_batch(3, city="Aalborg")
    user = people.users["consultant"]
    with transaction.atomic(), pghistory.context(user=user.pk, url="/bulk/"):
        assert Group.objects.filter(pk__in=[g.pk for g in groups]).update(city="Aarhus") == 3
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE actionplan_group SET city = 'Randers' WHERE id = %s", [groups[0].pk]
            )
    for group in groups:
        update = events_of(Group, group.pk)[1]
        assert update.pgh_diff == {"city": ["Aalborg", "Aarhus"]}
        assert update.pgh_context == {"user": user.pk, "url": "/bulk/"}
    raw = events_of(Group, groups[0].pk)[2]
    assert raw.pgh_diff == {"city": ["Aarhus", "Randers"]}
    assert raw.pgh_context["url"] == "/bulk/"


def test_changes_made_through_a_page_name_the_user_and_the_url(clients, people):
    group = people.local_group
    url = reverse("governance:group_edit", args=[group.pk])
    response = clients.consultant.post(
        url, {"name": "Lokalgruppe Arkivhaven", "kind": "local", "city": "Aalborg"}
    )
    assert response.status_code == 302
    event = events_of(Group, group.pk)[-1]
    assert event.pgh_label == "update"
    assert event.pgh_diff["name"] == ["Lokal gruppe Arkivhaven", "Lokalgruppe Arkivhaven"]
    assert event.pgh_context == {"user": people.users["consultant"].pk, "url": url}
    assert event.pgh_created_at is not None


def _refused(sql, params=()):
    """Refused by the app role's privileges (byrum/db_roles.py) or, where it has the
    privilege, by the append-only trigger."""
    with pytest.raises(DatabaseError, match="append-only|permission denied"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)


@pytest.mark.parametrize("table", event_tables())
def test_events_cannot_be_changed_or_deleted_by_the_applications_role(table):
    # One row of every tracked model: a newly tracked model gets a line here.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from byrum import roles
    from meetings.services import minutes_save
    from tests.actionplan.factories import (
        ActionItemFactory,
        ApprovalStepFactory,
        AssessmentFactory,
        InitiativeFactory,
        InitiativeUpdateFactory,
        InvolvementInputFactory,
        MediationCaseFactory,
        TimelineActivityFactory,
        UserFactory,
    )
    from tests.byrum.matrix import _attachment
    from tests.incidents.factories import CaretakerPlaceFactory, IncidentFactory, SmallJobFactory
    from tests.meetings.factories import (
        AgendaItemFactory,
        DecisionFactory,
        FindingFactory,
        MinutesCommentFactory,
        ParticipantFactory,
        WalkParticipantFactory,
    )
    from tests.places.factories import (
        FacilityFactory,
        ProblemFactory,
        ProblemNoteFactory,
        UsagePatternFactory,
    )

    OrganisationFactory()
    PersonFactory()
    MembershipFactory()
    make_place()
    AssessmentFactory()  # and its goal and plan
    InitiativeFactory()
    ActionItemFactory()
    ProblemFactory()
    decision = DecisionFactory()  # and its agenda item and meeting
    MinutesCommentFactory()  # and its round
    _attachment(decision.agenda_item)
    FindingFactory()  # and its safety walk
    IncidentFactory()
    SmallJobFactory()
    ApprovalStepFactory()
    TimelineActivityFactory()
    InitiativeUpdateFactory()
    FacilityFactory()
    ProblemNoteFactory()
    UsagePatternFactory()
    ParticipantFactory()
    WalkParticipantFactory()
    CaretakerPlaceFactory()
    user = UserFactory(roles=[roles.MEMBER])  # and the role given
    TOTPDevice.objects.create(user=user, name="Telefon")
    minutes_save(item=AgendaItemFactory(), notes="Noter", user=user)
    InvolvementInputFactory()  # and its involvement activity
    MediationCaseFactory()
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        assert cursor.fetchone()[0] > 0
    _refused(f'UPDATE "{table}" SET pgh_label = %s', ["forged"])
    _refused(f'DELETE FROM "{table}"')
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}" WHERE pgh_label = %s', ["forged"])
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_the_trigger_refuses_even_the_owner():
    """The second lock: where privileges do not hold (the owner has them all), the append-only
    trigger still refuses to change or delete an event."""
    OrganisationFactory()
    with as_owner():
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            OrganisationEvent.objects.update(name="forged")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            OrganisationEvent.objects.all().delete()
    assert OrganisationEvent.objects.get().name != "forged"


def test_the_orm_cannot_rewrite_history_either():
    OrganisationFactory()
    assert OrganisationEvent.objects.count() == 1
    with pytest.raises(DatabaseError), transaction.atomic():
        OrganisationEvent.objects.update(name="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        OrganisationEvent.objects.all().delete()
    assert OrganisationEvent.objects.count() == 1


def test_context_rows_are_fixed_once_their_transaction_is_over():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO pghistory_context (id, metadata, created_at, updated_at) "
            "VALUES (gen_random_uuid(), '{\"user\": 1}', NOW() - interval '1 day', NOW())"
        )
    _refused("UPDATE pghistory_context SET metadata = '{\"user\": 2}'")
    _refused("DELETE FROM pghistory_context")


def test_context_may_be_completed_within_its_own_transaction():
    # pghistory adds the user to the context when someone logs in mid-request.
    with pghistory.context(url="/accounts/login/"):
        organisation = OrganisationFactory()
        pghistory.context(user=7)
        organisation.name = "Renamed"
        organisation.save()
    contexts = Context.objects.all()
    assert [c.metadata for c in contexts] == [{"url": "/accounts/login/", "user": 7}]


def test_every_event_table_and_the_context_table_have_the_append_only_trigger():
    """A new tracked model needs append_only() in its migration (README)."""
    tables = event_tables() + ["pghistory_context", "byrum_accesslog"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s AND t.tgenabled = 'O'",
            [TRIGGER],
        )
        protected = {row[0] for row in cursor.fetchall()}
    assert set(tables) <= protected, sorted(set(tables) - protected)
    assert {"actionplan_groupevent", "places_placeevent"} <= set(event_tables())


def test_access_log_rows_cannot_be_changed_but_can_be_purged(people):
    # Past the retention period (younger rows the database keeps: test_database_roles.py).
    row = AccessLog.objects.create(
        username="x", action="viewed", at=timezone.now() - datetime.timedelta(days=220)
    )
    _refused("UPDATE byrum_accesslog SET username = 'y'")
    AccessLog.objects.filter(pk=row.pk).delete()
    assert not AccessLog.objects.exists()


# --- The history page ----------------------------------------------------------------------


def history_url(obj_or_model, pk=None):
    meta = obj_or_model._meta
    return reverse("history", args=[meta.app_label, meta.model_name, pk or obj_or_model.pk])


def test_consultants_see_who_changed_what_with_old_and_new_values_side_by_side(clients, people):
    group = people.local_group
    clients.consultant.post(
        reverse("governance:group_edit", args=[group.pk]),
        {"name": "Lokalgruppe Arkivhaven", "kind": "local", "city": "Aalborg"},
    )
    response = clients.consultant.get(history_url(group))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Historik" in body and "Ændret" in body and "Oprettet" in body
    row = (
        '<th scope="row" class="fw-normal">Navn</th>'
        '<td class="text-break">Lokal gruppe Arkivhaven</td>'
        '<td class="text-break">Lokalgruppe Arkivhaven</td>'
    )
    assert row in body  # field, before, after
    assert "konsulent" in body  # who
    assert reverse("governance:group_edit", args=[group.pk]) in body  # where


def test_the_group_page_links_to_the_history_for_consultants_only(clients, people):
    url = people.steering_group.get_absolute_url()
    link = history_url(people.steering_group)
    assert link in clients.consultant.get(url).content.decode()
    assert link not in clients.steering.get(url).content.decode()


def test_related_records_and_choices_are_shown_by_name(clients, people):
    membership = MembershipFactory(group=people.local_group, role="member")
    membership.role = Membership.Role.CHAIR
    membership.save()
    body = clients.consultant.get(history_url(membership)).content.decode()
    assert "Medlem" in body and "Formand" in body
    assert people.local_group.name in body and membership.person.name in body


def test_the_history_of_a_deleted_record_stays_readable(clients):
    person = PersonFactory(name="Tidligere Medlem")
    pk = person.pk
    person.delete()
    response = clients.consultant.get(history_url(Person, pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Slettet" in body and "Tidligere Medlem" in body


@pytest.mark.parametrize("persona", ["caretaker", "steering", "local", "outsider"])
def test_others_get_the_same_404_as_for_a_record_that_does_not_exist(clients, people, persona):
    client = getattr(clients, persona)
    assert client.get(history_url(people.local_group)).status_code == 404
    assert client.get(history_url(Group, 999_999)).status_code == 404


def test_unknown_models_untracked_models_and_missing_records_are_404(clients, people):
    client = clients.consultant
    assert client.get(reverse("history", args=["nope", "group", 1])).status_code == 404
    user = people.users["local"]
    # User accounts have history, but only the administrator reads it.
    assert client.get(reverse("history", args=["auth", "user", user.pk])).status_code == 404
    assert clients.admin.get(reverse("history", args=["auth", "user", user.pk])).status_code == 200
    assert client.get(reverse("history", args=["auth", "group", 1])).status_code == 404
    assert client.get(history_url(Group, 999_999)).status_code == 404
    assert client.get(history_url(people.local_group) + "?page=x").status_code == 200


def test_reading_the_history_is_itself_in_the_access_log(clients, people):
    clients.consultant.get(history_url(people.local_group))
    row = AccessLog.objects.get()
    assert (row.username, row.action, row.object_ids) == (
        "konsulent",
        "viewed",
        [str(people.local_group.pk)],
    )


@pytest.mark.parametrize("changes", [1, 10])
def test_history_page_queries_do_not_grow_with_events(
    clients, people, changes, django_assert_num_queries
):
    group = people.local_group
    others = GroupFactory.create_batch(changes)
    with pghistory.context(user=people.users["consultant"].pk, url="/x/"):
        for i, other in enumerate(others):
            Group.objects.filter(pk=group.pk).update(city=f"By {i}", parent=other)
    clients.consultant.get(history_url(group))  # warm the content-type cache
    # the group, count, page of events, parent groups named (one query), users named (one),
    # INSERT access-log row
    with django_assert_num_queries(REQUEST_OVERHEAD + 6):
        assert clients.consultant.get(history_url(group)).status_code == 200


@pytest.mark.parametrize(
    "make",
    [
        "tests.actionplan.factories.ActionPlanFactory",
        "tests.actionplan.factories.GoalFactory",
        "tests.actionplan.factories.InitiativeFactory",
        "tests.actionplan.factories.ActionItemFactory",
        "tests.places.factories.PlaceFactory",
        "tests.meetings.factories.MeetingFactory",
        "tests.meetings.factories.SafetyWalkFactory",
    ],
)
def test_record_pages_link_consultants_to_their_history(clients, people, make):
    from django.utils.module_loading import import_string

    obj = import_string(make)()
    meta = obj._meta
    history = reverse("history", args=[meta.app_label, meta.model_name, obj.pk])
    assert history in clients.consultant.get(obj.get_absolute_url()).content.decode()
    response = clients.consultant.get(history)
    assert response.status_code == 200
    assert "Oprettet" in response.content.decode()
    assert clients.steering.get(history).status_code == 404
