"""The floor (issue 18): a request reads its user's permissions, their roles' permissions and
their role names in one query (byrum.auth_backends.RolesBackend, roles.load_access), and the
answers are those of Django's ModelBackend."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from byrum import roles
from byrum.auth_backends import RolesBackend
from tests.actionplan.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The user as a request loads it: no cache of permissions or roles yet."""
    return get_user_model().objects.get(pk=user.pk)


def test_permissions_and_role_names_in_one_query(django_assert_num_queries):
    user = _fresh(UserFactory(username="vicevaert1", roles=[roles.CARETAKER]))
    with django_assert_num_queries(1):
        assert user.has_perm("incidents.add_incident")
        assert not user.has_perm("incidents.change_incident")
        assert roles.roles_of(user) == {roles.CARETAKER}
        assert roles.has_role(user, roles.CARETAKER)
        assert "places.view_place" in user.get_all_permissions()


def test_role_names_first_then_permissions_still_one_query(django_assert_num_queries):
    user = _fresh(UserFactory(username="konsulent1", roles=[roles.CONSULTANT]))
    with django_assert_num_queries(1):
        assert roles.is_consultant(user)
        assert user.has_perm("meetings.delete_meeting")


def test_a_permission_granted_to_the_user_alone_counts():
    user = UserFactory(username="styre1", roles=[roles.STEERING])
    user.user_permissions.add(Permission.objects.get(codename="view_incident_detail"))
    user = _fresh(user)
    assert user.has_perm("incidents.view_incident_detail")
    assert user.get_user_permissions() == {"incidents.view_incident_detail"}
    assert "incidents.view_incident" in user.get_group_permissions()
    assert not _fresh(UserFactory(username="styre2", roles=[roles.STEERING])).has_perm(
        "incidents.view_incident_detail"
    )


def test_a_user_without_roles_has_no_permission(django_assert_num_queries):
    user = _fresh(UserFactory(username="uden"))
    with django_assert_num_queries(1):
        assert not user.has_perm("places.view_place")
        assert roles.roles_of(user) == frozenset()


def test_an_inactive_user_has_no_permission_whatever_their_roles():
    user = UserFactory(username="stoppet", roles=[roles.CONSULTANT])
    user.is_active = False
    user.save()
    user = _fresh(user)
    assert not user.has_perm("places.view_place")
    assert user.get_all_permissions() == set()


def test_the_administrator_has_every_permission():
    user = UserFactory(username="admin1", is_superuser=True)
    user = _fresh(user)
    assert user.has_perm("incidents.view_incident_detail")
    assert user.has_perm("byrum.view_accesslog")
    assert roles.sees_everything(user)


def test_the_password_is_checked_by_modelbackend_alone(rf, people):
    user = people.users["local"]
    request = rf.post(reverse("login"))
    found = authenticate(request, username=user.username, password="pw")
    # RolesBackend authenticates nobody: a login (and its session) names ModelBackend, as
    # the sessions made before it do.
    assert found == user
    assert found.backend == "django.contrib.auth.backends.ModelBackend"
    assert RolesBackend().authenticate(request, username=user.username, password="pw") is None
