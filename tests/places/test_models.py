"""The rules the database keeps for places, facilities, problems and usage."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from places.models import Facility, Place, Problem, ProblemNote, UsagePattern
from places.services import problem_change_status
from tests.places.factories import (
    FacilityFactory,
    PlaceFactory,
    ProblemFactory,
    UsagePatternFactory,
)


def test_a_resolved_problem_needs_its_date_in_the_database_and_in_clean(db):
    problem = ProblemFactory()
    problem.status = Problem.Status.RESOLVED
    with pytest.raises(ValidationError, match="Angiv datoen, hvor problemet blev løst."):
        problem.full_clean()
    with pytest.raises(IntegrityError, match="places_problem_resolved_on_iff_resolved"):
        problem.save()


def test_an_open_problem_has_no_resolved_date(db):
    problem = ProblemFactory(observed_on=datetime.date(2024, 1, 1))
    problem.resolved_on = datetime.date(2024, 2, 1)
    with pytest.raises(ValidationError, match="Kun et løst problem"):
        problem.full_clean()


def test_a_problem_is_not_resolved_before_it_was_observed(db):
    problem = ProblemFactory(observed_on=datetime.date(2024, 3, 1))
    problem.status = Problem.Status.RESOLVED
    problem.resolved_on = datetime.date(2024, 2, 1)
    with pytest.raises(ValidationError, match="før det blev set"):
        problem.full_clean()
    with pytest.raises(IntegrityError, match="places_problem_resolved_after_observed"):
        problem.save()


def test_resolving_a_problem_observed_later_than_today_uses_the_observed_date(db):
    # A problem dated ahead by mistake can still be resolved without breaking the rule.
    problem = ProblemFactory(observed_on=datetime.date(2024, 3, 1))
    problem_change_status(problem=problem, status="resolved", on=datetime.date(2024, 2, 1))
    assert problem.resolved_on == datetime.date(2024, 3, 1)


def test_a_note_needs_a_text_or_a_status(db):
    note = ProblemNote(problem=ProblemFactory(), text="  ", status="")
    with pytest.raises(ValidationError, match="En note skal have en tekst eller en ny status."):
        note.full_clean()
    with pytest.raises(IntegrityError, match="places_problemnote_not_empty"):
        ProblemNote.objects.create(problem=note.problem, text="", status="")


def test_one_line_per_facility_kind_but_several_others(db):
    place = PlaceFactory()
    FacilityFactory(place=place, kind=Facility.Kind.OTHER)
    FacilityFactory(place=place, kind=Facility.Kind.OTHER)
    FacilityFactory(place=place, kind=Facility.Kind.TOILETS)
    with pytest.raises(IntegrityError, match="places_facility_one_per_kind"):
        FacilityFactory(place=place, kind=Facility.Kind.TOILETS)


def test_one_usage_cell_per_season_and_time_of_day(db):
    cell = UsagePatternFactory()
    with pytest.raises(IntegrityError, match="places_usagepattern_one_per_cell"):
        UsagePatternFactory(place=cell.place)


@pytest.mark.parametrize(
    "model, field",
    [(Problem, "status"), (Problem, "category"), (Facility, "state"), (UsagePattern, "level")],
)
def test_choices_are_kept_by_the_database(db, model, field):
    factory = {
        Problem: ProblemFactory,
        Facility: FacilityFactory,
        UsagePattern: UsagePatternFactory,
    }[model]
    obj = factory()
    with pytest.raises(IntegrityError, match="_valid"):
        model.objects.filter(pk=obj.pk).update(**{field: 99 if field == "level" else "nope"})


def test_a_place_outside_denmark_is_refused_by_clean(db):
    place = Place(
        name="Rathausmarkt",
        kind="square",
        city="Hamburg",
        latitude="53.550600",
        longitude="9.992800",
    )
    with pytest.raises(ValidationError, match="uden for Danmark"):
        place.full_clean()
    place.latitude, place.longitude = "55.100900", "14.693400"  # Rønne, Bornholm
    place.full_clean()


def test_open_problem_counts_leave_out_resolved_problems(db):
    place = PlaceFactory()
    ProblemFactory(place=place)
    ProblemFactory(place=place, status="being_addressed")
    ProblemFactory(place=place, status="resolved", resolved_on=datetime.date(2024, 4, 1))
    assert Place.objects.with_open_problem_count().get().open_problem_count == 2
    assert Problem.objects.unresolved().count() == 2


def test_str_and_urls(db):
    problem = ProblemFactory(
        place=PlaceFactory(name="Arkivhaven", city="Aalborg"), category="noise"
    )
    assert str(problem.place) == "Arkivhaven (Aalborg)"
    assert str(problem) == "Støj – Arkivhaven"
    assert problem.get_absolute_url() == f"/places/{problem.place.pk}/#problem-{problem.pk}"
