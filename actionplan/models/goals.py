"""Goals of a plan and their evaluation: dated assessments, also of the plan's evaluation points."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from byrum.history import track
from governance.models import Person, municipality_field

from .plans import ActionPlan, Track


def _plain_number(value):
    """100.00 as "100", 12.50 as "12,5" (Danish), for messages."""
    integral = value.to_integral_value()
    return number_format(integral if value == integral else value.normalize())


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

    def with_status(self, on=None):
        """Annotate ``status_on``: the status of each goal's latest assessment up to ``on``
        (today by default), None before its first. The dashboard's goal figure counts by it
        and the goal list filters by it (``with_status(on).filter(status_on=...)``), so a
        figure and its list always agree. A subquery: no query of its own."""
        latest = Assessment.objects.as_of(on).filter(goal=models.OuterRef("pk"))
        return self.annotate(status_on=models.Subquery(latest.values("status")[:1]))


@track()
class Goal(models.Model):
    Track = Track

    municipality = municipality_field()
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    track = models.CharField(_("track"), max_length=10, choices=Track.choices)
    text = models.CharField(_("goal"), max_length=300)
    success_criteria = models.TextField(_("success criteria"), blank=True)
    indicator = models.CharField(
        _("indicator"),
        max_length=200,
        blank=True,
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
        _("lowest possible value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("E.g. 0 for a count or a percentage. Measured values below it are refused."),
    )
    value_max = models.DecimalField(
        _("highest possible value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
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
                violation_error_message=_("The highest possible value cannot be below the lowest."),
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

    municipality = municipality_field()
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        on_delete=models.CASCADE,
        related_name="assessments",
        null=True,
        blank=True,
    )
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="evaluations",
        null=True,
        blank=True,
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
        Person,
        verbose_name=_("assessed by"),
        on_delete=models.SET_NULL,
        related_name="assessments",
        null=True,
        blank=True,
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
