"""Governance: the organisations, people and groups that carry the action plan.

The terms of reference (kommissorium) set up a steering group, a working group, a
coordinating group and local groups; Aarhus runs a "Byen for alle" network. People sit in
them through memberships with a role and dates, so the history of who sat where is kept.
"""

import dataclasses
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from byrum.history import track
from byrum.roles import sees_everything


def non_blank_lines(text):
    """A list kept as one line per item in a text field (a group's tasks, a plan's themes)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipal department")
    POLICE = "police", _("Police")
    NGO = "ngo", _("Voluntary organisation")
    BUSINESS = "business", _("Business association")
    RESIDENTS = "residents", _("Residents' council")
    HOUSING = "housing", _("Housing association")
    OTHER = "other", _("Other")


@track()
class Organisation(models.Model):
    Kind = OrganisationKind

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="actionplan_organisation_name_ci_unique",
                violation_error_message=_(
                    "An organisation with this name already exists "
                    "(upper and lower case count as the same)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="actionplan_organisation_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actionplan:organisation_detail", args=[self.pk])


@track()
class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        related_name="person",
        null=True,
        blank=True,
        help_text=_("The login this person uses, if any. A login belongs to at most one person."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actionplan:person_detail", args=[self.pk])


class GroupQuerySet(models.QuerySet):
    def in_structure_order(self):
        """Steering group first, then working, coordinating and local groups, then networks."""
        order = models.Case(
            *[models.When(kind=kind, then=i) for i, kind in enumerate(GroupKind.values)],
            output_field=models.IntegerField(),
        )
        return self.order_by(order, "name")

    def with_current_members(self):
        """Prefetch each group's current memberships with person and organisation: the
        group list and detail pages show them without a query per group."""
        return self.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.current().select_related(
                    "person__organisation"
                ),
                to_attr="current_memberships",
            )
        )

    def for_person(self, person):
        """The groups a person currently sits in."""
        return self.filter(
            pk__in=Membership.objects.current().filter(person=person).values("group_id")
        )


class GroupKind(models.TextChoices):
    STEERING = "steering", _("Steering group")
    WORKING = "working", _("Working group")
    COORDINATING = "coordinating", _("Coordinating group")
    LOCAL = "local", _("Local group")
    NETWORK = "network", _("Network")


@track()
class Group(models.Model):
    Kind = GroupKind

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    mandate = models.TextField(
        _("mandate"), blank=True, help_text=_("What the group is set up to do and decide.")
    )
    tasks = models.TextField(
        _("standing tasks"), blank=True, help_text=_("One task per line.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent group"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=GroupKind.values), name="actionplan_group_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="actionplan_group_not_own_parent",
                violation_error_message=_("A group cannot be its own parent group."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actionplan:group_detail", args=[self.pk])

    @property
    def task_list(self):
        return non_blank_lines(self.tasks)

    def clean(self):
        super().clean()
        if self.pk is None or self.parent is None:
            return
        if self.parent.pk == self.pk:
            raise ValidationError({"parent": _("A group cannot be its own parent group.")})
        # Walk up from the chosen parent: meeting this group again would make a loop.
        seen = set()
        ancestor = self.parent
        while ancestor is not None and ancestor.pk not in seen:
            if ancestor.pk == self.pk:
                raise ValidationError(
                    {
                        "parent": _(
                            "%(parent)s already sits below %(group)s, so it cannot also be "
                            "its parent group."
                        )
                        % {"parent": self.parent, "group": self.name}
                    }
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        """Memberships in force on a date (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on))

    def past(self, on=None):
        on = on or timezone.localdate()
        return self.filter(end__lt=on)


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


