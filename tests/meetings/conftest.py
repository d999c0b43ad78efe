import pytest

from meetings.models import Meeting

from .factories import AgendaItemFactory, MeetingFactory, ParticipantFactory, at


@pytest.fixture
def local_meeting(people):
    """A held meeting of the local group with two agenda items and the two local members
    invited: the local member and the caretaker."""
    meeting = MeetingFactory(
        group=people.local_group,
        title="Møde i lokalgruppen",
        start=at(-1),
        state=Meeting.State.HELD,
    )
    AgendaItemFactory(meeting=meeting, title="Velkomst", position=0)
    AgendaItemFactory(meeting=meeting, title="Belysning ved Arkivhaven", position=1)
    ParticipantFactory(meeting=meeting, person=people.persons["local"])
    ParticipantFactory(meeting=meeting, person=people.persons["caretaker"])
    return meeting


@pytest.fixture
def steering_meeting(people):
    return MeetingFactory(group=people.steering_group, title="Styregruppemøde", start=at(5))
