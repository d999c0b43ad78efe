from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _place_initiatives_section(request, place):
    from .selectors import place_initiatives

    if not request.user.has_perm("actionplan.view_initiative"):
        return None
    return place_initiatives(place)


class ActionplanConfig(AppConfig):
    name = "actionplan"
    verbose_name = _("Action plan")

    def ready(self):
        from places.sections import PlaceSection, register

        register(
            PlaceSection(
                key="initiatives",
                title=_("Initiatives and physical measures"),
                template="actionplan/includes/place_initiatives.html",
                order=20,
                context=_place_initiatives_section,
            )
        )