@track()
class Membership(models.Model):
    Role = MembershipRole

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    represents = models.ForeignKey(
        Organisation,
        verbose_name=_("represents"),
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
        help_text=_("The organisation the person sits for, when it is not their own."),
    )
    start = models.DateField(_("start"), default=timezone.localdate)
    end = models.DateField(_("end"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    # Order of roles on a group's page: chair first, then secretary, members, observers.
    ROLE_ORDER = [Role.CHAIR, Role.SECRETARY, Role.MEMBER, Role.OBSERVER]

    class Meta:
        ordering = ["group", "person__name", "-start"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values), name="actionplan_membership_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="actionplan_membership_end_after_start",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
            # Two open-ended memberships of the same person in the same group would overlap
            # for ever; clean() also refuses overlaps between dated ones.
            models.UniqueConstraint(
                fields=["person", "group"],
                condition=Q(end__isnull=True),
                name="actionplan_membership_one_open_per_group",
                violation_error_message=_(
                    "This person is already a member of this group in that period."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.group} ({self.get_role_display()})"

    def get_absolute_url(self):
        return self.group.get_absolute_url()

    @property
    def organisation(self):
        return self.represents or self.person.organisation

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return self.start <= on and (self.end is None or self.end >= on)

    def clean(self):
        super().clean()
        if self.person_id is None or self.group_id is None or self.start is None:
            return
        if self.end is not None and self.end < self.start:
            return  # the constraint's own message covers this
        overlapping = Membership.objects.filter(person_id=self.person_id, group_id=self.group_id)
        if self.pk:
            overlapping = overlapping.exclude(pk=self.pk)
        overlapping = overlapping.filter(Q(end__isnull=True) | Q(end__gte=self.start))
        if self.end is not None:
            overlapping = overlapping.filter(start__lte=self.end)
        if overlapping.exists():
            raise ValidationError(
                _("%(person)s is already a member of %(group)s in that period.")
                % {"person": self.person, "group": self.group}
            )

    def end_today(self):
        """End an open membership with effect from today: yesterday was the last day as a
        member (``end`` is inclusive), so the person leaves the current list at once. The
        membership itself stays as history."""
        today = timezone.localdate()
        if self.end is None or self.end >= today:
            self.end = max(today - datetime.timedelta(days=1), self.start)
            self.save(update_fields=["end"])


# ---------------------------------------------------------------------------------------------
# The action plan: its approval, timeline, goals and their evaluation, initiatives and the
# action items that carry the work. A consultant keeps it; the steering group follows it.
# ---------------------------------------------------------------------------------------------


NOT_NEGATIVE = MinValueValidator(0, message=_("Amounts cannot be negative."))


def _first_of_month(day):
    return day.replace(day=1) if day else day


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    HEARING = "hearing", _("In hearing")
    APPROVED = "approved", _("Approved")
    IMPLEMENTATION = "implementation", _("In implementation")
    EVALUATED = "evaluated", _("Evaluated")
    CLOSED = "closed", _("Closed")


class Track(models.TextChoices):
    """The plan's two tracks (kommissorium): here and now, and the long-term strategy."""

    SHORT = "short", _("Short term (here and now)")
    LONG = "long", _("Long term (strategy)")


class ActionPlanQuerySet(models.QuerySet):
    def with_budget(self):
        """Annotate what the plan's initiatives have been allocated and have spent (plan list,
        plan detail and the printed status page). Subqueries, so the sums never multiply."""
        initiatives = Initiative.objects.filter(plan=models.OuterRef("pk")).order_by()
        totals = initiatives.values("plan")
        return self.annotate(
            allocated=models.functions.Coalesce(
                models.Subquery(
                    totals.annotate(s=models.Sum("budget_allocated")).values("s")[:1]
                ),
                0,
                output_field=models.BigIntegerField(),
            ),
            spent=models.functions.Coalesce(
                models.Subquery(totals.annotate(s=models.Sum("budget_spent")).values("s")[:1]),
                0,
                output_field=models.BigIntegerField(),
            ),
        )


@dataclasses.dataclass(frozen=True)
class PlanBudget:
    budget: int
    allocated: int
    spent: int

    @property
    def remaining(self):
        """What is left of the budget after what has been spent."""
        return self.budget - self.spent

    @property
    def unallocated(self):
        return self.budget - self.allocated

    @property
    def over_allocated(self):
        """The initiatives have been promised more than the plan has: the warning."""
        return self.allocated > self.budget

    @property
    def spent_percent(self):
        return round(100 * self.spent / self.budget) if self.budget else 0


@track()
class ActionPlan(models.Model):
    Status = PlanStatus

    title = models.CharField(_("title"), max_length=250)
    municipality = models.CharField(_("municipality"), max_length=100)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    budget = models.BigIntegerField(
        _("budget (DKK)"), default=0, validators=[NOT_NEGATIVE]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    purpose = models.TextField(_("purpose"), blank=True)
    themes = models.TextField(_("themes"), blank=True, help_text=_("One theme per line."))
    short_term_track = models.TextField(
        _("short-term track"), blank=True,
        help_text=_("What the here-and-now track covers."),
    )
    long_term_track = models.TextField(
        _("long-term track"), blank=True,
        help_text=_("What the long-term strategy track covers."),
    )
    groups = models.ManyToManyField(
        Group, verbose_name=_("owning groups"), related_name="plans", blank=True
    )

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "title"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="actionplan_actionplan_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="actionplan_actionplan_period_end_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="actionplan_actionplan_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actionplan:plan_detail", args=[self.pk])

    @property
    def theme_list(self):
        return non_blank_lines(self.themes)

    def budget_summary(self):
        """Budget, allocated, spent and what remains; needs ``with_budget()``."""
        return PlanBudget(budget=self.budget, allocated=self.allocated, spent=self.spent)

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})


class ApprovalOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CHANGES = "changes", _("Approved with changes")
    NOTED = "noted", _("Noted (for information)")
    POSTPONED = "postponed", _("Postponed")
    REJECTED = "rejected", _("Rejected")


class ApprovalStep(models.Model):
    """One body's handling of the plan: a committee, the city council, a management meeting
    or a public hearing."""

    Outcome = ApprovalOutcome

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE,
        related_name="approval_steps",
    )
    body = models.CharField(
        _("body"), max_length=200,
        help_text=_("E.g. Familie- og Socialudvalget, Byrådet or a public hearing."),
    )
    planned_date = models.DateField(_("planned date"))
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["plan", "planned_date", "pk"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=ApprovalOutcome.values),
                name="actionplan_approvalstep_outcome_valid",
            ),
            # A decision has a date: only a pending step may lack one.
            models.CheckConstraint(
                condition=Q(outcome=ApprovalOutcome.PENDING) | Q(actual_date__isnull=False),
                name="actionplan_approvalstep_decided_has_date",
                violation_error_message=_("Give the date the body handled the plan."),
            ),
        ]

    def __str__(self):
        return f"{self.body} ({self.planned_date:%Y-%m-%d})"

    def get_absolute_url(self):
        return self.plan.get_absolute_url() + "#approval"

    def clean(self):
        super().clean()
        if self.outcome != ApprovalOutcome.PENDING and self.actual_date is None:
            raise ValidationError(
                {"actual_date": _("Give the date the body handled the plan.")}
            )


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Happened")
    SLIPPED = "slipped", _("Slipped")
    CANCELLED = "cancelled", _("Cancelled")


