"""Django admin for the action plan: consultants keep it in the app; the admin corrects it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from byrum.admin import InlineAddTextMixin

from .models import (
    ActionItem,
    ActionPlan,
    ApprovalStep,
    Assessment,
    Goal,
    Initiative,
    InitiativeUpdate,
    TimelineActivity,
)


class ApprovalStepInline(admin.TabularInline):
    model = ApprovalStep
    add_another_text = _("Add another approval step")
    extra = 0


class TimelineActivityInline(admin.TabularInline):
    model = TimelineActivity
    extra = 0
    autocomplete_fields = ["responsible_group", "responsible_person"]


@admin.register(ActionPlan)
class ActionPlanAdmin(InlineAddTextMixin, admin.ModelAdmin):
    list_display = ["title", "municipality", "period_start", "period_end", "budget", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    filter_horizontal = ["groups", "places", "consultants"]
    autocomplete_fields = ["project_leader"]
    inlines = [ApprovalStepInline, TimelineActivityInline]


class AssessmentInline(admin.TabularInline):
    model = Assessment
    fk_name = "goal"
    extra = 0
    exclude = ["plan", "point"]
    autocomplete_fields = ["assessed_by"]


@admin.register(Goal)
class GoalAdmin(InlineAddTextMixin, admin.ModelAdmin):
    list_display = ["text", "plan", "track", "horizon"]
    list_filter = ["plan", "track"]
    search_fields = ["text"]
    inlines = [AssessmentInline]


class InitiativeUpdateInline(admin.TabularInline):
    model = InitiativeUpdate
    extra = 0
    # services.initiative_change_status() writes the history; the admin only shows it.
    readonly_fields = ["date", "old_status", "new_status", "note", "by"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Initiative)
class InitiativeAdmin(InlineAddTextMixin, admin.ModelAdmin):
    list_display = ["title", "plan", "kind", "status", "budget_allocated", "budget_spent"]
    list_filter = ["plan", "kind", "status", "track"]
    search_fields = ["title", "description"]
    list_select_related = ["plan"]
    autocomplete_fields = ["responsible_organisation", "responsible_person"]
    filter_horizontal = ["goals", "places"]
    readonly_fields = ["status"]
    inlines = [InitiativeUpdateInline]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "responsible_person",
        "responsible_organisation",
        "due",
        "status",
        "source",
    ]
    list_filter = ["status", "source", "group"]
    search_fields = ["title", "description"]
    list_select_related = ["responsible_person", "responsible_organisation"]
    autocomplete_fields = [
        "responsible_person",
        "responsible_organisation",
        "group",
        "initiative",
        "done_by",
    ]
    date_hierarchy = "due"
