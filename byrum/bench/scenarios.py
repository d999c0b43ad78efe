"""The benchmark's scenarios, as data: one :class:`Scenario` per page (issue 9: S0–S6).

A scenario names the role it is logged in as, the method, a function that builds the path
from the generated city (``path(city)``: ids are arithmetic, see ``generate.City``; or use
the ORM, which runs on the bench database), an optional POST body, the status it expects
and the targets of the issue. To add one: append a ``Scenario`` to ``SCENARIOS`` (and the
generator for its data to ``generate.GENERATORS``). ``manage.py bench --scenarios S0,S3``
runs a subset.

Scenarios that wait for an app are listed in ``PENDING`` so the report says what is missing.
"""

import dataclasses
from collections.abc import Callable

from django.urls import reverse

from . import generate

# Role key -> the generated user that plays it (user id = person id, see generate.City).
ROLE_USERS = {
    "caretaker": lambda city: city.caretaker_ids()[0],
    "consultant": lambda city: city.consultant_ids()[0],
    "steering": lambda city: city.steering_ids()[0],
    "member": lambda city: city.member_ids()[0],
}


@dataclasses.dataclass(frozen=True)
class Scenario:
    key: str  # "S0" … "S6"; extra pages get their own key
    title: str
    role: str  # a key of ROLE_USERS
    path: Callable  # city -> "/path/?query"
    method: str = "GET"
    body: Callable | None = None  # city -> dict of form fields (POST); CSRF is added
    expect: int = 200  # the status every request must answer with
    contains: str = ""  # text the response body must contain (proves it is the right page)
    target_p50_ms: float | None = None
    target_p95_ms: float | None = None
    floor: bool = False  # the floor that R is measured against (exactly one scenario)
    note: str = ""  # e.g. what it stands in for


def _caretaker_local_group(city):
    """The local group of caretaker 1 (generate.groups_and_memberships puts caretaker i in
    local group i mod local_groups): about 20 current members at scale factor 1."""
    return generate.LOCAL_GROUP_FIRST_ID + (1 % city.local_groups())


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
        key="S6*",
        title="Group page (stand-in for the place page)",
        role="caretaker",
        path=lambda city: reverse("actionplan:group_detail", args=[_caretaker_local_group(city)]),
        contains="Lokalgruppe",
        target_p50_ms=5,
        note="replace with the place page (places:detail) when it lands",
    ),
]

# Scenarios of issue 9 that wait for an app, with the target they will be held to.
PENDING = {
    "S1": "steering dashboard (actionplan dashboard): p50 <= 10 ms, p95 <= 20 ms",
    "S2": "incident list with filters, first page and deep page (incidents): p50 <= 5 ms",
    "S3": "a meeting with its minutes and action items (meetings): p50 <= 5 ms",
    "S4": "overdue action items (actionplan): p50 <= 5 ms",
    "S5": "incident report POST from the phone form (incidents): p50 <= 3 ms",
    "S6": "a place page (places:detail): p50 <= 5 ms; S6* stands in until then",
}


def select(keys=None):
    """The scenarios to run: all, or those whose key is in ``keys`` (the floor always)."""
    if not keys:
        return list(SCENARIOS)
    unknown = set(keys) - {s.key for s in SCENARIOS}
    if unknown:
        raise ValueError(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    return [s for s in SCENARIOS if s.floor or s.key in keys]
