"""The benchmark's scenarios, as data: one :class:`Scenario` per page (issue 9: S0–S6;
issue 18: S7–S9, search and exports), and one :class:`MailScenario` per way of telling many
people at once (issue 14: M1).

A scenario names the role it is logged in as, the method, a function that builds the path
from the generated city (``path(city)``: ids are arithmetic, see ``generate.City``, and are
those of the municipality the scenarios log in to, ``city.home()``; or use the ORM, which
runs on the bench database, in that municipality: ``in_home``), an optional POST body, the
status it expects
and the targets of the issue. To add one: append a ``Scenario`` to ``SCENARIOS`` (and the
generator for its data to ``generate.GENERATORS``). ``manage.py bench --scenarios S0,S3``
runs a subset. A mail scenario is measured by ``bench.mail`` (job workers and an SMTP sink,
not the load client): append it to ``MAIL_SCENARIOS``.
"""

import contextlib
import dataclasses
import datetime
from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone

from . import generate

# Role key -> the generated user that plays it, in the home municipality (user id = person
# id, see generate.City).
ROLE_USERS = {
    "caretaker": lambda city: city.home().caretaker_ids()[0],
    "consultant": lambda city: city.home().consultant_ids()[0],
    "steering": lambda city: city.home().steering_ids()[0],
    "member": lambda city: city.home().member_ids()[0],
}


@contextlib.contextmanager
def in_home(city):
    """A transaction in the municipality the scenarios log in to, for reading its rows
    with the ORM (row-level security shows no rows without one)."""
    from byrum import tenancy
    from governance.models import Municipality

    home = Municipality.objects.get(code=city.home().code)
    with tenancy.municipality(home.pk):
        yield home


@dataclasses.dataclass(frozen=True)
class Scenario:
    key: str  # "S0" … "S10"; a variant of a scenario gets a suffix ("S2deep")
    title: str
    role: str  # a key of ROLE_USERS
    path: Callable  # city -> "/path/?query"
    method: str = "GET"
    body: Callable | None = None  # city -> dict of form fields (POST); CSRF is added.
    # "{uuid}" in a value becomes a new UUID on every request (the client fills it in).
    headers: dict = dataclasses.field(default_factory=dict)  # extra request headers
    expect: int = 200  # the status every request must answer with
    contains: str = ""  # text the response body must contain (proves it is the right page)
    target_p50_ms: float | None = None
    target_p95_ms: float | None = None
    target_ttfb_ms: float | None = None  # the time to the first byte (a download)
    floor: bool = False  # the floor that R is measured against (exactly one scenario)
    # A page, whose time R compares with the floor and its SQL; a streamed download is not
    # one (its rows are read after the response has started, uncounted by the middleware).
    page: bool = True
    note: str = ""  # e.g. what it stands in for


def _caretaker_place(city):
    """Place 1: the home municipality's busiest (generate.incidents skews towards low ids),
    one of the first caretaker's places (generate.caretaker_places)."""
    return 1


def _typed_place(city):
    """The first three letters of place 1's name (its street, generate.places): what a person
    types before the suggestions are worth reading."""
    from places.models import Place

    with in_home(city):
        return Place.objects.get(pk=_caretaker_place(city)).name[:3]


def _meeting_with_minutes(city):
    """A meeting held a few weeks ago with approved minutes, decisions and action items."""
    return max(1, generate.past_meetings(city.home()) - 10)


def _cursor_years_back(city, years, **filters):
    """The list's cursor (byrum.pagination) at the newest incident ``years`` years before
    the city's today that matches ``filters``: what following "Ældre" that far gives."""
    from byrum.pagination import encode_cursor
    from incidents.models import Incident

    moment = timezone.make_aware(
        datetime.datetime.combine(
            city.today.replace(year=city.today.year - years), datetime.time.min
        )
    )
    with in_home(city):
        row = (
            Incident.objects.filter(occurred_at__lt=moment, **filters)
            .order_by("-occurred_at", "-pk")
            .values_list("occurred_at", "pk")
            .first()
        )
        if row is None:  # a tiny city: the oldest there is
            row = (
                Incident.objects.filter(**filters)
                .order_by("occurred_at", "pk")
                .values_list("occurred_at", "pk")
                .first()
            )
    return encode_cursor(*row)


