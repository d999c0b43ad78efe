import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.actionplan.factories import ActionItemFactory
from tests.budgets import REQUEST_OVERHEAD

pytestmark = pytest.mark.django_db


def test_home_shows_my_groups_with_my_role(clients, people):
    body = clients.steering.get(reverse("home")).content.decode()
    assert "Mine grupper" in body
    assert people.steering_group.name in body
    assert "Formand" in body
    assert people.local_group.name not in body


def test_home_tells_a_user_without_a_person_what_to_do(clients, people):
    body = clients.outsider.get(reverse("home")).content.decode()
    assert "ikke knyttet til en person" in body


def test_home_links_consultants_and_steering_to_all_groups(clients, people):
    assert "Se alle grupper" in clients.consultant.get(reverse("home")).content.decode()
    assert "Se alle grupper" not in clients.local.get(reverse("home")).content.decode()


def test_navigation_shows_the_sections_that_exist(clients, people):
    body = clients.local.get(reverse("home")).content.decode()
    assert 'href="/groups/"' in body and 'href="/places/"' in body


def test_home_queries(clients, people, django_assert_max_num_queries):
    # person, memberships with groups, group count (consultant), plus what later apps add
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 12):
        clients.consultant.get(reverse("home"))


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_logout_and_password_change(client, people):
    user = people.users["local"]
    response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "Indtast venligst korrekt brugernavn og adgangskode" in response.content.decode()
    response = client.post(reverse("login"), {"username": user.username, "password": "pw"})
    assert response.status_code == 302
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw", "new_password1": "Torvet-2024-x", "new_password2": "Torvet-2024-x"},
    )
    assert response.status_code == 302
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302
    # django-axes needs the request to log in, so log in through the form, as a person does.
    response = client.post(
        reverse("login"), {"username": user.username, "password": "Torvet-2024-x"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_caretaker_reaches_the_report_form_from_home_in_one_tap(clients, people):
    body = clients.caretaker.get(reverse("home")).content.decode()
    assert f'href="{reverse("incidents:new")}"' in body and "Indberet en hændelse" in body
    assert "Indberet en hændelse" not in clients.local.get(reverse("home")).content.decode()


def test_the_navigation_offers_only_what_the_user_may_open(clients, people):
    steering = clients.steering.get(reverse("home")).content.decode()
    assert f'href="{reverse("dashboard")}"' in steering
    assert f'href="{reverse("incidents:list")}"' in steering
    local = clients.local.get(reverse("home")).content.decode()
    assert f'href="{reverse("dashboard")}"' not in local
    assert f'href="{reverse("incidents:list")}"' not in local


def test_home_counts_every_overdue_item_but_draws_eight(
    clients, people, django_assert_max_num_queries
):
    person = people.users["consultant"].person
    today = timezone.localdate()
    for n in range(10):
        ActionItemFactory(
            title=f"Forsinket {n}", responsible_person=person, due=today - datetime.timedelta(n + 1)
        )
    ActionItemFactory(title="Senere", responsible_person=person, due=today + datetime.timedelta(3))
    ActionItemFactory(
        title="Klaret",
        responsible_person=person,
        due=today - datetime.timedelta(30),
        status="done",
        done_on=today,
    )
    # The items and how many of all of them are overdue come in one query (the budget).
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 12):
        response = clients.consultant.get(reverse("home"))
    body = response.content.decode()
    assert response.context["my_overdue_count"] == 10
    assert "10 overskredne" in body
    assert len(response.context["my_action_items"]) == 8
    assert "Se alle mine opgaver" in body
    # Each row marks its own item done and comes back here.
    item = response.context["my_action_items"][0]
    assert item.title == "Forsinket 9"  # the oldest first
    assert f'action="{reverse("actionplan:action_done", args=[item.pk])}"' in body
    assert 'name="next" value="/"' in body
