import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from actionplan.models import ActionItem
from meetings.models import (
    AgendaItem,
    Decision,
    Finding,
    Meeting,
    MinutesComment,
    MinutesRound,
    Participant,
    SafetyWalk,
    WalkParticipant,
)
from tests.actionplan.factories import GroupFactory, OrganisationFactory, PersonFactory
from tests.places.factories import PlaceFactory  # noqa: F401 (re-exported)


def at(days=0, hour=14):
    """A local time ``days`` from today (negative: in the past)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"Møde {n}")
    kind = Meeting.Kind.ORDINARY
    start = factory.LazyFunction(lambda: at(7))
    end = factory.LazyAttribute(lambda m: m.start + datetime.timedelta(hours=2))
    location = "Rådhuset, mødelokale 2"
    state = Meeting.State.PLANNED

    @factory.lazy_attribute
    def approved_at(self):
        return timezone.now() if self.state == Meeting.State.MINUTES_APPROVED else None


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Punkt {n}")
    presenter = "Formanden"
    duration = 15


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    title = factory.Sequence(lambda n: f"Opgave {n}")
    responsible_organisation = factory.SubFactory(OrganisationFactory)
    due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    source = ActionItem.Source.MEETING_DECISION


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    agenda_item = factory.SubFactory(AgendaItemFactory)
    text = factory.Sequence(lambda n: f"Styregruppen besluttede at forbedre belysningen ({n})")


class SafetyWalkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyWalk

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"Tryghedsvandring {n}")
    date = factory.LazyFunction(timezone.localdate)
    place = factory.SubFactory(PlaceFactory)
    route = "Fra biblioteket gennem Arkivpladsen til Vesterbro"


class WalkParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WalkParticipant

    walk = factory.SubFactory(SafetyWalkFactory)
    person = factory.SubFactory(PersonFactory)
    role = WalkParticipant.Role.MUNICIPALITY


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    walk = factory.SubFactory(SafetyWalkFactory)
    action_item = factory.SubFactory(
        ActionItemFactory,
        source=ActionItem.Source.SAFETY_WALK_FINDING,
        group=factory.SelfAttribute("..walk.group"),
    )
    condition = Finding.Condition.BROKEN_LAMP
    description = "Lampen ved stien er gået"
    latitude = Decimal("57.047700")
    longitude = Decimal("9.920800")


class MinutesRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MinutesRound

    meeting = factory.SubFactory(MeetingFactory, start=factory.LazyFunction(lambda: at(-1)))
    deadline = factory.LazyFunction(lambda: at(7).date())


class MinutesCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MinutesComment

    round = factory.SubFactory(MinutesRoundFactory)
    agenda_item = factory.SubFactory(
        AgendaItemFactory, meeting=factory.SelfAttribute("..round.meeting")
    )
    text = factory.Sequence(lambda n: f"Kommentar {n}")
