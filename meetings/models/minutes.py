"""Minutes revisions and decisions (with their Danish search vector)."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from byrum.history import track
from governance.models import municipality_field

from .meetings import AgendaItem, Meeting


@track()
class MinutesRevision(models.Model):
    """The edit history of an item's minutes. Autosave writes often, so one person's run of
    edits within a few minutes is kept as one revision (services.minutes_save)."""

    municipality = municipality_field()
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    notes = models.TextField(_("minutes"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        ordering = ["agenda_item", "-saved_at", "-pk"]
        verbose_name = _("minutes revision")
        verbose_name_plural = _("minutes revisions")

    def __str__(self):
        return f"{self.agenda_item} ({timezone.localtime(self.saved_at):%d.%m.%Y %H:%M})"

    def get_absolute_url(self):
        return self.agenda_item.get_absolute_url()


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The decision register: decisions in minutes the user may read."""
        return self.filter(agenda_item__meeting__in=Meeting.objects.minutes_visible_to(user))

    def for_register(self):
        return self.select_related("agenda_item__meeting__group").prefetch_related(
            "action_items__responsible_person", "action_items__responsible_organisation"
        )

    def search(self, text):
        """Danish full-text search (stemming and stop words: 'belysningen' finds
        'belysning'), through the generated, GIN-indexed search column."""
        from django.contrib.postgres.search import SearchQuery

        return self.filter(
            search_vector=SearchQuery(text, config="danish", search_type="websearch")
        )


@track(exclude=["search_vector"])  # derived from the text; no need to keep it twice
class Decision(models.Model):
    municipality = municipality_field()
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))
    action_items = models.ManyToManyField(
        "actionplan.ActionItem",
        verbose_name=_("action items"),
        related_name="decisions",
        blank=True,
    )
    # Citizens' inputs the decision took up. The link lives here, on the higher layer, so the
    # action plan never imports meetings; an input reads it as ``input.decisions``.
    involvement_inputs = models.ManyToManyField(
        "actionplan.InvolvementInput",
        verbose_name=_("citizens' inputs it takes up"),
        related_name="decisions",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # Kept by PostgreSQL itself (a stored generated column), so it is never stale.
    search_vector = models.GeneratedField(
        expression=SearchVector("text", config="danish"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item__meeting__start", "agenda_item__position", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [GinIndex(fields=["search_vector"], name="meetings_decision_search")]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return self.agenda_item.meeting.get_absolute_url() + f"#decision-{self.pk}"

    @property
    def meeting(self):
        return self.agenda_item.meeting
