"""Every URL × every persona, deny by default: a URL pattern without a row fails here."""

from types import SimpleNamespace
from urllib.parse import parse_qsl

import pytest
from django.test import Client
from django.urls import resolve, reverse

from byrum import roles
from governance import tenants
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


@pytest.fixture
def foreign(other_municipality):
    """A consultant of another municipality (Aarhus) and the platform administrator while
    working there: Aalborg's records must answer them as if they did not exist."""
    from byrum import tenancy
    from tests.actionplan.factories import PersonFactory, UserFactory

    consultant = UserFactory(
        username="konsulent.aarhus", roles=[roles.CONSULTANT], account=other_municipality
    )
    with tenancy.municipality(other_municipality.pk):
        PersonFactory(name="Aarhus Konsulent", user=consultant)
    clients = {"consultant": Client()}
    clients["consultant"].force_login(consultant)
    admin = UserFactory(username="admin.aarhus", is_staff=True, is_superuser=True)
    clients["admin"] = Client()
    clients["admin"].force_login(admin)
    session = clients["admin"].session
    session[tenants.SESSION_KEY] = other_municipality.pk
    session.save()
    return clients


def _record_ids(url):
    """The ids of records in a URL: in its path (``/meetings/7/``) or its query (``?plan=3``)."""
    path, _sep, query = url.partition("?")
    ids = [v for v in resolve(path).kwargs.values() if isinstance(v, int)]
    return ids + [v for _k, v in parse_qsl(query) if v.isdigit()]


OBJECT_ROWS = [
    row
    for row in ROWS
    if any(
        status in (200, 302) for persona, status in row.expected.items() if persona != "anonymous"
    )
    and not row.public
]


@pytest.mark.parametrize("row", OBJECT_ROWS, ids=[f"{r.method}:{r.name}" for r in OBJECT_ROWS])
def test_another_municipality_gets_a_404_for_every_record(row, world, foreign):
    """Every URL of one record (a meeting, a place, an incident ...) answers another
    municipality's consultant, and the platform administrator working there, exactly as a
    missing id: 404, for GET and for POST. Pages that show no one record (lists, forms to
    add one) answer them as they answer Aalborg's (what they list: test_sentinel.py)."""
    url = row.url(world)
    one_record = bool(_record_ids(url))
    # Before the first request: after it the test's transaction works in Aarhus.
    data = row.data(world) if row.data else {}
    failures = []
    for persona, client in foreign.items():
        expected = row.expected[persona]
        if one_record and expected in (200, 302, 403):
            expected = 404
        if row.method == "post":
            response = client.post(url, data)
        else:
            response = client.get(url)
        if not one_record and row.method == "post":
            # A form that adds a record, posted with Aalborg's ids: refused or done in
            # Aarhus, never an error (which ids it offers and takes: test_tenancy_forms).
            if response.status_code >= 500:
                failures.append(f"{persona} of Aarhus: {response.status_code}")
        elif response.status_code != expected:
            failures.append(f"{persona} of Aarhus: {response.status_code} != {expected}")
    assert not failures, f"{row.method.upper()} {row.name} {url}: " + "; ".join(failures)
