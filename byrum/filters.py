import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from .forms import DateInput
from .models import AccessLog

BYRUM_APPS = ["actionplan", "places", "meetings", "incidents", "byrum", "auth"]


class RecordKindField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        model = obj.model_class()
        return str(model._meta.verbose_name_plural).capitalize() if model else obj.model


class RecordKindFilter(django_filters.ModelChoiceFilter):
    field_class = RecordKindField


class AccessLogFilter(django_filters.FilterSet):
    """The access log for one user, one record or a period (access-log page and export)."""

    user = django_filters.CharFilter(field_name="username", lookup_expr="iexact", label=_("User"))
    content_type = RecordKindFilter(
        queryset=ContentType.objects.filter(app_label__in=BYRUM_APPS)
        .exclude(model__endswith="event")
        .order_by("app_label", "model"),
        label=_("Kind of record"),
    )
    record = django_filters.CharFilter(method="filter_record", label=_("Record id"))
    action = django_filters.ChoiceFilter(choices=AccessLog.Action.choices, label=_("Action"))
    since = django_filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label=_("From"), widget=DateInput()
    )
    until = django_filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label=_("To"), widget=DateInput()
    )

    class Meta:
        model = AccessLog
        fields = ["user", "content_type", "record", "action", "since", "until"]

    def filter_record(self, queryset, name, value):
        return queryset.filter(object_ids__contains=[value.strip()])
