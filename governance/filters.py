import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Group, Organisation, Person


class GroupFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    kind = django_filters.ChoiceFilter(choices=Group.Kind.choices, label=_("Kind"))
    city = django_filters.CharFilter(lookup_expr="iexact", label=_("City"))

    class Meta:
        model = Group
        fields = ["q", "kind", "city"]


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices, label=_("Kind"))

    class Meta:
        model = Organisation
        fields = ["q", "kind"]


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name, e-mail or organisation"))
    active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Person
        fields = ["q", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(email__icontains=value)
            | Q(organisation__name__icontains=value)
        )
