"""Django admin for places, what is there, their problems and usage."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from byrum.admin import InlineAddTextMixin

from .models import Facility, Place, Problem, ProblemNote, UsagePattern


class FacilityInline(admin.TabularInline):
    model = Facility
    add_another_text = _("Add more facilities")
    extra = 1


class UsagePatternInline(admin.TabularInline):
    model = UsagePattern
    add_another_text = _("Add another time of use")
    extra = 0


class ProblemInline(admin.StackedInline):
    model = Problem
    add_another_text = _("Add another problem")
    extra = 0
    fields = [
        ("category", "severity", "source"),
        "description",
        ("observed_on", "status", "resolved_on"),
    ]
    show_change_link = True


class OpenProblemsFilter(admin.SimpleListFilter):
    title = _("open problems")
    parameter_name = "open_problems"

    def lookups(self, request, model_admin):
        return [("yes", _("With open problems")), ("no", _("Without open problems"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(open_problem_count__gt=0)
        if self.value() == "no":
            return queryset.filter(open_problem_count=0)
        return queryset


@admin.register(Place)
class PlaceAdmin(InlineAddTextMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "city", "local_group", "open_problems"]
    list_filter = ["kind", "city", OpenProblemsFilter, "local_group"]
    search_fields = ["name", "city", "address", "description"]
    autocomplete_fields = ["local_group", "contacts"]
    list_select_related = ["local_group"]
    inlines = [FacilityInline, ProblemInline, UsagePatternInline]
    fieldsets = [
        (None, {"fields": ["name", "kind", "city", "address", "description"]}),
        (_("Location"), {"fields": ["latitude", "longitude", "outline"]}),
        (_("People"), {"fields": ["local_group", "contacts"]}),
        (_("Use over the day and the year"), {"fields": ["usage_notes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_open_problem_count()

    @admin.display(description=_("open problems"), ordering="open_problem_count")
    def open_problems(self, obj):
        return obj.open_problem_count


class ProblemNoteInline(admin.TabularInline):
    model = ProblemNote
    extra = 1
    fields = ["date", "status", "text", "author"]
    autocomplete_fields = ["author"]


@admin.register(Problem)
class ProblemAdmin(InlineAddTextMixin, admin.ModelAdmin):
    list_display = ["place", "category", "severity", "status", "source", "observed_on"]
    list_filter = ["status", "category", "severity", "source", "place__city", "place"]
    search_fields = ["description", "place__name", "place__city"]
    autocomplete_fields = ["place"]
    list_select_related = ["place"]
    date_hierarchy = "observed_on"
    inlines = [ProblemNoteInline]
