"""The action plan's models, one module per part of the plan."""

from .action_items import (
    OPEN_STATUSES,
    URGENCY,
    ActionItem,
    ActionItemQuerySet,
    ActionItemSource,
    ActionItemStatus,
)
from .goals import (
    Assessment,
    AssessmentStatus,
    EvaluationPoint,
    Goal,
    GoalQuerySet,
)
from .initiatives import (
    Initiative,
    InitiativeKind,
    InitiativeQuerySet,
    InitiativeStatus,
    InitiativeUpdate,
)
from .plans import (
    NOT_NEGATIVE,
    ActionPlan,
    ActionPlanQuerySet,
    ActivityStatus,
    ApprovalOutcome,
    ApprovalStep,
    PlanBudget,
    PlanStatus,
    TimelineActivity,
    Track,
)

__all__ = [
    "ActionItem",
    "ActionItemQuerySet",
    "ActionItemSource",
    "ActionItemStatus",
    "ActionPlan",
    "ActionPlanQuerySet",
    "ActivityStatus",
    "ApprovalOutcome",
    "ApprovalStep",
    "Assessment",
    "AssessmentStatus",
    "EvaluationPoint",
    "Goal",
    "GoalQuerySet",
    "Initiative",
    "InitiativeKind",
    "InitiativeQuerySet",
    "InitiativeStatus",
    "InitiativeUpdate",
    "NOT_NEGATIVE",
    "OPEN_STATUSES",
    "PlanBudget",
    "PlanStatus",
    "TimelineActivity",
    "Track",
    "URGENCY",
]
