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
        from governance.sections import GroupSection, register

        register(
            GroupSection(
                key="places",
                title=_("Places the group covers"),
                template="places/includes/group_places.html",
                order=20,
                context=_group_places_section,
            )
        )