class TimelineActivity(models.Model):
    """A planned activity of the plan's timeline, by month (kommissorium section 3)."""

    Status = ActivityStatus

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE,
        related_name="activities",
    )
    month = models.DateField(_("month"), help_text=_("Any day of the month; the month counts."))
    activity = models.CharField(_("activity"), max_length=300)
    responsible_group = models.ForeignKey(
        Group, verbose_name=_("responsible group"), on_delete=models.SET_NULL,
        related_name="timeline_activities", null=True, blank=True,
    )
    responsible_person = models.ForeignKey(
        Person, verbose_name=_("responsible person"), on_delete=models.SET_NULL,
        related_name="timeline_activities", null=True, blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    happened_on = models.DateField(_("happened on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, help_text=_("What happened, or why it slipped."))

    class Meta:
        ordering = ["plan", "month", "pk"]
        verbose_name = _("timeline activity")
        verbose_name_plural = _("timeline activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActivityStatus.values),
                name="actionplan_timelineactivity_status_valid",
            ),
            # A month is stored as its first day, so activities group by month.
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="actionplan_timelineactivity_month_first_day",
                violation_error_message=_("Give the month as its first day."),
            ),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m}: {self.activity}"

    def get_absolute_url(self):
        return self.plan.get_absolute_url() + "#timeline"

    def clean(self):
        super().clean()
        self.month = _first_of_month(self.month)

    def is_late(self, today=None):
        """Still only planned although its month is over: it has slipped without anyone
        saying so."""
        today = today or timezone.localdate()
        return self.status == ActivityStatus.PLANNED and _first_of_month(today) > self.month


def _plain_number(value):
    """100.00 as "100", 12.50 as "12,5" (Danish), for messages."""
    return number_format(value.to_integral_value() if value == value.to_integral_value()
                         else value.normalize())


class GoalQuerySet(models.QuerySet):
    def with_assessments(self, on=None):
        """Prefetch each goal's assessments up to ``on`` (today by default), newest first, as
        ``goal.assessment_list``; the plan page, the goal's initiatives and the council report
        show the latest from it without a query per goal. The dashboard reads the same
        ``Assessment.objects.as_of()``, so every page names the same latest assessment."""
        return self.prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.as_of(on).select_related("assessed_by"),
                to_attr="assessment_list",
            )
        )


