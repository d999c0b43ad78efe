"""No input gives a 500: Hypothesis sends generated values to every form field and filter
parameter of every URL in the permission matrix (as the administrator, who reaches them all),
by GET and, where the URL takes a form, by POST. A refusal (400, a form error, 404) is fine;
an exception is not (the test client raises it)."""

import datetime
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import test_permission_matrix
from tests.conftest import client_for
from tests.matrix import app_modules

world = test_permission_matrix.world  # the matrix's objects, as a fixture
MODULES = list(app_modules())
ROWS = [row for module in MODULES for row in module.ROWS if not row.public]
# One row per URL name and method: the same view with another object adds little.
ROWS = list({(row.name, row.method): row for row in ROWS}.values())

FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')
SKIPPED = {"csrfmiddlewaretoken", "language"}
# Parameters the lists and pages read besides their visible fields.
ALWAYS = ["page", "before", "after", "q", "next", "until", "weeks", "plan", "group"]

NASTY = [
    "",
    " ",
    "\x00",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "inf",
    "9" * 30,
    "-" + "9" * 30,
    "9999-12-31",
    "0001-01-01",
    "0002-01-01",
    "2026-02-30",
    "31-12-2026",
    "i morgen",
    "2026-01-01T00:00:00+23:59_1",
    "2026-01-01T00:00:00-23:59_1",
    "9999-12-31T23:59:59Z_1",
    "0001-01-01T00:00:00+00:00_9223372036854775807",
    "_",
    "x_-1",
    "<script>",
    "' OR 1=1 --",
    "%",
    "%00",
    "\\",
    "../../etc/passwd",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "١٢٣",
    "１２",
    "\u202e",
    "true",
    "on",
    "[]",
    "{}",
    '{"type": "Polygon"}',
    "POINT(1 2)",
    "57,5",
    "999,99",
    "ab" * 3000,
]

nasty = st.sampled_from(NASTY)
values = st.one_of(
    nasty,
    nasty,
    nasty,  # three times as likely as each kind below
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d-%m-%Y") if d.year >= 1000 else d.isoformat()),
    st.datetimes(timezones=st.timezones()).map(lambda t: t.isoformat()),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
# Keyset cursors ("<time>_<pk>") with any offset PostgreSQL or Python might choke on.
cursors = st.builds(
    lambda moment, minutes, pk: (
        moment.replace(tzinfo=datetime.timezone(datetime.timedelta(minutes=minutes))).isoformat()
        + f"_{pk}"
    ),
    st.datetimes(),
    st.integers(min_value=-1439, max_value=1439),
    st.integers(min_value=-(2**64), max_value=2**64),
)
edge_dates = st.sampled_from(
    [datetime.date.min, datetime.date.max, datetime.date(2, 1, 1), datetime.date(9998, 12, 31)]
).map(lambda d: d.isoformat())
values = st.one_of(values, cursors, edge_dates)
# Texts far past any sensible length (the 1.8 MB decision), only in POSTs.
long_texts = st.integers(min_value=10_000, max_value=300_000).map(lambda n: "ord " * (n // 4))


@pytest.fixture
def admin(people):
    return client_for(people, "admin")


def _field_names(html, data):
    names = {n for n in FIELD.findall(html) if n not in SKIPPED}
    return sorted(names | set(data) | set(ALWAYS))


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.method}:{r.name}" for r in ROWS])
@settings(
    # Modest for every run; BYRUM_FUZZ_EXAMPLES=200 for a long hunt.
    max_examples=int(os.environ.get("BYRUM_FUZZ_EXAMPLES", 6)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_generated_input_gives_a_server_error(row, world, admin, data):
    client = admin
    url = row.url(world)
    given_data = row.data(world) if row.data else {}
    if not hasattr(world, "html"):  # the page as it is before any generated input
        page = client.get(url) if row.method == "get" else None
        readable = page is not None and page.status_code == 200 and not page.streaming
        world.html = page.content.decode(errors="replace") if readable else ""
    html = world.html
    names = _field_names(html, given_data)
    # Every field and parameter at once, each with its own value.
    chosen = names
    query = {name: data.draw(values, label=name) for name in chosen}
    response = client.get(url, query)
    assert response.status_code < 500, (url, query)
    if row.method == "post" or 'method="post"' in html:
        body = dict(given_data)
        for name in chosen:
            body[name] = data.draw(
                st.one_of(values, values, values, long_texts), label=f"POST {name}"
            )
        response = client.post(url, body)
        assert response.status_code < 500, (url, {k: v[:80] for k, v in body.items()})


# --- The inputs that gave a 500 before (issue 16), each with its Danish answer ------------


@pytest.mark.parametrize("url", ["dashboard", "dashboard_report", "dashboard_report_xlsx"])
@pytest.mark.parametrize(
    "query", ["until=9999-12-31", "until=0001-01-01", "weeks=52&until=0002-01-01"]
)
def test_a_period_outside_the_calendar_is_refused_in_danish(clients, url, query):
    from django.urls import reverse
    from django.utils import timezone

    from tests.actionplan.factories import ActionPlanFactory

    today = timezone.localdate()
    ActionPlanFactory(
        period_start=today.replace(day=1), period_end=today.replace(year=today.year + 1)
    )
    response = clients.steering.get(f"{reverse(url)}?{query}")
    assert response.status_code in (200, 400)
    assert "Vælg en dato mellem" in response.content.decode()


@pytest.mark.parametrize("direction", ["before", "after"])
def test_a_cursor_with_an_offset_postgresql_does_not_know_is_read_in_utc(clients, direction):
    response = clients.consultant.get(f"/incidents/?{direction}=2026-01-01T00:00:00%2B23:59_1")
    assert response.status_code == 200


def test_a_decision_of_two_megabytes_is_refused_and_kept(clients, people):
    from django.urls import reverse

    from meetings.models import Decision
    from tests.meetings.factories import AgendaItemFactory, MeetingFactory

    item = AgendaItemFactory(meeting=MeetingFactory(group=people.local_group))
    text = "beslutning " * 170_000  # 1.8 MB
    response = clients.consultant.post(
        reverse("meetings:decision_add", args=[item.pk]), {"text": text}
    )
    assert response.status_code in (200, 400)
    assert "højst have 20000 tegn" in response.content.decode()
    assert not Decision.objects.exists()


def test_minutes_of_a_megabyte_are_not_saved_and_the_editor_says_why(clients, people):
    from django.urls import reverse

    from tests.meetings.factories import AgendaItemFactory, MeetingFactory

    item = AgendaItemFactory(meeting=MeetingFactory(group=people.local_group))
    response = clients.consultant.post(
        reverse("meetings:minutes_autosave", args=[item.pk]),
        {"notes": "x" * 1_000_000, "version": ""},
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("Ikke gemt: Denne værdi må højst have 20000 tegn")
    item.refresh_from_db()
    assert item.notes == ""
