"""The decisions a citizen's input can be linked to, offered by a higher layer (meetings).

The action plan may not import meetings, yet an input answered as "taken into a decision"
names the decision. The meetings app registers, in its AppConfig.ready(), a function that
gives the decisions a user may link; the link itself is a many-to-many on the meetings side
(``Decision.involvement_inputs``), read and set here through its reverse accessor
``input.decisions``.
"""

from collections.abc import Callable

_decisions_for: Callable | None = None


def register(decisions_for):
    """``decisions_for(user)`` returns a queryset of the decisions the user may link."""
    global _decisions_for
    _decisions_for = decisions_for


def decision_choices(user):
    """The decisions the user may link an input to, or None when no app offers any."""
    return _decisions_for(user) if _decisions_for else None
