"""History also for the records that decide who may see what or record what was decided:
caretakers' places, users and their roles, authenticator devices, meeting and walk
participants, approval steps, timeline activities, initiative updates, facilities, problem
notes, usage patterns and minutes revisions."""

import pytest
from django.contrib.auth.models import Group as Role
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from pghistory.models import Events

from actionplan.models import ApprovalStep, InitiativeUpdate, TimelineActivity
from byrum import roles
from byrum.history import tracked_models
from byrum.models import TOTPDeviceEvent, UserEvent, UserRoleEvent
from incidents.models import CaretakerPlace, CaretakerPlaceEvent
from meetings.models import MinutesRevision, Participant, WalkParticipant
from places.models import Facility, ProblemNote, UsagePattern
from tests.actionplan.factories import (
    ApprovalStepFactory,
    InitiativeUpdateFactory,
    TimelineActivityFactory,
    UserFactory,
)
from tests.incidents.factories import PlaceFactory
from tests.meetings.factories import ParticipantFactory, WalkParticipantFactory
from tests.places.factories import FacilityFactory, ProblemNoteFactory, UsagePatternFactory

pytestmark = pytest.mark.django_db


def test_the_models_that_decide_access_or_record_decisions_have_history():
    wanted = {
        CaretakerPlace,
        User,
        User.groups.through,
        TOTPDevice,
        Participant,
        WalkParticipant,
        ApprovalStep,
        TimelineActivity,
        InitiativeUpdate,
        Facility,
        ProblemNote,
        UsagePattern,
        MinutesRevision,
    }
    assert wanted - tracked_models() == set()


@pytest.mark.parametrize(
    "factory",
    [
        ApprovalStepFactory,
        TimelineActivityFactory,
        InitiativeUpdateFactory,
        FacilityFactory,
        ProblemNoteFactory,
        UsagePatternFactory,
        ParticipantFactory,
        WalkParticipantFactory,
    ],
    ids=lambda f: f.__name__,
)
def test_creating_and_deleting_each_leaves_events(factory):
    obj = factory()
    model, pk = type(obj), obj.pk
    obj.delete()
    events = Events.objects.tracks(model(pk=pk)).order_by("pgh_id")
    assert [e.pgh_label for e in events] == ["insert", "delete"]


def test_a_caretakers_place_given_in_the_admin_names_the_administrator(clients, people):
    place = PlaceFactory(name="Kildeparken")
    caretaker = people.users["caretaker"]
    response = clients.admin.post(
        reverse("admin:incidents_caretakerplace_add"), {"user": caretaker.pk, "place": place.pk}
    )
    assert response.status_code == 302
    link = CaretakerPlace.objects.get(user=caretaker, place=place)
    clients.admin.post(
        reverse("admin:incidents_caretakerplace_delete", args=[link.pk]), {"post": "yes"}
    )
    events = list(CaretakerPlaceEvent.objects.order_by("pgh_id"))
    assert [e.pgh_label for e in events] == ["insert", "delete"]
    assert events[0].pgh_context.metadata["user"] == people.users["admin"].pk
    assert events[0].pgh_context.metadata["url"].startswith("/admin/incidents/caretakerplace/")


def test_roles_given_and_taken_are_kept():
    user = UserFactory(username="ny")
    role = Role.objects.get(name=roles.STEERING)
    user.groups.add(role)
    user.groups.remove(role)
    events = UserRoleEvent.objects.filter(user_id=user.pk).order_by("pgh_id")
    assert [(e.pgh_label, e.group_id) for e in events] == [
        ("role.add", role.pk),
        ("role.remove", role.pk),
    ]


def test_a_users_changes_are_kept_but_not_their_password_or_each_login(client):
    user = UserFactory(username="ny", is_staff=False)
    user.is_staff = True
    user.save()
    user.set_password("Et-nyt-kodeord-2026")
    user.save()
    client.force_login(user)  # sets last_login
    events = list(UserEvent.objects.filter(pgh_obj_id=user.pk).order_by("pgh_id"))
    assert [e.pgh_label for e in events] == ["insert", "update"]
    assert "password" not in events[0].__dict__ and "last_login" not in events[0].__dict__


def test_an_authenticator_device_is_kept_without_its_key():
    user = UserFactory(username="ny")
    device = TOTPDevice.objects.create(user=user, name="Telefon", confirmed=False)
    device.confirmed = True
    device.save()
    device.delete()
    events = list(TOTPDeviceEvent.objects.order_by("pgh_id"))
    assert [(e.pgh_label, e.confirmed) for e in events] == [
        ("insert", False),
        ("update", True),
        ("delete", True),
    ]
    assert not hasattr(events[0], "key")
