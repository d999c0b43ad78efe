"""Django admin for the administrator who keeps groups, people and organisations up to date."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from byrum import tenancy
from byrum.admin import AccessLoggedAdminMixin, InlineAddTextMixin

from .forms import MembershipInlineFormSet
from .models import (
    Account,
    Group,
    Membership,
    Municipality,
    Organisation,
    Person,
)


class CurrentFilter(admin.SimpleListFilter):
    title = _("current")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Current")), ("no", _("Ended"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=Membership.objects.current().values("pk"))
        if self.value() == "no":
            return queryset.exclude(pk__in=Membership.objects.current().values("pk"))
        return queryset


@admin.action(description=_("End the selected memberships today"))
def end_memberships_today(modeladmin, request, queryset):
    ended = 0
    for membership in queryset.filter(Q(end__isnull=True) | Q(end__gte=timezone.localdate())):
        membership.end_today()
        ended += 1
    modeladmin.message_user(
        request,
        ngettext("%(count)d membership ended.", "%(count)d memberships ended.", ended)
        % {"count": ended},
        messages.SUCCESS,
    )


class MembershipInline(admin.TabularInline):
    model = Membership
    add_another_text = _("Add another membership")
    formset = MembershipInlineFormSet
    extra = 1
    autocomplete_fields = ["person", "group", "represents"]
    fields = ["person", "group", "role", "represents", "start", "end"]


class GroupMembershipInline(MembershipInline):
    fk_name = "group"
    fields = ["person", "role", "represents", "start", "end"]


class PersonMembershipInline(MembershipInline):
    fk_name = "person"
    fields = ["group", "role", "represents", "start", "end"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    ordering = ["name"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "people_count"]
    list_filter = ["kind"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_people=Count("people"))

    @admin.display(description=_("people"), ordering="_people")
    def people_count(self, obj):
        return obj._people


@admin.register(Person)
class PersonAdmin(AccessLoggedAdminMixin, InlineAddTextMixin, admin.ModelAdmin):
    ordering = ["name"]
    list_display = ["name", "title", "organisation", "email", "current_groups", "user"]
    list_filter = ["organisation__kind", "memberships__group"]
    search_fields = ["name", "title", "email", "organisation__name"]
    autocomplete_fields = ["organisation", "user"]
    list_select_related = ["organisation", "user"]
    inlines = [PersonMembershipInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _current_groups=Count(
                    "memberships",
                    filter=Q(memberships__in=Membership.objects.current()),
                    distinct=True,
                )
            )
        )

    @admin.display(description=_("current groups"), ordering="_current_groups")
    def current_groups(self, obj):
        return obj._current_groups


@admin.register(Group)
class GroupAdmin(InlineAddTextMixin, admin.ModelAdmin):
    ordering = ["kind", "name"]
    list_display = ["name", "kind", "city", "parent", "current_members"]
    list_filter = ["kind", "city"]
    search_fields = ["name", "mandate"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [GroupMembershipInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _current_members=Count(
                    "memberships",
                    filter=Q(memberships__in=Membership.objects.current()),
                    distinct=True,
                )
            )
        )

    @admin.display(description=_("current members"), ordering="_current_members")
    def current_members(self, obj):
        return obj._current_members


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "group", "role", "organisation_name", "start", "end"]
    list_filter = [CurrentFilter, "role", "group__kind", "group"]
    search_fields = ["person__name", "group__name", "person__organisation__name"]
    autocomplete_fields = ["person", "group", "represents"]
    list_select_related = ["person__organisation", "group", "represents"]
    date_hierarchy = "start"
    actions = [end_memberships_today]

    @admin.display(description=_("organisation"))
    def organisation_name(self, obj):
        return obj.organisation or "–"


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    """The platform administrator's: the municipalities Byrum serves."""

    list_display = ["name", "code"]
    search_fields = ["name", "code"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_add_permission = has_change_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return False  # its records keep it (PROTECT); a municipality is never deleted here


class AccountInline(admin.StackedInline):
    model = Account
    can_delete = False
    min_num = 1
    verbose_name = _("municipality")
    verbose_name_plural = _("municipality")

    def has_change_permission(self, request, obj=None):
        # Moving a login to another municipality is the platform administrator's.
        return request.user.is_superuser

    has_add_permission = has_change_permission


admin.site.unregister(User)


@admin.register(User)
class MunicipalityUserAdmin(UserAdmin):
    """Logins, as Django's admin has them, but only those of the municipality the
    administrator works in: a login of another municipality answers like a missing one."""

    inlines = [AccountInline]

    def get_queryset(self, request):
        municipality_id = tenancy.of_user(request.user)
        return super().get_queryset(request).filter(account__municipality_id=municipality_id)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A login made by an administrator who may not choose belongs to their municipality.
        Account.objects.get_or_create(
            user=form.instance, defaults={"municipality_id": tenancy.of_user(request.user)}
        )
