"""Action items: who does what by when, wherever they came from; overdue items stand out."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from byrum import tenancy
from byrum.history import track
from byrum.roles import sees_everything
from governance.models import Group, Membership, Organisation, Person, municipality_field

from .initiatives import Initiative


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
        scoped = tenancy.scoped(self, user)
        if not user.is_authenticated:
            return self.none()
        if sees_everything(user):
            return scoped
        person = getattr(user, "person", None)
        if person is None:
            return self.none()
        mine = Q(responsible_person=person) | Q(
            group__in=Membership.objects.current().filter(person=person).values("group_id")
        )
        if person.organisation_id:
            mine |= Q(responsible_organisation_id=person.organisation_id)
        return scoped.filter(mine)

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

    def with_overdue_total(self, on=None):
        """Each row also carries ``overdue_total``: how many of all the rows (before any
        slice) are overdue. The home page's first items and its overdue count in one query."""
        on = on or timezone.localdate()
        return self.annotate(overdue_total=Window(Count("pk", filter=Q(due__lt=on))))

    def of_plan(self, plan):
        """The items of a plan: of its groups or of its initiatives (the dashboard's and the
        council report's overdue items, the action list's plan filter). Subqueries of the
        plan's links, so counting them stays one query."""
        initiatives = Initiative.objects.filter(plan_id=plan.pk).values("pk")
        return self.filter(Q(group_id__in=plan.group_ids()) | Q(initiative_id__in=initiatives))

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

    municipality = municipality_field()
    title = models.CharField(_("what"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    responsible_person = models.ForeignKey(
        Person,
        verbose_name=_("responsible person"),
        on_delete=models.SET_NULL,
        related_name="action_items",
        null=True,
        blank=True,
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="action_items",
        null=True,
        blank=True,
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.SET_NULL,
        related_name="action_items",
        null=True,
        blank=True,
        help_text=_("The group the item belongs to; its members see it."),
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    source = models.CharField(
        _("source"), max_length=30, choices=Source.choices, default=Source.OTHER
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="action_items",
        null=True,
        blank=True,
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
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
                violation_error_message=_("Give a responsible person or organisation (or both)."),
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
            # organisation from the index alone (the dashboard), the plan's (by group or
            # initiative) too. With the municipality included: without it each of the
            # city's open overdue items was read from the table to filter on it (1,900
            # pages for a plan's count, issue 18).
            models.Index(
                fields=["due", "id"],
                include=["group", "responsible_organisation", "initiative", "municipality"],
                condition=Q(status__in=["open", "in_progress"]),
                name="actionplan_actionitem_open_due",
            ),
            # urgent_first(): the first page of a list of 100,000 items, or of the overdue
            # ones, read in index order instead of sorting them all.
            models.Index(
                URGENCY,
                models.F("due").asc(nulls_last=True),
                models.F("id"),
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
