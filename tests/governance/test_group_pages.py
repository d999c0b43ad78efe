"""Group, person and organisation pages as a consultant and a group member use them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Membership, Organisation
from tests.actionplan.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.budgets import REQUEST_OVERHEAD

pytestmark = pytest.mark.django_db


def _members(group, n):
    for i in range(n):
        MembershipFactory(group=group, person=PersonFactory(name=f"Medlem {i}"))


def test_group_list_shows_groups_by_kind_with_their_chair(clients, people):
    response = clients.local.get(reverse("governance:group_list"))
    body = response.content.decode()
    assert "Styregruppe" in body and "Lokal gruppe" in body
    assert "Steering Person" in body  # the chair, in the chair column


def test_group_list_filters_by_kind(clients, people):
    response = clients.consultant.get(reverse("governance:group_list"), {"kind": "local"})
    body = response.content.decode()
    assert people.local_group.name in body
    assert people.steering_group.name not in body


@pytest.mark.parametrize("rows", [1, 10])
def test_group_list_queries_do_not_grow_with_groups(
    clients, people, rows, django_assert_num_queries
):
    for i in range(rows):
        _members(GroupFactory(name=f"Arbejdsgruppe {i}"), 3)
    # groups with their parent, current memberships with person and organisation (prefetch)
    with django_assert_num_queries(REQUEST_OVERHEAD + 2):
        clients.consultant.get(reverse("governance:group_list"))


def test_group_detail_shows_current_members_by_role_and_past_on_request(clients, people):
    group = people.steering_group
    MembershipFactory(
        group=group,
        person=PersonFactory(name="Tidligere Medlem"),
        start=datetime.date(2018, 1, 1),
        end=datetime.date(2019, 1, 1),
    )
    url = reverse("governance:group_detail", args=[group.pk])
    body = clients.steering.get(url).content.decode()
    assert body.index("Formand") < body.index("Sekretær")
    assert "Steering Person" in body
    assert "Tidligere Medlem" not in body
    body = clients.steering.get(url, {"past": "1"}).content.decode()
    assert "Tidligere Medlem" in body


@pytest.mark.parametrize("rows", [1, 10])
def test_group_detail_queries_do_not_grow_with_members(
    clients, people, rows, django_assert_num_queries
):
    group = GroupFactory()
    _members(group, rows)
    GroupFactory(parent=group)
    # group with parent, current members, past members, child groups, places covered
    with django_assert_num_queries(REQUEST_OVERHEAD + 5):
        clients.local.get(reverse("governance:group_detail", args=[group.pk]) + "?past=1")


def test_a_local_group_page_lists_the_places_it_covers(clients, people):
    from tests.places.factories import PlaceFactory

    PlaceFactory(name="Arkivhaven", city="Aalborg", local_group=people.local_group)
    body = clients.local.get(
        reverse("governance:group_detail", args=[people.local_group.pk])
    ).content.decode()
    assert "Steder, gruppen dækker" in body and "Arkivhaven" in body


def test_a_consultant_adds_a_member_from_the_group_page(clients, people):
    newcomer = PersonFactory(name="Ny Person")
    url = reverse("governance:membership_add", args=[people.local_group.pk])
    response = clients.consultant.post(
        url, {"person": newcomer.pk, "role": "member", "start": "2024-02-01"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(person=newcomer, group=people.local_group).exists()


def test_bad_membership_input_is_shown_in_danish_and_kept(clients, people):
    newcomer = PersonFactory(name="Ny Person")
    url = reverse("governance:membership_add", args=[people.local_group.pk])
    response = clients.consultant.post(
        url, {"person": newcomer.pk, "role": "observer", "start": "2024-06-01", "end": "2024-01-01"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Et medlemskab kan ikke slutte, før det begynder." in body
    assert 'value="2024-06-01"' in body and 'value="2024-01-01"' in body
    assert f'data-value="{newcomer.pk}"' in body  # the person chosen, typed (byrum/suggest.py)
    assert not Membership.objects.filter(person=newcomer).exists()


def test_ending_a_membership_from_the_group_page(clients, people):
    membership = people.local_group.memberships.get(person=people.persons["local"])
    response = clients.consultant.post(reverse("governance:membership_end", args=[membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.end is not None


def test_a_member_cannot_end_a_membership(clients, people):
    membership = people.local_group.memberships.get(person=people.persons["local"])
    response = clients.local.post(reverse("governance:membership_end", args=[membership.pk]))
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.end is None


def test_person_page_shows_current_and_earlier_groups(clients, people):
    person = people.persons["local"]
    old = GroupFactory(name="Gammel gruppe")
    MembershipFactory(
        person=person, group=old, start=datetime.date(2018, 1, 1), end=datetime.date(2019, 1, 1)
    )
    body = clients.caretaker.get(
        reverse("governance:person_detail", args=[person.pk])
    ).content.decode()
    assert people.local_group.name in body
    assert "Tidligere grupper" in body and "Gammel gruppe" in body


@pytest.mark.parametrize("rows", [1, 10])
def test_organisation_pages_have_bounded_queries(clients, people, rows, django_assert_num_queries):
    organisation = OrganisationFactory(name="Blå Kors")
    for i in range(rows):
        MembershipFactory(person=PersonFactory(organisation=organisation, name=f"P {i}"))
    with django_assert_num_queries(REQUEST_OVERHEAD + 1):  # organisations with people count
        clients.steering.get(reverse("governance:organisation_list"))
    # the organisation, its people, their current memberships with groups
    with django_assert_num_queries(REQUEST_OVERHEAD + 3):
        clients.steering.get(reverse("governance:organisation_detail", args=[organisation.pk]))


def test_a_consultant_creates_an_organisation_and_a_duplicate_is_refused(clients, people):
    url = reverse("governance:organisation_create")
    response = clients.consultant.post(url, {"name": "Blå Kors", "kind": "ngo"})
    assert response.status_code == 302
    response = clients.consultant.post(url, {"name": "BLÅ KORS", "kind": "ngo"})
    assert response.status_code == 200
    assert "Der findes allerede en organisation med dette navn" in response.content.decode()
    assert Organisation.objects.filter(name__iexact="blå kors").count() == 1


def test_a_membership_ending_today_says_so_and_what_access_it_leaves(clients, people):
    membership = people.local_group.memberships.get(person=people.persons["local"])
    membership.start = timezone.localdate()  # added today by mistake, ended the same day
    membership.save()
    clients.consultant.post(reverse("governance:membership_end", args=[membership.pk]))
    html = clients.consultant.get(people.local_group.get_absolute_url()).content.decode()
    assert "Slutter i dag" in html
    assert "ser gruppens møder, referater og opgaver indtil midnat" in html
    end_url = reverse("governance:membership_end", args=[membership.pk])
    assert end_url not in html  # no second "end" button that would change nothing


def test_a_membership_ended_today_leaves_the_current_members(clients, people):
    membership = people.local_group.memberships.get(person=people.persons["local"])
    membership.start = datetime.date(2020, 1, 1)
    membership.save()
    clients.consultant.post(reverse("governance:membership_end", args=[membership.pk]))
    response = clients.consultant.get(people.local_group.get_absolute_url())
    current = [m for _role, ms in response.context["members_by_role"] for m in ms]
    assert membership not in current