@track()
class Goal(models.Model):
    Track = Track

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE,
        related_name="goals",
    )
    track = models.CharField(_("track"), max_length=10, choices=Track.choices)
    text = models.CharField(_("goal"), max_length=300)
    success_criteria = models.TextField(_("success criteria"), blank=True)
    indicator = models.CharField(
        _("indicator"), max_length=200, blank=True,
        help_text=_("What is measured, e.g. conflicts registered by the police per month."),
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    horizon = models.DateField(
        _("horizon"), null=True, blank=True, help_text=_("When the goal should be reached.")
    )
    value_min = models.DecimalField(
        _("lowest possible value"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("E.g. 0 for a count or a percentage. Measured values below it are refused."),
    )
    value_max = models.DecimalField(
        _("highest possible value"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("E.g. 100 for a percentage. Measured values above it are refused."),
    )

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "track", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(track__in=Track.values), name="actionplan_goal_track_valid"
            ),
            models.CheckConstraint(
                condition=Q(value_min__isnull=True)
                | Q(value_max__isnull=True)
                | Q(value_max__gte=models.F("value_min")),
                name="actionplan_goal_value_range_ordered",
                violation_error_message=_(
                    "The highest possible value cannot be below the lowest."
                ),
            ),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("actionplan:goal_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if (
            self.value_min is not None
            and self.value_max is not None
            and self.value_max < self.value_min
        ):
            raise ValidationError(
                {"value_max": _("The highest possible value cannot be below the lowest.")}
            )

    def value_out_of_range(self, value):
        """The message for a measured value outside the indicator's range, else None."""
        if value is None:
            return None
        if self.value_min is not None and value < self.value_min:
            return _("The value cannot be below %(min)s for this indicator.") % {
                "min": _plain_number(self.value_min)
            }
        if self.value_max is not None and value > self.value_max:
            return _("The value cannot be above %(max)s for this indicator.") % {
                "max": _plain_number(self.value_max)
            }
        return None

    @property
    def latest_assessment(self):
        """The newest assessment up to today; needs ``with_assessments()`` (no query of its
        own)."""
        assessments = getattr(self, "assessment_list", None)
        if assessments is None:
            raise AttributeError("Use Goal.objects.with_assessments() to read latest_assessment.")
        return assessments[0] if assessments else None


class AssessmentStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    ACHIEVED = "achieved", _("Achieved")


class EvaluationPoint(models.TextChoices):
    """The evaluation points of the terms of reference, assessed for the plan as a whole."""

    RESULTS = "results", _("Results against goals")
    PROCESS = "process", _("Process and implementation")
    INVOLVEMENT = "involvement", _("Citizen involvement")


class AssessmentQuerySet(models.QuerySet):
    def as_of(self, on=None):
        """The assessments made up to ``on`` (today by default), newest first: the first is
        "the latest assessment" on every page and figure."""
        on = on or timezone.localdate()
        return self.filter(date__lte=on).order_by("-date", "-pk")


@track()
class Assessment(models.Model):
    """A dated assessment: either of one goal, or of the whole plan on one evaluation point."""

    Status = AssessmentStatus
    Point = EvaluationPoint

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="assessments",
        null=True, blank=True,
    )
    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE,
        related_name="evaluations", null=True, blank=True,
    )
    point = models.CharField(
        _("evaluation point"), max_length=20, choices=Point.choices, blank=True
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    measured_value = models.DecimalField(
        _("measured value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    assessed_by = models.ForeignKey(
        Person, verbose_name=_("assessed by"), on_delete=models.SET_NULL,
        related_name="assessments", null=True, blank=True,
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AssessmentStatus.values),
                name="actionplan_assessment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(point="") | Q(point__in=EvaluationPoint.values),
                name="actionplan_assessment_point_valid",
            ),
            # Of a goal, or of the plan on an evaluation point: never both, never neither.
            models.CheckConstraint(
                condition=(
                    Q(goal__isnull=False, plan__isnull=True, point="")
                    | Q(goal__isnull=True, plan__isnull=False) & ~Q(point="")
                ),
                name="actionplan_assessment_goal_or_plan_point",
                violation_error_message=_(
                    "An assessment is either of a goal, or of the plan on an evaluation point."
                ),
            ),
        ]

    def __str__(self):
        subject = self.goal if self.goal_id else self.get_point_display()
        return f"{subject}: {self.get_status_display()} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self):
        if self.goal_id:
            return self.goal.get_absolute_url()
        return self.plan.get_absolute_url() + "#evaluation"

    def clean(self):
        super().clean()
        if self.goal_id is None and (self.plan_id is None or not self.point):
            raise ValidationError(
                _("An assessment is either of a goal, or of the plan on an evaluation point.")
            )
        errors = {}
        # An assessment says how things stand: it cannot be made ahead of time. (No database
        # constraint: "today" moves, a CHECK must not.)
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("An assessment cannot be dated in the future.")
        if self.goal_id is not None:
            problem = self.goal.value_out_of_range(self.measured_value)
            if problem:
                errors["measured_value"] = problem
        if errors:
            raise ValidationError(errors)


