"""The bad-input rules of the governance model, in the model, the app's forms, admin and
the database itself."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from governance.forms import GroupForm, MembershipForm, OrganisationForm
from governance.models import Group, Membership, Organisation
from tests.actionplan.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

JAN = datetime.date(2024, 1, 1)
JUN = datetime.date(2024, 6, 1)


def test_a_membership_that_ends_before_it_starts_is_refused_in_the_form():
    group = GroupFactory()
    form = MembershipForm(
        {"person": PersonFactory().pk, "role": "member", "start": JUN, "end": JAN}, group=group
    )
    assert not form.is_valid()
    assert "Et medlemskab kan ikke slutte, før det begynder." in str(form.errors)


def test_a_membership_that_ends_before_it_starts_is_refused_by_the_database():
    membership = MembershipFactory.build(
        person=PersonFactory(), group=GroupFactory(), start=JUN, end=JAN
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()


def test_the_same_person_twice_in_a_group_at_the_same_time_is_refused_in_the_form():
    existing = MembershipFactory(start=JAN, end=None)
    form = MembershipForm(
        {"person": existing.person.pk, "role": "observer", "start": JUN}, group=existing.group
    )
    assert not form.is_valid()
    assert "er allerede medlem af" in str(form.errors)


def test_dated_memberships_that_overlap_are_refused():
    existing = MembershipFactory(start=JAN, end=datetime.date(2024, 3, 31))
    overlapping = Membership(
        person=existing.person, group=existing.group, start=datetime.date(2024, 3, 1)
    )
    with pytest.raises(ValidationError):
        overlapping.full_clean()


def test_a_new_membership_after_the_old_one_ended_is_fine():
    existing = MembershipFactory(start=JAN, end=datetime.date(2024, 3, 31))
    later = Membership(
        person=existing.person, group=existing.group, start=datetime.date(2024, 4, 1)
    )
    later.full_clean()
    later.save()
    assert existing.person.memberships.count() == 2


def test_two_open_memberships_of_one_person_in_one_group_are_refused_by_the_database():
    existing = MembershipFactory(start=JAN, end=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(person=existing.person, group=existing.group, start=JUN)


def test_a_group_cannot_be_its_own_parent():
    group = GroupFactory()
    form = GroupForm(
        {"name": group.name, "kind": group.kind, "city": "", "parent": group.pk}, instance=group
    )
    assert not form.is_valid()
    assert "egen overordnede gruppe" in str(form.errors)
    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.filter(pk=group.pk).update(parent=group)


def test_a_group_cannot_sit_below_its_own_descendant():
    top = GroupFactory(name="Styregruppen")
    middle = GroupFactory(name="Arbejdsgruppen", parent=top)
    bottom = GroupFactory(name="Lokal gruppe", parent=middle)
    form = GroupForm(
        {"name": top.name, "kind": top.kind, "city": "", "parent": bottom.pk}, instance=top
    )
    assert not form.is_valid()
    assert "Lokal gruppe ligger allerede under Styregruppen" in str(form.errors)


def test_organisation_names_that_differ_only_by_case_are_refused():
    OrganisationFactory(name="Kirkens Korshær")
    form = OrganisationForm({"name": "KIRKENS KORSHÆR", "kind": "ngo"})
    assert not form.is_valid()
    assert "store og små bogstaver regnes for ens" in str(form.errors)
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="kirkens korshær", kind="ngo")


def test_ending_a_membership_keeps_it_as_history():
    membership = MembershipFactory(start=JAN)
    membership.end_today()
    membership.refresh_from_db()
    assert membership.end is not None
    assert not Membership.objects.current().filter(pk=membership.pk).exists()
    assert (
        Membership.objects.past(on=membership.end + datetime.timedelta(days=1))
        .filter(pk=membership.pk)
        .exists()
    )
