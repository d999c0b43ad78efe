from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from byrum.admin import InlineAddTextMixin

from .models import (
    AgendaItem,
    CalendarToken,
    Decision,
    Finding,
    Meeting,
    Participant,
    SafetyWalk,
    WalkParticipant,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    add_another_text = _("Add another agenda item")
    fields = ["position", "title", "presenter", "duration"]
    extra = 0


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ["person", "name", "organisation", "email", "attendance"]
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(InlineAddTextMixin, admin.ModelAdmin):
    list_display = ["title", "group", "kind", "start", "state"]
    list_filter = ["kind", "state", "group"]
    search_fields = ["title", "location"]
    date_hierarchy = "start"
    inlines = [AgendaItemInline, ParticipantInline]
    readonly_fields = ["approved_at", "approved_by"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "agenda_item"]
    search_fields = ["text"]
    raw_id_fields = ["agenda_item"]
    filter_horizontal = ["action_items"]


class WalkParticipantInline(admin.TabularInline):
    model = WalkParticipant
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(SafetyWalk)
class SafetyWalkAdmin(InlineAddTextMixin, admin.ModelAdmin):
    list_display = ["title", "date", "group", "place", "state"]
    list_filter = ["state", "group"]
    inlines = [WalkParticipantInline]
    raw_id_fields = ["follow_up_meeting"]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "walk", "condition"]
    list_filter = ["condition"]
    raw_id_fields = ["walk", "action_item"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]
