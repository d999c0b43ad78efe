from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _place_meetings_section(request, place):
    from .selectors import place_meetings_context

    return place_meetings_context(place, request.user)


def _minutes_locked(meeting):
    from django.utils.translation import gettext as _

    if meeting.minutes_locked:
        return _("The minutes are approved: their attachments can no longer be changed.")
    return None


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
        from byrum import attachments
        from notifications import attachments as mail_attachments
        from places.sections import PlaceSection, register

        from .access import get_agenda_item_for_user, get_meeting_for_user
        from .documents import ATTACHMENT, minutes_attachment
        from .models import AgendaItem, Meeting

        # The minutes mails (the round's draft, the published minutes) carry the PDF.
        mail_attachments.register(ATTACHMENT, minutes_attachment)

        # Appendices (bilag) on a meeting and on its agenda items: whoever sees the meeting
        # sees them; whoever prepares it adds them, until the minutes are approved.
        attachments.register(Meeting, fetch=get_meeting_for_user, locked=_minutes_locked)
        attachments.register(
            AgendaItem,
            fetch=get_agenda_item_for_user,
            locked=lambda item: _minutes_locked(item.meeting),
        )

        from actionplan import decision_links

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