class InitiativeKind(models.TextChoices):
    SAFE_PLACE = "safe_place", _("Safe place (hellested)")
    SOCIAL_CARETAKERS = "social_caretakers", _("Social caretakers")
    SMALL_JOBS = "small_jobs", _("Small jobs")
    PHYSICAL = "physical", _("Physical measure")
    CO_CREATION = "co_creation", _("Co-creation process")
    SAFETY_WALKS = "safety_walks", _("Safety-walk programme")
    MEDIATION = "mediation", _("Conflict mediation")
    NEIGHBOURLINESS = "neighbourliness", _("Neighbourliness activity")
    CITIZEN_DRIVEN = "citizen_driven", _("Citizen-driven initiative")
    OTHER = "other", _("Other")


class InitiativeStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


class InitiativeQuerySet(models.QuerySet):
    def for_list(self):
        """What a list of initiatives shows: plan, responsible organisation and person, and
        places (initiative list, plan page, place page)."""
        return self.select_related(
            "plan", "responsible_organisation", "responsible_person"
        ).prefetch_related("places")

    def for_place(self, place):
        """The initiatives at one place, for the place page."""
        return self.filter(places=place).for_list()

    def physical_measures(self):
        return self.filter(kind=InitiativeKind.PHYSICAL)


@track()
class Initiative(models.Model):
    Kind = InitiativeKind
    Status = InitiativeStatus
    Track = Track

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.PROTECT,
        related_name="initiatives",
    )
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    track = models.CharField(_("track"), max_length=10, choices=Track.choices, default=Track.SHORT)
    description = models.TextField(_("description"), blank=True)
    goals = models.ManyToManyField(
        Goal, verbose_name=_("goals it serves"), related_name="initiatives", blank=True
    )
    places = models.ManyToManyField(
        "places.Place", verbose_name=_("places"), related_name="initiatives", blank=True
    )
    responsible_organisation = models.ForeignKey(
        Organisation, verbose_name=_("responsible organisation"), on_delete=models.PROTECT,
        related_name="initiatives", null=True, blank=True,
    )
    responsible_person = models.ForeignKey(
        Person, verbose_name=_("responsible person"), on_delete=models.SET_NULL,
        related_name="initiatives", null=True, blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDEA
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    budget_allocated = models.BigIntegerField(
        _("budget allocated (DKK)"), default=0, validators=[NOT_NEGATIVE]
    )
    budget_spent = models.BigIntegerField(
        _("budget spent (DKK)"), default=0, validators=[NOT_NEGATIVE]
    )

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InitiativeKind.values), name="actionplan_initiative_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=InitiativeStatus.values),
                name="actionplan_initiative_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(track__in=Track.values), name="actionplan_initiative_track_valid"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="actionplan_initiative_end_after_start",
                violation_error_message=_("An initiative cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(budget_allocated__gte=0) & Q(budget_spent__gte=0),
                name="actionplan_initiative_amounts_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actionplan:initiative_detail", args=[self.pk])

    @property
    def overspent(self):
        return self.budget_spent > self.budget_allocated

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("An initiative cannot end before it starts.")})

    def history_starts(self):
        """The first day an update may carry: the date of its first update, written when the
        initiative was created (None before that). One query."""
        return self.updates.order_by("date").values_list("date", flat=True).first()

    def update_date_problem(self, day, *, today=None):
        """The message for a status update dated ``day`` outside the initiative's life so far
        (before it was created, or after today), else None."""
        today = today or timezone.localdate()
        if day > today:
            return _("A status update cannot be dated in the future.")
        starts = self.history_starts()
        if starts is not None and day < starts:
            return _("A status update cannot be dated before the initiative's history starts "
                     "(%(date)s).") % {"date": date_format(starts, "SHORT_DATE_FORMAT")}
        return None

    def change_status(self, new_status, *, by, note="", on=None):
        """Move the initiative to ``new_status`` and write the dated update that says so, in
        one transaction: a status never changes without leaving an update behind. Giving the
        current status records a plain progress note."""
        if new_status not in InitiativeStatus.values:
            raise ValidationError({"status": _("Choose a valid status.")})
        with transaction.atomic():
            locked = Initiative.objects.select_for_update().get(pk=self.pk)
            update = InitiativeUpdate(
                initiative=self,
                date=on or timezone.localdate(),
                old_status=locked.status,
                new_status=new_status,
                note=note,
                by=by if by is not None and by.is_authenticated else None,
            )
            update.full_clean()
            update.save()
            if locked.status != new_status:
                Initiative.objects.filter(pk=self.pk).update(status=new_status)
            self.status = new_status
        return update


