import django_filters
from django.utils.translation import gettext_lazy as _

from byrum.forms import SEARCH_MAX_LENGTH
from byrum.suggest import SuggestFilter

from .models import Place


class PlaceFilter(django_filters.FilterSet):
    """The map and list of places: by name, city, kind and whether problems are open."""

    q = django_filters.CharFilter(
        max_length=SEARCH_MAX_LENGTH, field_name="name", lookup_expr="icontains", label=_("Name")
    )
    city = django_filters.ChoiceFilter(label=_("City"), lookup_expr="iexact")
    kind = django_filters.ChoiceFilter(choices=Place.Kind.choices, label=_("Kind"))
    open_problems = django_filters.ChoiceFilter(
        label=_("Open problems"),
        choices=[("yes", _("With open problems")), ("no", _("Without open problems"))],
        method="filter_open_problems",
    )

    class Meta:
        model = Place
        fields = ["q", "city", "kind", "open_problems"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cities = Place.objects.order_by("city").values_list("city", flat=True).distinct()
        self.filters["city"].extra["choices"] = [(city, city) for city in cities]

    def filter_open_problems(self, queryset, name, value):
        # The queryset comes from Place.objects.for_map(), which counts open problems.
        if value == "yes":
            return queryset.filter(open_problem_count__gt=0)
        if value == "no":
            return queryset.filter(open_problem_count=0)
        return queryset


class PlaceChoiceFilter(SuggestFilter):
    """One place, typed and picked from the server's suggestions (byrum/suggest.py): the
    page draws the place chosen, not the city's 2,000."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, kind="place", **kwargs)
