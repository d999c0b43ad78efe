"""The place page: everything about a place, and the sections later apps add."""

from pathlib import Path

import pytest

from places import sections
from places.models import Facility, Problem
from tests.actionplan.factories import PersonFactory
from tests.budgets import REQUEST_OVERHEAD
from tests.places.factories import (
    FacilityFactory,
    PlaceFactory,
    ProblemFactory,
    ProblemNoteFactory,
    UsagePatternFactory,
)

TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def klostertorvet(people):
    place = PlaceFactory(
        name="Klostertorvet",
        city="Aarhus",
        address="Klostertorvet, 8000 Aarhus C",
        local_group=people.local_group,
        usage_notes="Travlest om aftenen i sommerhalvåret.",
    )
    place.contacts.add(PersonFactory(name="Lars Vind", title="Afdelingsleder"))
    FacilityFactory(
        place=place,
        kind=Facility.Kind.TOILETS,
        state=Facility.State.OUT_OF_ORDER,
        note="Midlertidigt pissoir",
    )
    toilets = ProblemFactory(
        place=place,
        category=Problem.Category.TOILET_CONDITIONS,
        description="Toilettet har længe været ude af drift.",
    )
    ProblemNoteFactory(
        problem=toilets,
        text="Midlertidigt pissoir stillet op.",
        status=Problem.Status.BEING_ADDRESSED,
        author=people.users["consultant"],
    )
    ProblemFactory(
        place=place,
        category=Problem.Category.NOISE,
        status=Problem.Status.RESOLVED,
        resolved_on="2024-05-01",
        description="Larm om natten.",
    )
    UsagePatternFactory(place=place)
    return place


def test_it_shows_everything_about_the_place(clients, klostertorvet):
    response = clients.steering.get(klostertorvet.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Klostertorvet, 8000 Aarhus C",
        "Toiletter",
        "Ude af drift",
        "Midlertidigt pissoir",  # what is there
        "Toiletforhold",
        "Toilettet har længe været ude af drift.",  # an open problem
        "Midlertidigt pissoir stillet op.",
        "Under behandling",  # its dated note
        "1 løst problem",
        "Larm om natten.",  # resolved ones, folded away
        "Travlest om aftenen i sommerhalvåret.",
        "Sommer",
        "Aften (18–23)",
        "Travlt",  # usage
        "Lokal gruppe Arkivhaven",
        "Lars Vind",  # local group and contacts
        'data-map="detail"',
        'data-lat="',
    ]:
        assert text in html, text
    # The steering group reads but does not change.
    assert "Opdatér status" not in html
    assert "Registrér et problem" not in html


def test_consultants_and_caretakers_get_the_status_form(clients, klostertorvet):
    for client in (clients.consultant, clients.caretaker):
        html = client.get(klostertorvet.get_absolute_url()).content.decode()
        assert "Opdatér status" in html
    consultant_html = clients.consultant.get(klostertorvet.get_absolute_url()).content.decode()
    assert "Registrér et problem" in consultant_html
    assert "Redigér sted" in consultant_html


def test_a_missing_place_is_a_404(clients, db):
    assert clients.consultant.get("/places/999999/").status_code == 404


def test_later_apps_add_sections_in_order(clients, klostertorvet, settings):
    # A template of the test suite's own stands in for a later app's section template.
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    ]
    calls = []

    def incidents(request, place):
        calls.append(place.pk)
        return {"count": 3}

    sections.register(
        sections.PlaceSection(
            key="incidents",
            title="Hændelser de sidste uger",
            template="places/tests/section.html",
            order=40,
            context=incidents,
        )
    )
    sections.register(
        sections.PlaceSection(
            key="initiatives",
            title="Indsatser og fysiske tiltag",
            template="places/tests/section.html",
            order=20,
            context=lambda request, place: {},
        )
    )
    sections.register(
        sections.PlaceSection(
            key="hidden",
            title="Skjult",
            template="places/tests/section.html",
            context=lambda request, place: None,
        )
    )
    try:
        html = clients.consultant.get(klostertorvet.get_absolute_url()).content.decode()
    finally:
        for key in ("incidents", "initiatives", "hidden"):
            sections.unregister(key)

    assert calls == [klostertorvet.pk]
    assert 'id="section-incidents"' in html and "Hændelser de sidste uger" in html
    assert html.index("Indsatser og fysiske tiltag") < html.index("Hændelser de sidste uger")
    assert "section-count=3" in html
    assert "Skjult" not in html


def test_the_query_count_does_not_grow_with_problems(
    clients, people, count_queries, django_assert_max_num_queries
):
    place = PlaceFactory(local_group=people.local_group)
    url = place.get_absolute_url()

    def add_rows():
        problem = ProblemFactory(place=place)
        ProblemNoteFactory(problem=problem, author=people.users["caretaker"])
        ProblemNoteFactory(problem=problem, author=None, text="", status="being_addressed")
        place.contacts.add(PersonFactory())

    add_rows()
    FacilityFactory(place=place, kind=Facility.Kind.TOILETS)
    clients.consultant.get(url)
    one, _ = count_queries(lambda: clients.consultant.get(url))
    for _ in range(9):
        add_rows()
    FacilityFactory(place=place, kind=Facility.Kind.LIGHTING)
    # the request overhead, then: the place with its local group, facilities, usage,
    # contacts with organisations, problems, notes with authors; and the other apps'
    # sections: initiatives (1), meetings and safety walks (2), incidents per week and the
    # latest ones (2)
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 11):
        ten, response = count_queries(lambda: clients.consultant.get(url))
    assert len(response.context["open_problems"]) == 10
    assert one == ten


def test_the_local_group_is_optional(clients, db):
    place = PlaceFactory(local_group=None)
    html = clients.local.get(place.get_absolute_url()).content.decode()
    assert "Ingen lokal gruppe dækker stedet endnu." in html
