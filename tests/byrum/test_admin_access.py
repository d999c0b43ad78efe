"""Django admin: every admin URL answers the administrator, and nobody else gets in."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from governance.models import Membership
from tests.actionplan.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def admin_urls(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        yield reverse("admin:{}_{}_changelist".format(*info)), model
        # Some admins are read-only (django-axes' login records): no add page to answer.
        if model_admin.has_add_permission(request):
            yield reverse("admin:{}_{}_add".format(*info)), model


def test_every_admin_page_answers_the_administrator_and_no_one_else(clients, people):
    MembershipFactory()
    urls = [reverse("admin:index")] + [url for url, _model in admin_urls(people.users["admin"])]
    for model in admin.site._registry:
        obj = model._default_manager.first()
        if obj is not None:
            info = (model._meta.app_label, model._meta.model_name)
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    for url in urls:
        assert clients.admin.get(url).status_code == 200, url
        for persona in ("anonymous", "consultant", "outsider"):
            response = getattr(clients, persona).get(url)
            assert response.status_code == 302, (persona, url)
            assert response["Location"].startswith((reverse("admin:login"), reverse("login"))), (
                persona,
                url,
            )


def test_admin_search_and_filters_work(clients, people):
    for url in (
        reverse("admin:governance_person_changelist") + "?q=Person",
        reverse("admin:governance_group_changelist") + "?kind=local",
        reverse("admin:governance_membership_changelist") + "?current=yes&role=chair",
        reverse("admin:governance_membership_changelist") + "?current=no",
        reverse("admin:governance_organisation_changelist") + "?q=Organisation",
    ):
        assert clients.admin.get(url).status_code == 200, url


def test_admin_action_ends_memberships_today(clients, people):
    membership = MembershipFactory()
    response = clients.admin.post(
        reverse("admin:governance_membership_changelist"),
        {"action": "end_memberships_today", "_selected_action": [membership.pk]},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.end is not None
    assert not Membership.objects.current().filter(pk=membership.pk).exists()


def test_admin_refuses_bad_memberships_with_a_danish_message(clients, people):
    group = people.local_group
    person = people.persons["local"]  # already a current member of the local group
    url = reverse("admin:governance_group_change", args=[group.pk])
    existing = list(group.memberships.all())
    data = {
        "name": group.name,
        "kind": group.kind,
        "city": group.city,
        "mandate": "",
        "tasks": "",
        "memberships-TOTAL_FORMS": str(len(existing) + 1),
        "memberships-INITIAL_FORMS": str(len(existing)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for i, m in enumerate(existing):
        data.update(
            {
                f"memberships-{i}-id": m.pk,
                f"memberships-{i}-group": group.pk,
                f"memberships-{i}-person": m.person_id,
                f"memberships-{i}-role": m.role,
                f"memberships-{i}-start": m.start.isoformat(),
                f"memberships-{i}-end": "",
            }
        )
    n = len(existing)
    data.update(
        {
            f"memberships-{n}-group": group.pk,
            f"memberships-{n}-person": person.pk,
            f"memberships-{n}-role": "observer",
            f"memberships-{n}-start": "2024-01-01",
            f"memberships-{n}-end": "2023-01-01",
        }
    )
    response = clients.admin.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Et medlemskab kan ikke slutte, før det begynder." in body
    data[f"memberships-{n}-end"] = ""
    body = clients.admin.post(url, data).content.decode()
    assert "er allerede medlem af" in body
    assert group.memberships.count() == len(existing)
