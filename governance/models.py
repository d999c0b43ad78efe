"""Governance: the organisations, people and groups that carry the action plan.

The terms of reference (kommissorium) set up a steering group, a working group, a
coordinating group and local groups; Aarhus runs a "Byen for alle" network. People sit in
them through memberships with a role and dates, so the history of who sat where is kept.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.expressions import DatabaseDefault
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from byrum import suggest
from byrum.history import track
from byrum.tenancy import CurrentMunicipality


def non_blank_lines(text):
    """A list kept as one line per item in a text field (a group's tasks, a plan's themes)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class Municipality(models.Model):
    """A Danish municipality (kommune): the tenant. Each is its own data controller; every
    record, login and person belongs to exactly one (``municipality_field``), and PostgreSQL
    shows a transaction only the rows of the municipality set for it (byrum/tenancy.py)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(
        _("municipality code"),
        max_length=3,
        unique=True,
        help_text=_("The three-digit municipality code, e.g. 851 for Aalborg."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{3}$"),
                name="governance_municipality_code_three_digits",
                violation_error_message=_("The municipality code is three digits."),
            ),
        ]

    def __str__(self):
        return self.name


def municipality_field():
    """The column that makes a table a tenant table: which municipality the row belongs to.
    Filled by PostgreSQL from the transaction's municipality when a row is inserted, never
    chosen in a form; the table's row-level-security policy (``row_level_security``) keys on
    it."""
    return models.ForeignKey(
        "governance.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
        db_default=CurrentMunicipality(),
        editable=False,
    )


class UniqueInMunicipality:
    """For a model whose unique constraints include its municipality. Forms leave the column
    out (it is never chosen), so Django would skip those constraints in validation and the
    database would refuse the row with an error page; check them, for the municipality the
    row belongs to or, for a new one, will: the transaction's."""

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ()) - {"municipality"}
        value = self.municipality_id
        if isinstance(value, DatabaseDefault):
            self.municipality_id = CurrentMunicipality()
        try:
            super().validate_constraints(exclude=exclude)
        finally:
            self.municipality_id = value


class Account(models.Model):
    """Which municipality a login belongs to. Read before the request's municipality is
    known, so this table has no row-level security; lists of logins filter on it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="account",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="accounts",
        db_default=CurrentMunicipality(),
    )

    class Meta:
        ordering = ["user"]
        verbose_name = _("municipality of a login")
        verbose_name_plural = _("municipalities of logins")

    def __str__(self):
        return f"{self.user} ({self.municipality_id})"


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipal department")
    POLICE = "police", _("Police")
    NGO = "ngo", _("Voluntary organisation")
    BUSINESS = "business", _("Business association")
    RESIDENTS = "residents", _("Residents' council")
    HOUSING = "housing", _("Housing association")
    OTHER = "other", _("Other")


@track(meta={"db_table": "actionplan_organisationevent"})
class Organisation(UniqueInMunicipality, models.Model):
    Kind = OrganisationKind

    municipality = municipality_field()
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        db_default="",  # rows written by SQL (the benchmark's generator) have none
        help_text=_("Where Byrum sends what the organisation is responsible for."),
    )

    class Meta:
        db_table = "actionplan_organisation"  # moved from actionplan; the table kept its name
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [suggest.words_index("name", name="governance_organisation_words")]
        constraints = [
            models.UniqueConstraint(
                "municipality",
                Lower("name"),
                name="governance_organisation_name_ci_unique",
                violation_error_message=_(
                    "An organisation with this name already exists "
                    "(upper and lower case count as the same)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="governance_organisation_kind_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:organisation_detail", args=[self.pk])


@track(meta={"db_table": "actionplan_personevent"})
class Person(models.Model):
    municipality = municipality_field()
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
    active = models.BooleanField(
        _("active"),
        default=True,
        db_default=True,  # rows written in bulk by SQL (the benchmark's generator) are active
        help_text=_("A person who has left is kept for the history, but no longer active."),
    )
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
        db_table = "actionplan_person"  # moved from actionplan; the table kept its name
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [suggest.words_index("name", name="governance_person_words")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:person_detail", args=[self.pk])


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
                queryset=Membership.objects.current().select_related("person__organisation"),
                to_attr="current_memberships",
            )
        )

    def coordinators(self):
        """The group's current coordinators (tovholdere), with their organisations."""
        return (
            Membership.objects.current()
            .filter(group__in=self, role=MembershipRole.COORDINATOR)
            .select_related("person__organisation", "represents")
            .order_by("person__name")
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


@track(meta={"db_table": "actionplan_groupevent"})
class Group(models.Model):
    Kind = GroupKind

    municipality = municipality_field()
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    mandate = models.TextField(
        _("mandate"), blank=True, help_text=_("What the group is set up to do and decide.")
    )
    tasks = models.TextField(_("standing tasks"), blank=True, help_text=_("One task per line."))
    secretary_approves_minutes = models.BooleanField(
        _("the secretary approves the minutes"),
        default=False,
        db_default=False,  # rows written by SQL (the benchmark's COPY) get it too
        help_text=_(
            "Tick when the group's mandate lets the secretary approve the minutes. "
            "Otherwise the chair approves them after the comment round."
        ),
    )
    secretariat = models.ForeignKey(
        Organisation,
        verbose_name=_("secretariat"),
        on_delete=models.PROTECT,
        related_name="secretariat_for",
        null=True,
        blank=True,
        help_text=_("The department whose consultants prepare the meetings and write the minutes."),
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
        db_table = "actionplan_group"  # moved from actionplan; the table kept its name
        ordering = ["kind", "name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        indexes = [suggest.words_index("name", name="governance_group_words")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=GroupKind.values), name="governance_group_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="governance_group_not_own_parent",
                violation_error_message=_("A group cannot be its own parent group."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:group_detail", args=[self.pk])

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
    # A local process has one at the municipality and one at the police (seed 001).
    COORDINATOR = "coordinator", _("Coordinator (tovholder)")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


@track(meta={"db_table": "actionplan_membershipevent"})
class Membership(models.Model):
    Role = MembershipRole

    municipality = municipality_field()
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

    # Order of roles on a group's page: chair, secretary, coordinators, members, observers.
    ROLE_ORDER = [Role.CHAIR, Role.SECRETARY, Role.COORDINATOR, Role.MEMBER, Role.OBSERVER]

    class Meta:
        db_table = "actionplan_membership"  # moved from actionplan; the table kept its name
        ordering = ["group", "person__name", "-start"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values), name="governance_membership_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="governance_membership_end_after_start",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
            # Two open-ended memberships of the same person in the same group would overlap
            # for ever; clean() also refuses overlaps between dated ones.
            models.UniqueConstraint(
                fields=["person", "group"],
                condition=Q(end__isnull=True),
                name="governance_membership_one_open_per_group",
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
