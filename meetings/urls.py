from django.urls import path, re_path

from .views import agenda, calendar, exports, meetings, minutes, review, walks

app_name = "meetings"

urlpatterns = [
    path("meetings/", meetings.meeting_list, name="list"),
    path("meetings/new/", meetings.meeting_create, name="create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="edit"),
    path("meetings/<int:pk>/held/", meetings.meeting_mark_held, name="mark_held"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="cancel"),
    path("meetings/<int:pk>/agenda/", agenda.agenda, name="agenda"),
    path("meetings/<int:pk>/agenda/copy/", agenda.agenda_copy, name="agenda_copy"),
    path("agenda-items/<int:pk>/edit/", agenda.agenda_item_edit, name="agenda_item_edit"),
    path("agenda-items/<int:pk>/move/", agenda.agenda_item_move, name="agenda_item_move"),
    path("agenda-items/<int:pk>/delete/", agenda.agenda_item_delete, name="agenda_item_delete"),
    path("meetings/<int:pk>/participants/", agenda.participants, name="participants"),
    path(
        "meetings/<int:pk>/participants/invite/",
        agenda.participants_invite,
        name="participants_invite",
    ),
    path(
        "meetings/<int:pk>/participants/person/",
        agenda.participant_invite_person,
        name="participant_invite_person",
    ),
    path(
        "meetings/<int:pk>/participants/guest/",
        agenda.participant_add_guest,
        name="participant_add_guest",
    ),
    path("participants/<int:pk>/remove/", agenda.participant_remove, name="participant_remove"),
    path("meetings/<int:pk>/minutes/", minutes.minutes, name="minutes"),
    path("agenda-items/<int:pk>/minutes/", minutes.minutes_autosave, name="minutes_autosave"),
    path("agenda-items/<int:pk>/decisions/new/", minutes.decision_add, name="decision_add"),
    path(
        "decisions/<int:pk>/actions/new/", minutes.decision_action_add, name="decision_action_add"
    ),
    path("meetings/<int:pk>/publish/", minutes.publish, name="publish"),
    path("meetings/<int:pk>/print/", meetings.meeting_print, name="print"),
    path("meetings/<int:pk>/comments/send/", review.round_send, name="round_send"),
    path("meetings/<int:pk>/review/", review.review, name="review"),
    path("agenda-items/<int:pk>/comments/new/", review.comment_add, name="comment_add"),
    path("comments/<int:pk>/resolve/", review.comment_resolve, name="comment_resolve"),
    path("meetings/<int:pk>/approve/", review.approve, name="approve"),
    path("meetings/<int:pk>/minutes.pdf", review.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/agenda.pdf", review.agenda_pdf, name="agenda_pdf"),
    path("meetings/<int:pk>/meeting.ics", meetings.meeting_ics, name="meeting_ics"),
    path("decisions/", minutes.decision_list, name="decision_list"),
    path("meetings/calendar/", calendar.calendar, name="calendar"),
    path(
        "meetings/calendar/new-address/", calendar.calendar_regenerate, name="calendar_regenerate"
    ),
    path("meetings/calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path(
        "meetings/calendar/<str:token>/groups/<int:group_pk>.ics",
        calendar.group_calendar_feed,
        name="group_calendar_feed",
    ),
    path("walks/", walks.walk_list, name="walk_list"),
    path("walks/new/", walks.walk_create, name="walk_create"),
    path("walks/<int:pk>/", walks.walk_detail, name="walk_detail"),
    path("walks/<int:pk>/edit/", walks.walk_edit, name="walk_edit"),
    path("walks/<int:pk>/participants/", walks.walk_add_guest, name="walk_add_guest"),
    path("walks/<int:pk>/findings/new/", walks.finding_create, name="finding_create"),
    path("findings/<int:pk>/photo/", walks.finding_photo, name="finding_photo"),
    path("walks/<int:pk>/complete/", walks.walk_complete, name="walk_complete"),
    path("walks/<int:pk>/theme-meeting/", walks.theme_meeting_create, name="theme_meeting_create"),
    re_path(
        r"^decisions/export\.(?P<fmt>csv|xlsx)$", exports.decision_export, name="decision_export"
    ),
    re_path(
        r"^walks/findings/export\.(?P<fmt>csv|xlsx)$",
        exports.finding_export,
        name="finding_export",
    ),
]
