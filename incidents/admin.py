"""Django admin: the administrator keeps the caretakers' places; reports are read here and
corrected in the app, where every change is kept in history."""

from django.contrib import admin

from byrum.admin import AccessLoggedAdminMixin

from .models import CaretakerPlace, Incident, SmallJob


@admin.register(CaretakerPlace)
class CaretakerPlaceAdmin(admin.ModelAdmin):
    list_display = ["user", "place"]
    list_filter = ["place__city", "place"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "place__name"]
    list_select_related = ["user", "place"]


@admin.register(Incident)
class IncidentAdmin(AccessLoggedAdminMixin, admin.ModelAdmin):
    """Reading incidents here is logged like reading them in the app (list, search, page)."""

    list_display = ["occurred_at", "place", "category", "severity", "status", "reported_by"]
    list_filter = ["category", "severity", "status", "place"]
    date_hierarchy = "occurred_at"
    list_select_related = ["place", "reported_by"]
    search_fields = ["place__name", "description"]
    readonly_fields = ["client_uuid", "created_at", "redacted_at", "reported_by"]


@admin.register(SmallJob)
class SmallJobAdmin(admin.ModelAdmin):
    list_display = ["date", "place", "task", "participants", "hours", "reported_by"]
    list_filter = ["task", "place"]
    date_hierarchy = "date"
    list_select_related = ["place", "reported_by"]
    readonly_fields = ["client_uuid", "created_at", "reported_by"]
