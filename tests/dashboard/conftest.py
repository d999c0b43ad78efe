import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from actionplan.models import ActionItem, Assessment
from incidents.models import Incident
from tests.actionplan.factories import (
    ActionItemFactory,
    ActionPlanFactory,
    AssessmentFactory,
    GoalFactory,
    GroupFactory,
    InitiativeFactory,
    InitiativeUpdateFactory,
    OrganisationFactory,
)
from tests.incidents.factories import IncidentFactory, PlaceFactory, SmallJobFactory

CPH = ZoneInfo("Europe/Copenhagen")
# ISO week 10 of 2026 runs from Monday 2 March to Sunday 8 March.
WEEK_10 = datetime.date(2026, 3, 2)
# The period of the tests: the 12 weeks that end with week 11 (weeks 52/2025 – 11/2026).
UNTIL = datetime.date(2026, 3, 9)


def cph(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=CPH)


@pytest.fixture
def known(db, people):
    """Data whose figures are known, for the period of the 12 weeks ending with week 11.

    Klostertorvet: three incidents in week 10 (Monday 10:00, Wednesday 12:00 with the police,
    and Sunday 23:30, which UTC would still count as Sunday), none before: worse.
    Kildeparken: one at 00:30 on the Monday after (week 11 in Copenhagen, but still Sunday
    in UTC), two in the previous period (week 10 of it is week 50/2025): better.
    """
    reporter = people.users["caretaker"]
    a = PlaceFactory(name="Klostertorvet", city="Aarhus")
    b = PlaceFactory(name="Kildeparken", city="Aalborg")
    IncidentFactory(
        place=a,
        occurred_at=cph(2026, 3, 2, 10),
        reported_by=reporter,
        category=Incident.Category.GOOD_CONTACT,
    )
    IncidentFactory(
        place=a,
        occurred_at=cph(2026, 3, 4, 12),
        reported_by=reporter,
        category=Incident.Category.VIOLENCE,
        police_called=True,
        ambulance_called=True,
    )
    IncidentFactory(
        place=a,
        occurred_at=cph(2026, 3, 8, 23, 30),
        reported_by=reporter,
        category=Incident.Category.DE_ESCALATION,
    )
    IncidentFactory(place=b, occurred_at=cph(2026, 3, 9, 0, 30), reported_by=reporter)
    IncidentFactory(
        place=b, occurred_at=cph(2025, 12, 8, 9), reported_by=reporter, police_called=True
    )
    IncidentFactory(place=b, occurred_at=cph(2025, 12, 21, 23, 59), reported_by=reporter)
    # Outside both periods: counts nowhere.
    IncidentFactory(place=a, occurred_at=cph(2026, 3, 16, 0, 1), reported_by=reporter)

    SmallJobFactory(
        place=a, date=datetime.date(2026, 3, 3), hours="1.5", participants=3, reported_by=reporter
    )
    SmallJobFactory(
        place=a, date=datetime.date(2026, 3, 9), hours="2.0", participants=4, reported_by=reporter
    )
    SmallJobFactory(
        place=b, date=datetime.date(2026, 3, 16), hours="5.0", participants=9, reported_by=reporter
    )

    plan = ActionPlanFactory(
        title="Handleplan for byens pladser",
        budget=1_000_000,
        period_start=datetime.date(2025, 6, 1),
        period_end=datetime.date(2027, 5, 31),
    )
    changed = GoalFactory(plan=plan, text="Færre konflikter")
    AssessmentFactory(
        goal=changed, date=datetime.date(2025, 11, 1), status=Assessment.Status.AT_RISK
    )
    AssessmentFactory(
        goal=changed,
        date=datetime.date(2026, 2, 1),
        status=Assessment.Status.ON_TRACK,
        note="Konflikterne falder.",
    )
    achieved = GoalFactory(plan=plan, text="Et værested er åbnet")
    AssessmentFactory(
        goal=achieved, date=datetime.date(2025, 10, 1), status=Assessment.Status.ACHIEVED
    )
    # Assessed after the period: not yet counted.
    later = GoalFactory(plan=plan, text="Flere naboer deltager")
    AssessmentFactory(
        goal=later, date=datetime.date(2026, 4, 1), status=Assessment.Status.OFF_TRACK
    )
    Assessment.objects.create(
        plan=plan,
        point=Assessment.Point.INVOLVEMENT,
        date=datetime.date(2026, 3, 1),
        status=Assessment.Status.ON_TRACK,
        note="Borgerne deltager i dialogmøderne.",
    )
    quiet = InitiativeFactory(
        plan=plan,
        title="Social vicevært",
        status="in_progress",
        track="short",
        budget_allocated=300_000,
        budget_spent=100_000,
    )
    busy = InitiativeFactory(
        plan=plan, title="Ny belysning", status="planned", track="long", budget_allocated=200_000
    )
    InitiativeUpdateFactory(initiative=busy, date=timezone.localdate(), new_status="planned")
    InitiativeFactory(
        plan=plan, title="Nyt toilet", status="done", track="long", budget_allocated=0
    )
    other_plan = ActionPlanFactory(title="Gammel plan")
    InitiativeFactory(plan=other_plan, title="Anden plans indsats", status="in_progress")

    today = timezone.localdate()
    group = GroupFactory(name="Arbejdsgruppen", kind="working")
    organisation = OrganisationFactory(name="Aalborg Kommune, Ældre og handicap")
    late = ActionItemFactory(
        title="Opsæt bænke",
        group=group,
        responsible_organisation=organisation,
        due=today - datetime.timedelta(days=10),
    )
    # The plan's items: of its group, or of one of its initiatives.
    oldest = ActionItemFactory(
        title="Ryd op ved kiosken",
        responsible_organisation=organisation,
        initiative=quiet,
        due=today - datetime.timedelta(days=20),
    )
    ActionItemFactory(
        title="Ikke forsinket",
        group=group,
        responsible_organisation=organisation,
        due=today + datetime.timedelta(days=3),
    )
    ActionItemFactory(
        title="Færdig",
        group=group,
        responsible_organisation=organisation,
        due=today - datetime.timedelta(days=30),
        status=ActionItem.Status.DONE,
        done_on=today,
    )
    # The plan's area: both places and the working group.
    plan.places.set([a, b])
    plan.groups.add(group)
    return SimpleNamespace(
        a=a,
        b=b,
        plan=plan,
        other_plan=other_plan,
        changed=changed,
        quiet=quiet,
        busy=busy,
        group=group,
        organisation=organisation,
        late=late,
        oldest=oldest,
    )


@pytest.fixture
def query_string(known):
    return f"?plan={known.plan.pk}&weeks=12&until={UNTIL.isoformat()}"
