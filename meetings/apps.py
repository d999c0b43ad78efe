from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _place_meetings_section(request, place):
    from .selectors import place_meetings_context

    return place_meetings_context(place, request.user)


def _decisions_to_link(user):
    from .models import Decision

    return (
        Decision.objects.visible_to(user)
        .select_related("agenda_item__meeting__group")
        .order_by("-agenda_item__meeting__start", "-pk")
    )


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from actionplan import decision_links
        from places.sections import PlaceSection, register

        decision_links.register(_decisions_to_link)
        register(
            PlaceSection(
                key="meetings",
                title=_("Meetings and safety walks"),
                template="meetings/includes/place_meetings.html",
                order=30,
                context=_place_meetings_section,
            )
        )
