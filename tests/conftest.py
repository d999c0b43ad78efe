"""Persona fixtures: the people Byrum is built for, each as a logged-in test client.

consultant, caretaker, steering (member of the steering group), local (member of a local
group), outsider (logged in, no role, no person), admin (superuser) and anonymous.
"""

from types import SimpleNamespace

import pytest
from django.test import Client

from byrum import db_roles, roles, tenancy
from config.embedded_db import start_if_configured
from tests import two_factor
from tests.actionplan.factories import (
    GroupFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from tests.jobs import clear_jobs, start_smtp
from tests.object_storage import S3Server


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Before pytest-django builds the test database: start the embedded server when there
    is no DATABASE_URL, and connect as the owner, which creates, migrates (and with
    --create-db at the end drops) the test database. Returns the app role's credentials."""
    start_if_configured()
    return db_roles.use_owner()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_modify_db_settings):
    """The tests themselves connect as the application's role, as the app does."""
    db_roles.use_app(django_db_modify_db_settings)
    yield
    db_roles.use_owner()


@pytest.fixture
def retention_in_database(django_db_setup):
    """For tests that change a retention setting: ``apply()`` writes the settings' periods
    into the database as `migrate` does (as the owner); the periods from before come back at
    the end."""
    with db_roles.owner_connection() as conn:
        before = conn.execute("SELECT kind, months FROM byrum_retention").fetchall()

    def apply():
        with db_roles.owner_connection() as conn:
            db_roles.write_retention(conn.cursor())

    yield apply
    with db_roles.owner_connection() as conn:
        for kind, months in before:
            conn.execute("UPDATE byrum_retention SET months = %s WHERE kind = %s", [months, kind])


DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def municipality(request):
    """Aalborg, the municipality every test works in unless it says otherwise: set for the
    test's database sessions (also one opened again mid-test), so factories' rows belong to
    it (their municipality column's default) and row-level security shows them. Requests set
    their user's municipality themselves (byrum.tenancy.TenantMiddleware); a test about
    another municipality uses ``tenancy.municipality(other.pk)`` or the
    ``other_municipality`` fixture. Tests marked ``without_municipality`` get none."""
    uses_database = request.node.get_closest_marker("django_db") or (
        DATABASE_FIXTURES & set(request.fixturenames)
    )
    if not uses_database or request.node.get_closest_marker("without_municipality"):
        yield None
        return
    for name in ("transactional_db", "db"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
            break
    from django.db import connection
    from django.db.backends.signals import connection_created

    from governance.models import Municipality

    aalborg, _ = Municipality.objects.get_or_create(code="851", defaults={"name": "Aalborg"})

    def set_default(connection, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, false)", [tenancy.SETTING, str(aalborg.pk)])

    set_default(connection)
    connection_created.connect(set_default, dispatch_uid="tests.municipality")
    yield aalborg
    connection_created.disconnect(dispatch_uid="tests.municipality")
    if connection.connection is not None and not connection.needs_rollback:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, '', false)", [tenancy.SETTING])


@pytest.fixture
def other_municipality(db):
    """Aarhus, the other municipality, whose records Aalborg's people must never see."""
    from governance.models import Municipality

    aarhus, _ = Municipality.objects.get_or_create(code="751", defaults={"name": "Aarhus"})
    return aarhus


@pytest.fixture(autouse=True)
def _force_login_completes_two_factor():
    """Tests run with OTP_REQUIRED on; force_login() stands for a finished login, password
    and second factor (tests/two_factor.py). Form logins still ask for the code."""
    with two_factor.force_login_verifies():
        yield


PERSONAS = ["anonymous", "consultant", "caretaker", "steering", "local", "outsider", "admin"]


@pytest.fixture
def people(db):
    """One user per persona, with the person and group memberships that role implies."""
    steering_group = GroupFactory(name="Styregruppen", kind="steering")
    local_group = GroupFactory(name="Lokal gruppe Arkivhaven", kind="local")
    users = {
        "consultant": UserFactory(username="konsulent", roles=[roles.CONSULTANT]),
        "caretaker": UserFactory(username="vicevaert", roles=[roles.CARETAKER]),
        "steering": UserFactory(username="styregruppe", roles=[roles.STEERING]),
        "local": UserFactory(username="lokal", roles=[roles.MEMBER]),
        "outsider": UserFactory(username="udenforstaaende"),
        "admin": UserFactory(username="admin", is_staff=True, is_superuser=True),
    }
    persons = {
        key: PersonFactory(name=f"{key.title()} Person", user=users[key])
        for key in ("consultant", "caretaker", "steering", "local")
    }
    MembershipFactory(person=persons["steering"], group=steering_group, role="chair")
    MembershipFactory(person=persons["consultant"], group=steering_group, role="secretary")
    MembershipFactory(person=persons["local"], group=local_group)
    MembershipFactory(person=persons["caretaker"], group=local_group)
    return SimpleNamespace(
        users=users,
        persons=persons,
        steering_group=steering_group,
        local_group=local_group,
    )


@pytest.fixture(autouse=True)
def _no_jobs_left_over(request):
    """Committing tests share procrastinate's tables (Django's flush leaves them): each starts
    and ends with none, so no test runs another's jobs."""
    if "transactional_db" not in request.fixturenames and not any(
        m.kwargs.get("transaction") for m in request.node.iter_markers("django_db")
    ):
        yield
        return
    request.getfixturevalue("transactional_db")
    clear_jobs()
    yield
    clear_jobs()


@pytest.fixture
def smtp(settings):
    """A real SMTP server in the test process (tests/jobs.py); Django sends to it."""
    controller, sink = start_smtp()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://byrum.example.dk"
    yield sink
    controller.stop()


@pytest.fixture
def s3_media(settings, tmp_path):
    """Media on a real S3-compatible server (moto's, tests/object_storage.py), configured as a
    deployment configures it (S3_BUCKET and friends); MEDIA_ROOT points at an empty folder of
    the test's own, so a test can prove that nothing was written to this machine's disk
    (``assert not any(s3_media.disk.rglob("*"))``)."""
    settings.MEDIA_ROOT = tmp_path
    with S3Server() as server:
        settings.STORAGES = {**settings.STORAGES, "default": server.storage_setting()}
        server.disk = tmp_path
        yield server


def client_for(people, persona):
    client = Client()
    if persona != "anonymous":
        client.force_login(people.users[persona])
    return client


@pytest.fixture
def clients(people):
    return SimpleNamespace(**{p: client_for(people, p) for p in PERSONAS})


def pytest_collection_modifyitems(items):
    """Browser journeys last. Playwright keeps an event loop running in a worker's main thread
    for the rest of the session, and the in-process job workers of the notification tests
    (procrastinate's run_worker calls asyncio.run) cannot start inside one."""
    items.sort(key=lambda item: "tests/browser/" in str(item.fspath))