class InitiativeUpdate(models.Model):
    """A dated entry in an initiative's history: what happened and the status it left."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    old_status = models.CharField(
        _("status before"), max_length=20, choices=InitiativeStatus.choices, blank=True
    )
    new_status = models.CharField(
        _("new status"), max_length=20, choices=InitiativeStatus.choices
    )
    NOTE_MAX_LENGTH = 4000

    note = models.TextField(_("what happened"), blank=True, max_length=NOTE_MAX_LENGTH)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL,
        related_name="initiative_updates", null=True, blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at", "-pk"]
        verbose_name = _("initiative update")
        verbose_name_plural = _("initiative updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(new_status__in=InitiativeStatus.values)
                & (Q(old_status="") | Q(old_status__in=InitiativeStatus.values)),
                name="actionplan_initiativeupdate_status_valid",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), 4000),
                name="actionplan_initiativeupdate_note_length",
                violation_error_message=_("Keep the note to at most 4000 characters."),
            ),
        ]

    def __str__(self):
        return f"{self.initiative}: {self.get_new_status_display()} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self):
        return self.initiative.get_absolute_url() + "#history"

    @property
    def changed_status(self):
        return self.old_status != self.new_status

    def clean(self):
        super().clean()
        if len(self.note) > self.NOTE_MAX_LENGTH:
            raise ValidationError(
                {"note": _("Keep the note to at most 4000 characters.")}
            )
        # Only a new entry is held to the initiative's life so far: the first one is the
        # creation itself, and an old one must stay editable in the admin.
        if self.date and self.initiative_id and self._state.adding:
            problem = self.initiative.update_date_problem(self.date)
            if problem:
                raise ValidationError({"date": problem})


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActionItemSource(models.TextChoices):
    """Where an action item came from. Meeting decisions and safety-walk findings get their
    links (and constraints) from the meetings app."""

    INITIATIVE = "initiative", _("Initiative")
    MEETING_DECISION = "meeting_decision", _("Meeting decision")
    SAFETY_WALK_FINDING = "safety_walk_finding", _("Safety-walk finding")
    OTHER = "other", _("Entered directly")


OPEN_STATUSES = [ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS]
# 0 for open items, 1 for the rest: the first key of the action lists' order, and of the
# index that serves it (ActionItem.Meta.indexes), which must use the same expression.
URGENCY = models.Case(
    models.When(status__in=OPEN_STATUSES, then=models.Value(0)), default=models.Value(1)
)


class ActionItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The action items a user may see: consultants, the steering group and the
        administrator see all; others the items of their current groups, their own, and
        their organisation's. Every action-item list starts here."""
        if not user.is_authenticated:
            return self.none()
        if sees_everything(user):
            return self
        person = getattr(user, "person", None)
        if person is None:
            return self.none()
        mine = Q(responsible_person=person) | Q(
            group__in=Membership.objects.current().filter(person=person).values("group_id")
        )
        if person.organisation_id:
            mine |= Q(responsible_organisation_id=person.organisation_id)
        return self.filter(mine)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, on=None):
        """Open items past their due date. Overdue is derived from the date, never stored."""
        on = on or timezone.localdate()
        return self.open().filter(due__lt=on)

    def not_overdue(self, on=None):
        on = on or timezone.localdate()
        return self.exclude(status__in=OPEN_STATUSES, due__lt=on)

    def assigned_to(self, person):
        return self.filter(responsible_person=person)

    def for_list(self):
        """What an action-item list shows on each row."""
        return self.select_related(
            "responsible_person", "responsible_organisation", "group", "initiative", "done_by"
        )

    def urgent_first(self):
        """Open items first, the earliest due date first, undated ones last."""
        return self.order_by(URGENCY, models.F("due").asc(nulls_last=True), "pk")


