import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role

from governance.models import Account, Group, Membership, Organisation, Person
from tests.places.factories import PlaceFactory  # noqa: F401 (re-exported)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pw")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Role.objects.get(name=name))

    @factory.post_generation
    def account(self, create, extracted, **kwargs):
        """The login belongs to the municipality given, else to the test's (the column's
        default: the transaction's municipality)."""
        if create:
            values = {"municipality": extracted} if extracted else {}
            Account.objects.get_or_create(user=self, defaults=values)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.MUNICIPALITY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    title = "Konsulent"
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.LazyAttribute(lambda p: f"{p.name.lower().replace(' ', '.')}@example.org")


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Gruppe {n}")
    kind = Group.Kind.WORKING
    city = "Aalborg"
    mandate = "Et mandat"
    tasks = "Første opgave\nAnden opgave"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    group = factory.SubFactory(GroupFactory)
    role = Membership.Role.MEMBER
    start = datetime.date(2020, 1, 1)
    end = None


# --- The action plan --------------------------------------------------------------------------

from django.utils import timezone  # noqa: E402

from actionplan.models import (  # noqa: E402
    ActionItem,
    ActionPlan,
    ApprovalStep,
    Assessment,
    Goal,
    Initiative,
    InitiativeUpdate,
    InvolvementActivity,
    InvolvementInput,
    MediationCase,
    TimelineActivity,
)


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    title = factory.Sequence(lambda n: f"Handleplan {n}")
    period_start = datetime.date(2017, 11, 1)
    period_end = datetime.date(2018, 12, 31)
    budget = 2_500_000
    status = ActionPlan.Status.IMPLEMENTATION


class ApprovalStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovalStep

    plan = factory.SubFactory(ActionPlanFactory)
    body = "Byrådet"
    planned_date = datetime.date(2018, 3, 26)
    actual_date = datetime.date(2018, 4, 9)
    outcome = ApprovalStep.Outcome.APPROVED


class TimelineActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineActivity

    plan = factory.SubFactory(ActionPlanFactory)
    month = datetime.date(2018, 1, 1)
    activity = factory.Sequence(lambda n: f"Aktivitet {n}")
    status = TimelineActivity.Status.PLANNED


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(ActionPlanFactory)
    track = Goal.Track.SHORT
    text = factory.Sequence(lambda n: f"Mål {n}")
    indicator = "Konflikter pr. måned"
    baseline = 40
    target = 25


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    goal = factory.SubFactory(GoalFactory)
    date = datetime.date(2018, 6, 1)
    status = Assessment.Status.ON_TRACK


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Indsats {n}")
    kind = Initiative.Kind.SAFE_PLACE
    track = Initiative.Track.SHORT
    status = Initiative.Status.PLANNED
    responsible_organisation = factory.SubFactory(OrganisationFactory)
    budget_allocated = 100_000
    budget_spent = 0

    @factory.post_generation
    def places(self, create, extracted, **kwargs):
        if extracted:
            self.places.set(extracted)

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if extracted:
            self.goals.set(extracted)


class InitiativeUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitiativeUpdate

    initiative = factory.SubFactory(InitiativeFactory)
    date = datetime.date(2018, 5, 1)
    old_status = ""
    new_status = Initiative.Status.PLANNED


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    title = factory.Sequence(lambda n: f"Opgave {n}")
    responsible_organisation = factory.SubFactory(OrganisationFactory)
    status = ActionItem.Status.OPEN
    source = ActionItem.Source.OTHER
    due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


class InvolvementActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvolvementActivity

    plan = factory.SubFactory(ActionPlanFactory)
    kind = "open_house"
    title = factory.Sequence(lambda n: f"Åbent hus {n}")
    date = datetime.date(2018, 11, 30)
    area = "Godsbanearealet"
    residents = 12
    business_owners = 3
    place_users = 15
    volunteers = 4
    police = 1
    municipal_staff = 2


class InvolvementInputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvolvementInput

    activity = factory.SubFactory(InvolvementActivityFactory)
    kind = "proposal"
    text = factory.Sequence(lambda n: f"Forslag {n}: et overdækket sted")


class MediationCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediationCase

    plan = factory.SubFactory(ActionPlanFactory)
    date = datetime.date(2018, 9, 4)
    area = "Godsbanearealet"
    conflict_kind = "noise"
    parties = "Beboer i stuen – beboer på 1. sal"
    sessions = 2
