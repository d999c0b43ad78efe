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
        from byrum import attachments
        from places.sections import PlaceSection, register

        from .access import get_initiative_for_user, get_plan_for_user
        from .models import ActionPlan, Initiative

        attachments.register(ActionPlan, fetch=get_plan_for_user)
        attachments.register(Initiative, fetch=get_initiative_for_user)

        register(
            PlaceSection(
                key="initiatives",
                title=_("Initiatives and physical measures"),
                template="actionplan/includes/place_initiatives.html",
                order=20,
                context=_place_initiatives_section,
            )
        )