@track()
class ActionItem(models.Model):
    Status = ActionItemStatus
    Source = ActionItemSource

    title = models.CharField(_("what"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    responsible_person = models.ForeignKey(
        Person, verbose_name=_("responsible person"), on_delete=models.SET_NULL,
        related_name="action_items", null=True, blank=True,
    )
    responsible_organisation = models.ForeignKey(
        Organisation, verbose_name=_("responsible organisation"), on_delete=models.PROTECT,
        related_name="action_items", null=True, blank=True,
    )
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.SET_NULL, related_name="action_items",
        null=True, blank=True, help_text=_("The group the item belongs to; its members see it."),
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    source = models.CharField(
        _("source"), max_length=30, choices=Source.choices, default=Source.OTHER
    )
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE,
        related_name="action_items", null=True, blank=True,
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("done by"), on_delete=models.SET_NULL,
        related_name="+", null=True, blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionItemStatus.values),
                name="actionplan_actionitem_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(source__in=ActionItemSource.values),
                name="actionplan_actionitem_source_valid",
            ),
            models.CheckConstraint(
                condition=Q(responsible_person__isnull=False)
                | Q(responsible_organisation__isnull=False),
                name="actionplan_actionitem_has_responsible",
                violation_error_message=_(
                    "Give a responsible person or organisation (or both)."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(source=ActionItemSource.INITIATIVE) | Q(initiative__isnull=False),
                name="actionplan_actionitem_initiative_source_has_initiative",
                violation_error_message=_("An item from an initiative needs the initiative."),
            ),
            models.CheckConstraint(
                condition=Q(status=ActionItemStatus.DONE, done_on__isnull=False)
                | (~Q(status=ActionItemStatus.DONE) & Q(done_on__isnull=True)),
                name="actionplan_actionitem_done_has_date",
                violation_error_message=_("A done item has a done date; others have none."),
            ),
        ]
        indexes = [
            # Overdue items: the oldest first in index order, and counted per group and per
            # organisation from the index alone (the dashboard).
            models.Index(
                fields=["due", "id"], include=["group", "responsible_organisation"],
                condition=Q(status__in=["open", "in_progress"]),
                name="actionplan_actionitem_open_due",
            ),
            # urgent_first(): the first page of a list of 100,000 items, or of the overdue
            # ones, read in index order instead of sorting them all.
            models.Index(
                URGENCY, models.F("due").asc(nulls_last=True), models.F("id"),
                name="actionplan_actionitem_urgent",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actionplan:action_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.responsible_person_id is None and self.responsible_organisation_id is None:
            raise ValidationError(_("Give a responsible person or organisation (or both)."))
        if self.source == ActionItemSource.INITIATIVE and self.initiative_id is None:
            raise ValidationError(
                {"initiative": _("An item from an initiative needs the initiative.")}
            )

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def is_overdue(self, on=None):
        on = on or timezone.localdate()
        return self.is_open and self.due is not None and self.due < on

    @property
    def overdue(self):
        return self.is_overdue()

    def can_be_marked_by(self, user):
        """Consultants mark any item done; others only the items they are responsible for."""
        if user.has_perm("actionplan.change_actionitem"):
            return True
        person = getattr(user, "person", None)
        return person is not None and self.responsible_person_id == person.pk

    def mark_done(self, *, by, on=None):
        self.status = ActionItemStatus.DONE
        self.done_on = on or timezone.localdate()
        self.done_by = by
        self.save(update_fields=["status", "done_on", "done_by"])

    def reopen(self):
        self.status = ActionItemStatus.OPEN
        self.done_on = None
        self.done_by = None
        self.save(update_fields=["status", "done_on", "done_by"])