def _incident_report(city):
    """What the phone's offline queue sends: a new report ID each time (the client fills
    in ``{uuid}``), a few minutes ago, at the caretaker's place."""
    when = timezone.localtime() - datetime.timedelta(minutes=5)
    return {
        "client_uuid": "{uuid}",
        "place": _caretaker_place(city),
        "category": "intoxication",
        "severity": "2",
        "people_involved": "3",
        "police_called": "on",
        "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
        "description": "Uro ved bænkene, talte situationen ned.",
    }


def _export_from(city):
    """``date_from`` for an export of about a tenth of the incidents, the newest (100,000 at
    scale factor 1): the day of the incident that many back, in Copenhagen time."""
    from incidents.models import Incident

    n = max(1, city.n("incidents") // 10)
    with in_home(city):  # the municipality the consultant who exports works in
        moment = (
            Incident.objects.order_by("-occurred_at", "-pk")
            .values_list("occurred_at", flat=True)[n - 1 : n]
            .first()
        )
    return timezone.localdate(moment).isoformat()


# Words of the generator's incident texts and minutes (generate.INCIDENT_TEXTS, MINUTES).
SEARCH_PREFIX = "toil"  # "toilettet": in a sixth of the incidents with text
SEARCH_TYPO = "toliet"  # in none: the case a plan that reads the list in order cannot afford
SEARCH_CATEGORY = "violence"  # one incident in 36 (generate.INCIDENT_CATEGORIES)
SEARCH_MINUTES = "toilet"  # "toiletforhold": in every held meeting's minutes

SCENARIOS = [
    Scenario(
        key="S0",
        title="Floor: minimal logged-in view",
        role="caretaker",
        path=lambda city: reverse("ping"),
        contains="ok",
        floor=True,
        note="/ping through the full middleware: session, user, roles, CSRF, locale",
    ),
    Scenario(
        key="S1",
        title="Steering dashboard",
        role="steering",
        path=lambda city: reverse("dashboard"),
        contains="Hændelser pr. uge",
        target_p50_ms=10,
        target_p95_ms=20,
        note="the plan in force, the last 12 weeks against the 12 before, live data",
    ),
    Scenario(
        key="S2",
        title="Incident list, filtered, first page",
        role="consultant",
        path=lambda city: reverse("incidents:list") + "?category=intoxication",
        contains="Beruselse",
        target_p50_ms=5,
    ),
    Scenario(
        key="S2deep",
        title="Incident list, filtered, deep page",
        role="consultant",
        path=lambda city: (
            reverse("incidents:list")
            + "?category=intoxication&before="
            + _cursor_years_back(city, 5, category="intoxication")
        ),
        contains="Beruselse",
        target_p50_ms=5,
        note="the 'older' link about five years back (keyset cursor)",
    ),
    Scenario(
        key="S3",
        title="Meeting with minutes and action items",
        role="consultant",
        path=lambda city: reverse("meetings:detail", args=[_meeting_with_minutes(city)]),
        contains="Referat",
        target_p50_ms=5,
    ),
    Scenario(
        key="S4",
        title="Overdue action items",
        role="steering",
        path=lambda city: reverse("actionplan:action_list") + "?overdue=yes",
        contains="Opgaver",
        target_p50_ms=5,
    ),
    Scenario(
        key="S5",
        title="Incident report POST from the phone",
        role="caretaker",
        path=lambda city: reverse("incidents:new"),
        method="POST",
        body=_incident_report,
        headers={"Accept": "application/json"},
        expect=201,
        contains='"created": true',
        target_p50_ms=3,
        note="the offline queue's request; every one a new incident",
    ),
    Scenario(
        key="S6",
        title="Place page",
        role="caretaker",
        path=lambda city: reverse("places:detail", args=[_caretaker_place(city)]),
        contains="Hændelser",
        target_p50_ms=5,
        note="the busiest place, by its caretaker",
    ),
    Scenario(
        key="S7",
        title="Incident search, free text, a word's beginning",
        role="consultant",
        path=lambda city: reverse("incidents:list") + f"?q={SEARCH_PREFIX}",
        contains="incident-row",
        target_p50_ms=5,
        note="the stored, GIN-indexed search column; matches many rows",
    ),
    Scenario(
        key="S7typo",
        title="Incident search, a word in no incident",
        role="consultant",
        path=lambda city: reverse("incidents:list") + f"?q={SEARCH_TYPO}",
        contains="Ingen hændelser passer til filtrene.",
        target_p50_ms=5,
        note="the worst case for reading the list in order: nothing matches",
    ),
    Scenario(
        key="S7filter",
        title="Incident search with a selective filter (one category)",
        role="consultant",
        path=lambda city: (
            reverse("incidents:list") + f"?q={SEARCH_PREFIX}&category={SEARCH_CATEGORY}"
        ),
        contains='id="results-heading"',
        target_p50_ms=5,
        note="the search's window is the newest 1,000 incidents of a category that has one "
        "in 36: read through the time index, ~36,000 rows",
    ),
    Scenario(
        key="S8",
        title="CSV export of a tenth of the incidents (100,000 at SF 1)",
        role="consultant",
        path=lambda city: reverse("incidents:export_csv") + f"?date_from={_export_from(city)}",
        contains="ID;Tidspunkt;Sted",
        target_ttfb_ms=5,
        page=False,
        note="streamed; the client reports the time to the first byte (TTFB); the bench "
        "settings raise the background threshold so that it is streamed",
    ),
    Scenario(
        key="S9",
        title="Decision register search",
        role="consultant",
        path=lambda city: reverse("meetings:decision_list") + f"?q={SEARCH_MINUTES}",
        contains="<mark>",
        target_p50_ms=5,
        note="minutes notes, agenda titles and decisions of 10,000 meetings; ranked",
    ),
    Scenario(
        key="S10",
        title="A consultant's home",
        role="consultant",
        path=lambda city: reverse("home"),
        contains="Mine opgaver",
        target_p50_ms=5,
        note="the page a consultant lands on after login: their open action items, next "
        "meetings and groups",
    ),
    Scenario(
        key="S11",
        title="A suggestion request of the place field",
        role="consultant",
        path=lambda city: reverse("suggest", args=["place"]) + f"?q={_typed_place(city)}",
        contains='"value": ',
        target_p50_ms=5,
        note="what the filters' place field asks as a person types (byrum/suggest.py): the "
        "first three letters of a street name, so up to 20 of the places on that street",
    ),
]


@dataclasses.dataclass(frozen=True)
class MailScenario:
    """Many people told at once, their mails sent by the job workers (bench/mail.py)."""

    key: str  # "M1" …
    title: str
    tell: Callable  # (city, count) -> how many mails it queued, in one committed transaction
    note: str = ""


def _assignments(city, count):
    """``count`` people told at once of an action item that is now theirs, in one
    transaction, as the action plan tells them (actionplan.notices): wanted at once, so one
    mail job per ``notifications.services.BATCH`` mails. The city's open action items with a
    responsible person, in turn (a tiny city has fewer than ``count``)."""
    from django.db import transaction

    from actionplan.models import ActionItem
    from notifications.models import Kind
    from notifications.services import Message, notify_many

    with in_home(city):
        items = list(
            ActionItem.objects.filter(responsible_person__isnull=False)
            .select_related("responsible_person")
            .order_by("pk")[:count]
        )
    if not items:
        raise RuntimeError("the city has no action item with a responsible person")
    messages = [
        Message(
            kind=Kind.ACTION_ASSIGNED,
            subject=f"Ny opgave til dig: {item.title}",
            body=f"Frist: {item.due:%d.%m.%Y}\n\n{item.description}" if item.due else "",
            url=item.get_absolute_url(),
            person=item.responsible_person,
        )
        for item in (items[n % len(items)] for n in range(count))
    ]
    with in_home(city), transaction.atomic():
        return len(notify_many(messages))


MAIL_SCENARIOS = [
    MailScenario(
        key="M1",
        title="Notification fan-out: mails per second",
        tell=_assignments,
        note="action items assigned to many people at once; each mail by a job, sent once",
    ),
]


def select(keys=None):
    """The page scenarios to run: all, or those whose key is in ``keys`` (the floor always).
    ``keys`` may name mail scenarios too (``select_mail``)."""
    if not keys:
        return list(SCENARIOS)
    unknown = set(keys) - {s.key for s in [*SCENARIOS, *MAIL_SCENARIOS]}
    if unknown:
        raise ValueError(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    return [s for s in SCENARIOS if s.floor or s.key in keys]


def select_mail(keys=None):
    """The mail scenarios to run: all, or those whose key is in ``keys``."""
    return [s for s in MAIL_SCENARIOS if not keys or s.key in keys]
