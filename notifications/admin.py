from django.contrib import admin

from .models import Notification, Preference, SentMail


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "person", "organisation", "email", "delivery", "created_at"]
    list_filter = ["kind", "delivery"]
    raw_id_fields = ["person", "organisation", "digest"]
    date_hierarchy = "created_at"


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["kind", "delivery", "person", "organisation", "email"]
    list_filter = ["kind", "delivery"]
    raw_id_fields = ["person", "organisation"]


@admin.register(SentMail)
class SentMailAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "to", "subject", "key"]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "sent_at"

    def has_change_permission(self, request, obj=None):
        return False
