from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _place_incidents_section(request, place):
    from byrum.access import log_access
    from byrum.models import AccessLog

    from .models import Incident
    from .selectors import place_incidents

    context = place_incidents(request.user, place)
    if context is not None and context["latest"]:
        # The section lists the latest incidents: that is a read of incident records.
        log_access(request, AccessLog.Action.LISTED, objects=context["latest"], model=Incident)
    return context


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidents")

    def ready(self):
        from byrum import suggest
        from places.sections import PlaceSection, register

        from .filters import REPORTER

        suggest.register(REPORTER)

        register(
            PlaceSection(
                key="incidents",
                title=_("Incidents, last 12 weeks"),
                template="incidents/includes/place_incidents.html",
                order=40,
                context=_place_incidents_section,
            )
        )
