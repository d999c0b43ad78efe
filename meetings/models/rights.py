"""Who may prepare a group's meetings: its secretary, and the consultants."""

from governance.models import Membership, MembershipRole


def person_of(user):
    return getattr(user, "person", None) if user.is_authenticated else None


def current_group_ids(person, role=None):
    memberships = Membership.objects.current().filter(person=person)
    if role:
        memberships = memberships.filter(role=role)
    return memberships.values("group_id")


def secretary_group_ids(user):
    """The groups the user is currently secretary of (a subquery; empty without a person)."""
    person = person_of(user)
    if person is None:
        return Membership.objects.none().values("group_id")
    return current_group_ids(person, MembershipRole.SECRETARY)


def is_secretary_of(user, group_id):
    return secretary_group_ids(user).filter(group_id=group_id).exists()


def chair_group_ids(user):
    """The groups the user currently chairs (a subquery; empty without a person)."""
    person = person_of(user)
    if person is None:
        return Membership.objects.none().values("group_id")
    return current_group_ids(person, MembershipRole.CHAIR)


def is_chair_of(user, group_id):
    return chair_group_ids(user).filter(group_id=group_id).exists()
