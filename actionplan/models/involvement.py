"""Citizen involvement as data (DESIGN.md, "Involvement activity"): who took part, counted by
kind and never named; what they raised and what became of it; the plan's hearing; and the
housing areas' mediation log. These are the figures behind the evaluation point
"Borgerinddragelse"."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from byrum.history import track
from governance.models import Group, Organisation, municipality_field

from .initiatives import Initiative
from .plans import ActionPlan


class ActivityKind(models.TextChoices):
    DIALOGUE_MEETING = "dialogue_meeting", _("Dialogue meeting")
    OPEN_HOUSE = "open_house", _("Open house")
    SAFETY_WALK = "safety_walk", _("Safety walk")
    INTERVIEW = "interview", _("Interview")
    FIELD_STUDY = "field_study", _("Field study")
    WORKSHOP = "workshop", _("Workshop")
    HEARING = "hearing", _("Hearing")


# Who took part, by kind: (field, label). Numbers only, never names.
PARTICIPANT_KINDS = [
    ("residents", _("Residents")),
    ("business_owners", _("Business owners")),
    ("place_users", _("People who use the place (socially vulnerable people included)")),
    ("volunteers", _("Volunteers and NGO staff")),
    ("police", _("Police")),
    ("municipal_staff", _("Municipality")),
]
PARTICIPANT_FIELDS = [field for field, _label in PARTICIPANT_KINDS]


def _count_field(label):
    return models.PositiveIntegerField(label, default=0)


class InvolvementActivityQuerySet(models.QuerySet):
    def for_list(self):
        """What the activity list shows on each row: plan, place, group, initiative and the
        number of inputs raised."""
        return (
            self.select_related("plan", "place", "group", "initiative")
            .annotate(input_count=Count("inputs"))
            .order_by("-date", "-pk")
        )

    def participant_totals(self):
        """One row: the number of activities and the people who took part, by kind."""
        return self.aggregate(
            activities=Count("pk"), **{f: Sum(f, default=0) for f in PARTICIPANT_FIELDS}
        )


@track()
class InvolvementActivity(models.Model):
    Kind = ActivityKind

    municipality = municipality_field()
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.PROTECT,
        related_name="involvement_activities",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    date = models.DateField(_("date"))
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        on_delete=models.SET_NULL,
        related_name="involvement_activities",
        null=True,
        blank=True,
    )
    area = models.CharField(
        _("area"),
        max_length=250,
        blank=True,
        help_text=_("The area, when it is more than one place (or none in the register)."),
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("group it serves"),
        on_delete=models.SET_NULL,
        related_name="involvement_activities",
        null=True,
        blank=True,
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative it serves"),
        on_delete=models.SET_NULL,
        related_name="involvement_activities",
        null=True,
        blank=True,
    )
    residents = _count_field(_("residents"))
    business_owners = _count_field(_("business owners"))
    place_users = _count_field(_("people who use the place"))
    volunteers = _count_field(_("volunteers and NGO staff"))
    police = _count_field(_("police"))
    municipal_staff = _count_field(_("municipality"))
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("What happened, in a few lines. Never write the names of citizens."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = InvolvementActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("involvement activity")
        verbose_name_plural = _("involvement activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ActivityKind.values),
                name="actionplan_involvementactivity_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(place__isnull=False) | ~Q(area=""),
                name="actionplan_involvementactivity_place_or_area",
                violation_error_message=_("Choose the place or describe the area."),
            ),
            models.CheckConstraint(
                condition=Q(**{f"{f}__gte": 0 for f in PARTICIPANT_FIELDS}),
                name="actionplan_involvementactivity_counts_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("actionplan:involvement_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.place_id is None and not self.area.strip():
            raise ValidationError({"area": _("Choose the place or describe the area.")})
        if self.initiative_id and self.plan_id and self.initiative.plan_id != self.plan_id:
            raise ValidationError(
                {"initiative": _("The initiative belongs to another action plan.")}
            )

    @property
    def where(self):
        return self.area or (self.place.name if self.place_id else "")

    @property
    def participant_counts(self):
        """(label, number) for each kind of participant."""
        return [(label, getattr(self, field)) for field, label in PARTICIPANT_KINDS]

    @property
    def participant_total(self):
        return sum(getattr(self, field) for field in PARTICIPANT_FIELDS)

    @property
    def is_hearing(self):
        return self.kind == ActivityKind.HEARING


class InputKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    CONCERN = "concern", _("Concern")
    PRAISE = "praise", _("Praise")


class InputOutcome(models.TextChoices):
    OPEN = "open", _("Not answered yet")
    INITIATIVE = "initiative", _("Taken into an initiative")
    DECISION = "decision", _("Taken into a decision")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")


# Outcomes where the input changed something: it went into an initiative or a decision.
CHANGED_OUTCOMES = [InputOutcome.INITIATIVE, InputOutcome.DECISION]


class InvolvementInputQuerySet(models.QuerySet):
    def for_list(self):
        """The input list's rows: the activity (and its plan), the sender, the initiative
        the input went into and the decisions that took it up (those live in meetings; the
        reverse relation is read without importing it)."""
        return self.select_related(
            "activity__plan", "sender_organisation", "initiative"
        ).prefetch_related("decisions")

    def answered(self):
        return self.exclude(outcome=InputOutcome.OPEN)

    def unanswered(self):
        return self.filter(outcome=InputOutcome.OPEN)

    def changed_something(self):
        return self.filter(outcome__in=CHANGED_OUTCOMES)

    def totals(self):
        """One row: inputs raised, answered, that changed something, and hearing responses."""
        return self.aggregate(
            inputs=Count("pk"),
            answered=Count("pk", filter=~Q(outcome=InputOutcome.OPEN)),
            changed=Count("pk", filter=Q(outcome__in=CHANGED_OUTCOMES)),
            hearing=Count("pk", filter=Q(activity__kind=ActivityKind.HEARING)),
        )


@track()
class InvolvementInput(models.Model):
    """Something raised at an involvement activity (or a response to the plan's hearing), with
    the answer and what became of it."""

    Kind = InputKind
    Outcome = InputOutcome

    municipality = municipality_field()
    activity = models.ForeignKey(
        InvolvementActivity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="inputs",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("what was raised"))
    sender_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("sender organisation"),
        on_delete=models.PROTECT,
        related_name="involvement_inputs",
        null=True,
        blank=True,
        help_text=_("For a hearing response: the organisation that sent it."),
    )
    outcome = models.CharField(
        _("what became of it"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    reason = models.TextField(_("reason for declining"), blank=True)
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative it went into"),
        on_delete=models.PROTECT,
        related_name="involvement_inputs",
        null=True,
        blank=True,
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = InvolvementInputQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "pk"]
        verbose_name = _("input")
        verbose_name_plural = _("inputs")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InputKind.values),
                name="actionplan_involvementinput_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=InputOutcome.values),
                name="actionplan_involvementinput_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome=InputOutcome.OPEN)
                | (~Q(answer="") & Q(answered_on__isnull=False)),
                name="actionplan_involvementinput_answered_has_answer",
                violation_error_message=_("Write the answer that was given."),
            ),
            models.CheckConstraint(
                condition=~Q(outcome=InputOutcome.DECLINED) | ~Q(reason=""),
                name="actionplan_involvementinput_declined_has_reason",
                violation_error_message=_("Give the reason for declining."),
            ),
            models.CheckConstraint(
                condition=~Q(outcome=InputOutcome.INITIATIVE) | Q(initiative__isnull=False),
                name="actionplan_involvementinput_initiative_outcome_has_initiative",
                violation_error_message=_("Choose the initiative the input went into."),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return self.activity.get_absolute_url() + f"#input-{self.pk}"

    @property
    def is_answered(self):
        return self.outcome != InputOutcome.OPEN

    @property
    def changed_something(self):
        return self.outcome in CHANGED_OUTCOMES

    def clean(self):
        super().clean()
        errors = {}
        if self.outcome != InputOutcome.OPEN and not self.answer.strip():
            errors["answer"] = _("Write the answer that was given.")
        if self.outcome == InputOutcome.DECLINED and not self.reason.strip():
            errors["reason"] = _("Give the reason for declining.")
        if self.outcome == InputOutcome.INITIATIVE and self.initiative_id is None:
            errors["initiative"] = _("Choose the initiative the input went into.")
        if errors:
            raise ValidationError(errors)


class ConflictKind(models.TextChoices):
    NOISE = "noise", _("Noise")
    NEIGHBOURS = "neighbours", _("Dispute between neighbours")
    SHARED_SPACES = "shared_spaces", _("Shared spaces (stairs, laundry, courtyard)")
    HARASSMENT = "harassment", _("Harassment or threats")
    INTOXICATION = "intoxication", _("Intoxication")
    GROUPS = "groups", _("Between groups of residents")
    OTHER = "other", _("Other")


class MediationOutcome(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    AGREEMENT = "agreement", _("Agreement reached")
    PARTIAL = "partial", _("Partly resolved")
    NO_AGREEMENT = "no_agreement", _("No agreement")


class MediationCaseQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("plan", "place", "initiative")


@track()
class MediationCase(models.Model):
    """One conflict mediated by the housing social worker, logged without names: the parties
    are written as roles ("beboer i stuen", "beboer på 1. sal")."""

    ConflictKind = ConflictKind
    Outcome = MediationOutcome

    municipality = municipality_field()
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.PROTECT,
        related_name="mediation_cases",
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.SET_NULL,
        related_name="mediation_cases",
        null=True,
        blank=True,
    )
    date = models.DateField(_("date"))
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("housing area"),
        on_delete=models.SET_NULL,
        related_name="mediation_cases",
        null=True,
        blank=True,
    )
    area = models.CharField(_("area"), max_length=250, blank=True)
    conflict_kind = models.CharField(
        _("kind of conflict"), max_length=20, choices=ConflictKind.choices
    )
    parties = models.CharField(
        _("parties (as roles)"),
        max_length=250,
        help_text=_("Roles only, never names: e.g. 'resident ground floor – resident 1st floor'."),
    )
    sessions = models.PositiveSmallIntegerField(
        _("mediation sessions"), default=1, validators=[MaxValueValidator(100)]
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.ONGOING
    )
    referred_to_outreach = models.BooleanField(
        _("referred to the municipality's outreach workers"), default=False
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Without names or health details."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MediationCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(conflict_kind__in=ConflictKind.values),
                name="actionplan_mediationcase_conflict_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=MediationOutcome.values),
                name="actionplan_mediationcase_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(place__isnull=False) | ~Q(area=""),
                name="actionplan_mediationcase_place_or_area",
                violation_error_message=_("Choose the housing area or describe it."),
            ),
            models.CheckConstraint(
                condition=Q(sessions__gte=0, sessions__lte=100),
                name="actionplan_mediationcase_sessions_range",
            ),
        ]

    def __str__(self):
        return f"{self.get_conflict_kind_display()} ({self.date:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("actionplan:mediation_edit", args=[self.pk])

    @property
    def where(self):
        return self.area or (self.place.name if self.place_id else "")

    def clean(self):
        super().clean()
        if self.place_id is None and not self.area.strip():
            raise ValidationError({"area": _("Choose the housing area or describe it.")})
        if self.initiative_id and self.plan_id and self.initiative.plan_id != self.plan_id:
            raise ValidationError(
                {"initiative": _("The initiative belongs to another action plan.")}
            )
