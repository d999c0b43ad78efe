"""Fetch-and-check helpers for the governance records (views of every app may reuse them)."""

from byrum.access import get_for_user

from .models import Group, Membership, Organisation, Person


def get_group_for_user(user, pk, *, write=False):
    return get_for_user(
        user, Group.objects.select_related("parent", "secretariat"), pk, write=write
    )


def get_person_for_user(user, pk, *, write=False):
    return get_for_user(
        user, Person.objects.select_related("organisation", "user"), pk, write=write
    )


def get_organisation_for_user(user, pk):
    return get_for_user(user, Organisation.objects.all(), pk)


def get_membership_for_user(user, pk, *, write=False):
    return get_for_user(user, Membership.objects.select_related("group", "person"), pk, write=write)
