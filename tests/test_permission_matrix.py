"""Every URL × every persona, deny by default: a URL pattern without a row fails here."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.matrix import PERSONAS, app_modules, url_names

MODULES = list(app_modules())
ROWS = [row for module in MODULES for row in module.ROWS]

# Django admin has its own test (tests/byrum/test_admin_access.py), over every admin URL.
COVERED_ELSEWHERE = ("admin:",)


def test_every_url_pattern_has_a_row():
    covered = {row.name for row in ROWS}
    missing = sorted(
        name
        for name in set(url_names())
        if name not in covered and not name.startswith(COVERED_ELSEWHERE)
    )
    assert not missing, f"URL patterns missing from the permission matrix: {missing}"


@pytest.fixture
def world(people):
    world = SimpleNamespace(people=people)
    for module in MODULES:
        module.build(world)
    return world


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.method}:{r.name}" for r in ROWS])
def test_permission_matrix(row, world, people, django_db_blocker):
    failures = []
    for persona in PERSONAS:
        client = client_for(people, persona)
        url = row.url(world)
        if row.method == "post":
            response = client.post(url, row.data(world) if row.data else {})
        else:
            response = client.get(url)
        if response.status_code != row.expected[persona]:
            failures.append(f"{persona}: {response.status_code} != {row.expected[persona]}")
        if persona == "anonymous" and response.status_code == 302 and not row.public:
            assert response["Location"].startswith(reverse("login")), response["Location"]
    assert not failures, f"{row.method.upper()} {row.name}: " + "; ".join(failures)


GET_ROWS = [row for row in ROWS if row.method == "get"]


@pytest.mark.parametrize("row", GET_ROWS, ids=[r.name for r in GET_ROWS])
def test_a_post_never_gets_further_than_a_get(row, world, people):
    """Every URL × every role × POST as well: whoever is refused a page (login, 403, 404) is
    refused a POST to it too, so a view that forgets to check the method grants nothing."""
    refused = {302, 403, 404}
    failures = []
    for persona in PERSONAS:
        if row.expected[persona] not in refused or row.public:
            continue
        response = client_for(people, persona).post(row.url(world), {})
        if response.status_code not in refused | {405}:
            failures.append(f"{persona}: POST gave {response.status_code}")
        elif response.status_code == 302 and row.expected[persona] != 302:
            failures.append(f"{persona}: POST redirected to {response['Location']}")
    assert not failures, f"POST {row.name}: " + "; ".join(failures)
