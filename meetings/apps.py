from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _place_meetings_section(request, place):
    from .selectors import place_meetings_context

    return place_meetings_context(place, request.user)


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from places.sections import PlaceSection, register

        register(
            PlaceSection(
                key="meetings",
                title=_("Meetings and safety walks"),
                template="meetings/includes/place_meetings.html",
                order=30,
                context=_place_meetings_section,
            )
        )
