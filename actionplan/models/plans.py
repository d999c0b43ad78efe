"""The action plan itself: its status, budget, approval steps by body and timeline of activities."""

import dataclasses

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from byrum.history import track
from governance.models import Group, GroupKind, Person, municipality_field, non_blank_lines
from places.models import Place

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
        from .initiatives import Initiative  # the initiatives module builds on this one

        initiatives = Initiative.objects.filter(plan=models.OuterRef("pk")).order_by()
        totals = initiatives.values("plan")
        return self.annotate(
            allocated=models.functions.Coalesce(
                models.Subquery(totals.annotate(s=models.Sum("budget_allocated")).values("s")[:1]),
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

    municipality = municipality_field()
    title = models.CharField(_("title"), max_length=250)
    # Deleting the record deletes its files' rows too (byrum.Attachment).
    attachments = GenericRelation(
        "byrum.Attachment", content_type_field="target_type", object_id_field="target_id"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    budget = models.BigIntegerField(_("budget (DKK)"), default=0, validators=[NOT_NEGATIVE])
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    purpose = models.TextField(_("purpose"), blank=True)
    themes = models.TextField(_("themes"), blank=True, help_text=_("One theme per line."))
    short_term_track = models.TextField(
        _("short-term track"),
        blank=True,
        help_text=_("What the here-and-now track covers."),
    )
    long_term_track = models.TextField(
        _("long-term track"),
        blank=True,
        help_text=_("What the long-term strategy track covers."),
    )
    groups = models.ManyToManyField(
        Group, verbose_name=_("owning groups"), related_name="plans", blank=True
    )
    # The plan's area: its figures (dashboard, council report, workbook) count the incidents
    # and small jobs at these places, and the overdue action items of its groups and its
    # initiatives. An explicit list, proposed from the initiatives' and local groups' places
    # (``proposed_places``), so a figure never changes because an initiative moved.
    places = models.ManyToManyField(
        Place,
        verbose_name=_("places"),
        related_name="plans",
        blank=True,
        help_text=_("The places the plan covers: its figures count what happens here."),
    )
    # The secretariat (kommissorium): the project leader and the consultants who keep the
    # plan. A group's secretariat is a department (Group.secretariat); a plan's are people.
    project_leader = models.ForeignKey(
        Person,
        verbose_name=_("project leader"),
        on_delete=models.SET_NULL,
        related_name="plans_led",
        null=True,
        blank=True,
    )
    consultants = models.ManyToManyField(
        Person,
        verbose_name=_("consultants"),
        related_name="plans_as_consultant",
        blank=True,
        help_text=_("The secretariat's consultants who keep the plan."),
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

    # The plan's area as subqueries of its link tables: a figure filters on
    # ``place_id IN (<place_ids>)`` in its one query, without loading the list first.
    def place_ids(self):
        """The ids of the plan's places (a subquery)."""
        return ActionPlan.places.through.objects.filter(actionplan_id=self.pk).values("place_id")

    def group_ids(self):
        """The ids of the plan's groups (a subquery)."""
        return ActionPlan.groups.through.objects.filter(actionplan_id=self.pk).values("group_id")

    def proposed_places(self):
        """The places to propose for the plan's area: its initiatives' places, and the places
        of its local groups: those among its groups and those below them (a working group's
        local groups). Three queries: the plan's groups, the municipality's group tree, and the
        places."""
        from .initiatives import Initiative  # the initiatives module builds on this one

        # The plan's municipality said in the query (the first lock), not only by the policies.
        groups = Group.objects.filter(municipality_id=self.municipality_id)
        children = {}
        for pk, parent in groups.values_list("pk", "parent_id"):
            children.setdefault(parent, []).append(pk)
        below = set()
        todo = list(self.group_ids().values_list("group_id", flat=True))
        while todo:
            group = todo.pop()
            if group not in below:
                below.add(group)
                todo.extend(children.get(group, []))
        initiatives = Initiative.places.through.objects.filter(initiative__plan_id=self.pk).values(
            "place_id"
        )
        local = Q(local_group__in=below, local_group__kind=GroupKind.LOCAL)
        places = Place.objects.filter(municipality_id=self.municipality_id)
        return places.filter(Q(pk__in=initiatives) | local)

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


@track()
class ApprovalStep(models.Model):
    """One body's handling of the plan: a committee, the city council, a management meeting
    or a public hearing."""

    Outcome = ApprovalOutcome

    municipality = municipality_field()
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="approval_steps",
    )
    body = models.CharField(
        _("body"),
        max_length=200,
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
            raise ValidationError({"actual_date": _("Give the date the body handled the plan.")})


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Happened")
    SLIPPED = "slipped", _("Slipped")
    CANCELLED = "cancelled", _("Cancelled")


@track()
class TimelineActivity(models.Model):
    """A planned activity of the plan's timeline, by month (kommissorium section 3)."""

    Status = ActivityStatus

    municipality = municipality_field()
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    month = models.DateField(_("month"), help_text=_("Any day of the month; the month counts."))
    activity = models.CharField(_("activity"), max_length=300)
    responsible_group = models.ForeignKey(
        Group,
        verbose_name=_("responsible group"),
        on_delete=models.SET_NULL,
        related_name="timeline_activities",
        null=True,
        blank=True,
    )
    responsible_person = models.ForeignKey(
        Person,
        verbose_name=_("responsible person"),
        on_delete=models.SET_NULL,
        related_name="timeline_activities",
        null=True,
        blank=True,
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
