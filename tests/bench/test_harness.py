"""The harness's parts, in-process: the floor page, the metrics middleware, logging in,
the generators, the scenarios, the statistics, and the guards around the bench database."""

import hashlib
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from bench import client as bench_client
from bench import database, generate, runner, scenarios, sheet_import
from byrum import roles
from byrum.db_roles import as_owner
from governance.models import Group, Membership, Person
from imports.models import SheetImport
from places.models import Place
from tests.actionplan.factories import UserFactory

TINY = 0.001
WITH_METRICS = ["bench.middleware.BenchMetricsMiddleware", *settings.MIDDLEWARE]


def test_ping_answers_ok_after_the_middleware_with_the_fewest_queries(
    db, django_assert_num_queries
):
    client = Client()
    client.force_login(UserFactory(roles=[roles.CARETAKER]))
    # session, user, the user's two-factor device, and the savepoint pair of the request's
    # transaction inside the test transaction
    with django_assert_num_queries(5):
        response = client.get(reverse("ping"))
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_ping_sends_anonymous_users_to_log_in(db):
    response = Client().get(reverse("ping"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@override_settings(MIDDLEWARE=WITH_METRICS)
def test_metrics_middleware_reports_what_the_request_cost(db, django_assert_num_queries):
    client = Client()
    client.force_login(UserFactory(roles=[roles.CARETAKER]))
    with django_assert_num_queries(5) as captured:
        response = client.get(reverse("ping"))
    assert int(response["X-Byrum-Queries"]) == len(captured.captured_queries) == 5
    assert int(response["X-Byrum-SQL-us"]) >= 0
    assert int(response["X-Byrum-App-us"]) >= int(response["X-Byrum-SQL-us"])
    assert int(response["X-Byrum-Maxrss-KB"]) > 10_000  # a Python process: tens of MB
    assert response["X-Byrum-Pid"] == str(os.getpid())


def test_metrics_middleware_is_off_outside_the_bench_settings(db):
    client = Client()
    client.force_login(UserFactory())
    assert "X-Byrum-Queries" not in client.get(reverse("ping"))


def test_login_session_logs_the_user_in_without_the_login_form(db):
    user = UserFactory(roles=[roles.STEERING])
    key = runner.login_session(user)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.wsgi_request.user == user


def test_a_post_with_the_bench_csrf_secret_passes_csrf_checks(db):
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.SESSION_COOKIE_NAME] = runner.login_session(user)
    client.cookies[settings.CSRF_COOKIE_NAME] = runner.CSRF_SECRET
    refused = client.post(reverse("set_language"), {"language": "en", "next": "/ping"})
    assert refused.status_code == 403
    accepted = client.post(
        reverse("set_language"),
        {"language": "en", "next": "/ping"},
        headers={"X-CSRFToken": runner.CSRF_SECRET},
    )
    assert accepted.status_code == 302


def _fill(city):
    with connection.cursor() as cursor:
        tables, _seconds = generate.fill(cursor.cursor, city, log=lambda message: None)
    return tables


def _generate(city):
    """As `manage.py bench` runs it: as the owner role (the generator creates its helper
    functions and loads without triggers), in a transaction of its own."""
    with as_owner(), transaction.atomic():
        return _fill(city)


def _fingerprint():
    with connection.cursor() as cursor:
        digest = hashlib.sha256()
        for table in (
            "auth_user",
            "actionplan_person",
            "actionplan_membership",
            "places_place",
            "actionplan_group",
            "actionplan_initiative",
            "meetings_meeting",
            "meetings_agendaitem",
            "actionplan_actionitem",
            "incidents_incident",
            "incidents_smalljob",
        ):
            cursor.execute(f"SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM {table} t")
            digest.update((cursor.fetchone()[0] or "").encode())
        return digest.hexdigest()


@pytest.mark.django_db(transaction=True)
def test_generators_make_the_planned_city():
    city = generate.City(scale=TINY)
    tables = _generate(city)
    assert tables["places_place"] == Place.objects.count() == city.n("places")
    assert tables["actionplan_group"] == Group.objects.count() == city.groups()
    assert Person.objects.count() == city.people()
    # Every place belongs to a local group; every local group has current members.
    assert not Place.objects.exclude(local_group__kind=Group.Kind.LOCAL).exists()
    current = Membership.objects.current().values("group")
    assert not Group.objects.filter(kind=Group.Kind.LOCAL).exclude(pk__in=current).exists()
    # The role users the scenarios log in as hold their role and are people.
    for role_key, name in [
        ("caretaker", roles.CARETAKER),
        ("consultant", roles.CONSULTANT),
        ("steering", roles.STEERING),
        ("member", roles.MEMBER),
    ]:
        person = Person.objects.get(pk=scenarios.ROLE_USERS[role_key](city))
        assert person.user.groups.filter(name=name).exists(), role_key
    # History is kept: memberships that ended.
    assert Membership.objects.past().exists()


def test_generators_scale_and_have_minimums():
    assert generate.City(scale=1).n("places") == 2000
    assert generate.City(scale=5).n("incidents") == 5_000_000
    tiny = generate.City(scale=TINY)
    assert tiny.local_groups() >= 1
    assert tiny.n("caretakers") >= 1 and tiny.n("places") >= 1


@pytest.mark.django_db(transaction=True)
def test_generators_are_deterministic():
    city = generate.City(scale=TINY)
    fingerprints = []
    for _ in range(2):
        try:
            with as_owner(), transaction.atomic():
                _fill(city)
                fingerprints.append(_fingerprint())
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert len(fingerprints) == 2
    assert fingerprints[0] == fingerprints[1]


@pytest.mark.django_db(transaction=True)
def test_scenario_paths_resolve_on_the_generated_city():
    city = generate.City(scale=TINY)
    _generate(city)
    floors = [s for s in scenarios.SCENARIOS if s.floor]
    assert len(floors) == 1
    for scenario in scenarios.SCENARIOS:
        user = Person.objects.get(pk=scenarios.ROLE_USERS[scenario.role](city)).user
        client = Client()
        client.force_login(user)
        body = None
        if scenario.body:  # as the load client sends it: "{uuid}" is a new UUID each time
            body = {
                k: str(uuid.uuid4()) if v == "{uuid}" else v for k, v in scenario.body(city).items()
            }
        response = getattr(client, scenario.method.lower())(
            scenario.path(city), body, headers=scenario.headers
        )
        assert response.status_code == scenario.expect, scenario.key
        assert scenario.contains.encode() in response.content, scenario.key


def test_select_keeps_the_floor_and_refuses_unknown_keys():
    assert [s.key for s in scenarios.select(["S6"])] == ["S0", "S6"]
    assert scenarios.select([]) == scenarios.SCENARIOS
    with pytest.raises(ValueError, match="S9"):
        scenarios.select(["S9"])


def test_percentiles_are_nearest_rank():
    values = list(range(1, 101))
    assert bench_client.percentile(values, 0.50) == 50
    assert bench_client.percentile(values, 0.95) == 95
    assert bench_client.percentile(values, 0.99) == 99
    assert bench_client.percentile([7], 0.99) == 7
    assert bench_client.percentile([], 0.5) is None


def test_summary_counts_wrong_status_and_wrong_content_as_errors():
    job = {"id": "S0", "connections": 1, "expect": 200}
    samples = [
        (0.001, 200, 2, 300, 900, "11", 60_000),
        (0.002, 200, 2, 500, 1000, "12", 62_000),
        (0.003, 500, 1, 100, 500, "11", 61_000),
        (0.004, "content", 2, 100, 500, "12", 64_000),
    ]
    summary = bench_client.summarise(job, samples, 2.0, [])
    assert summary["requests"] == 4
    assert summary["errors"] == 2
    assert summary["rps"] == 2.0
    assert summary["queries_per_request"] == 2
    assert summary["sql_ms_per_request"] == 0.4
    assert summary["peak_mb_by_worker"] == {"11": 59.6, "12": 62.5}


def test_derive_computes_r_against_the_floor_and_checks_targets():
    by_key = {s.key: s for s in scenarios.SCENARIOS}
    results = [
        {
            "id": "S0",
            "connections": 1,
            "p50_ms": 2.0,
            "p95_ms": 3.0,
            "sql_ms_per_request": 0.5,
            "peak_mb_by_worker": {"1": 60.0},
        },
        {
            "id": "S6",
            "connections": 1,
            "p50_ms": 9.0,
            "p95_ms": 12.0,
            "sql_ms_per_request": 1.0,
            "peak_mb_by_worker": {"1": 70.0, "2": 120.0},
        },
    ]
    runner.derive(results, by_key)
    page = results[1]
    assert page["R"] == 3.0  # 9 / (2 + 1)
    assert page["peak_mb_per_worker"] == 120.0
    assert page["targets"]["R"] == [3, True]
    assert page["targets"]["p50_ms"] == [5, False]
    assert page["targets"]["peak_mb"] == [100, False]
    assert "R" not in results[0]["targets"]


def test_flatness_compares_p50_and_queries_between_scale_factors():
    low = {"results": [{"id": "S6", "connections": 1, "p50_ms": 4.0, "queries_per_request": 8.0}]}
    high = {"results": [{"id": "S6", "connections": 1, "p50_ms": 5.0, "queries_per_request": 9.0}]}
    (row,) = runner.flatness(low, high)
    assert row["flatness"] == 1.25
    assert row["flat"] is False
    assert row["same_queries"] is False


def test_the_harness_never_touches_a_database_not_named_byrum_bench(db):
    assert not settings.DATABASES["default"]["NAME"].startswith("byrum_bench")
    with pytest.raises(RuntimeError, match="refusing"):
        database.recreate()
    with pytest.raises(RuntimeError, match="refusing"):
        database.drop()


def test_bench_settings_refuse_a_database_name_outside_byrum_bench():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "BENCH_DATABASE_NAME": "byrum",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "must start with 'byrum_bench'" in result.stderr


def test_bench_command_refuses_a_database_outside_byrum_bench():
    with pytest.raises(CommandError, match="byrum_bench"):
        call_command("bench", database="byrum")
    with pytest.raises(CommandError, match="connections"):
        runner_options = {"database": "", "connections": "x"}
        from bench.management.commands.bench import _connections

        _connections(runner_options["connections"])


@pytest.mark.parametrize("scale", [0.001, 0.013, 1])
def test_past_meetings_counts_the_meetings_before_today(scale):
    city = generate.City(scale=scale)
    before = [
        m for m in range(1, city.n("meetings") + 1) if generate._meeting_day(city, m) < city.today
    ]
    assert generate.past_meetings(city) == len(before) > 0


@pytest.mark.django_db(transaction=True)
def test_the_meeting_of_s3_has_decisions_with_action_items():
    """S3 must show the same shape at every scale factor (its queries per request are
    compared between scale factors): minutes, decisions and their action items."""
    from meetings.models import Decision

    city = generate.City(scale=TINY)
    _generate(city)
    meeting = scenarios._meeting_with_minutes(city)
    decisions = Decision.objects.filter(agenda_item__meeting_id=meeting)
    assert decisions.count() == generate.DECISIONS
    assert all(d.action_items.exists() for d in decisions)


@pytest.mark.django_db(transaction=True)
def test_the_import_measure_checks_and_imports_a_members_sheet_and_leaves_the_city_as_it_was():
    city = generate.City(scale=TINY)
    _generate(city)
    people, memberships = Person.objects.count(), Membership.objects.count()
    small = sheet_import.measure(city, 120)
    large = sheet_import.measure(city, 360)
    for result in (small, large):
        assert result["outcome"]["invalid"] == 0, result
        assert result["outcome"]["new"] + result["outcome"]["update"] > 0
        assert result["check_rows_per_second"] > 0 and result["import_rows_per_second"] > 0
    # The same queries for three times the rows (one batch): reads once per sheet.
    assert (large["check_queries"], large["import_queries"]) == (
        small["check_queries"],
        small["import_queries"],
    )
    assert "rows/s" in sheet_import.summary(large)
    # Rolled back: the benchmark's data stays as generated.
    assert (Person.objects.count(), Membership.objects.count()) == (people, memberships)
    assert not SheetImport.objects.exists()
