"""Meetings, their agenda, participants, minutes and decisions; safety walks and findings.

The secretariat (consultants) prepares a group's meetings, writes the minutes per agenda item
and records decisions; a decision can create action items in the action plan's list. A safety
walk produces findings, each of which is an action item too; completing a walk schedules the
follow-up meeting six months later (kommissorium and the housing-area plan, seeds 002/003).
"""

from .meetings import (
    AgendaItem,
    AgendaItemOutcome,
    Meeting,
    MeetingKind,
    MeetingQuerySet,
    MeetingState,
)
from .minutes import (
    Decision,
    DecisionQuerySet,
    MinutesRevision,
)
from .participants import (
    Attendance,
    CalendarToken,
    Participant,
)
from .review import (
    MinutesComment,
    MinutesCommentQuerySet,
    MinutesRound,
    MinutesRoundQuerySet,
    RoundAudience,
)
from .rights import (
    is_chair_of,
    is_secretary_of,
    secretary_group_ids,
)
from .walks import (
    FOLLOW_UP_MONTHS,
    Finding,
    FindingCondition,
    FindingQuerySet,
    SafetyWalk,
    SafetyWalkQuerySet,
    WalkParticipant,
    WalkRole,
    WalkState,
    follow_up_start,
)

__all__ = [
    "AgendaItem",
    "AgendaItemOutcome",
    "Attendance",
    "CalendarToken",
    "Decision",
    "DecisionQuerySet",
    "FOLLOW_UP_MONTHS",
    "Finding",
    "FindingCondition",
    "FindingQuerySet",
    "Meeting",
    "MeetingKind",
    "MeetingQuerySet",
    "MeetingState",
    "MinutesComment",
    "MinutesCommentQuerySet",
    "MinutesRevision",
    "MinutesRound",
    "MinutesRoundQuerySet",
    "RoundAudience",
    "Participant",
    "SafetyWalk",
    "SafetyWalkQuerySet",
    "WalkParticipant",
    "WalkRole",
    "WalkState",
    "follow_up_start",
    "is_chair_of",
    "is_secretary_of",
    "secretary_group_ids",
]
