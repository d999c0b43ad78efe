from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _group_places_section(request, group):
    """The places a local group covers, on the group's page."""
    places = list(group.places.all())
    return {"places": places} if places else None


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Places")

    def ready(self):
        from byrum import suggest
        from governance.sections import GroupSection, register

        from .models import Place

        # The place field of every filter and form: "Name (City)", ordered by name.
        suggest.register(
            suggest.Kind(
                key="place",
                model=Place,
                qualifier="city",
                search=("name", "city"),
                order_by=("name", "city", "pk"),
            )
        )

        register(
            GroupSection(
                key="places",
                title=_("Places the group covers"),
                template="places/includes/group_places.html",
                order=20,
                context=_group_places_section,
            )
        )
