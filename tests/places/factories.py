import datetime
from decimal import Decimal

import factory

from places.models import Facility, Place, Problem, ProblemNote, UsagePattern


class PlaceFactory(factory.django.DjangoModelFactory):
    """The one Place factory of the test suite (other apps' tests import it)."""

    class Meta:
        model = Place
        django_get_or_create = ["name", "city"]  # the natural key, unique ignoring case

    name = factory.Sequence(lambda n: f"Plads {n}")
    kind = Place.Kind.SQUARE
    city = "Aalborg"
    # Around Aalborg's Midtby, a little apart so the map has distinct markers.
    latitude = factory.Sequence(lambda n: Decimal("57.040000") + Decimal(n % 50) / 10000)
    longitude = factory.Sequence(lambda n: Decimal("9.910000") + Decimal(n % 50) / 10000)
    address = ""
    description = "En plads i Midtbyen."


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    place = factory.SubFactory(PlaceFactory)
    kind = Facility.Kind.BENCHES
    state = Facility.State.GOOD


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Problem

    place = factory.SubFactory(PlaceFactory)
    category = Problem.Category.WASTE
    description = "Efterladenskaber på pladsen."
    severity = Problem.Severity.MEDIUM
    source = Problem.Source.CONTEXT_ANALYSIS
    observed_on = datetime.date(2024, 3, 1)
    status = Problem.Status.OPEN


class ProblemNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProblemNote

    problem = factory.SubFactory(ProblemFactory)
    date = datetime.date(2024, 3, 2)
    text = "Talt med brugerne af pladsen."


class UsagePatternFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UsagePattern

    place = factory.SubFactory(PlaceFactory)
    season = UsagePattern.Season.SUMMER
    time_of_day = UsagePattern.TimeOfDay.EVENING
    level = UsagePattern.Level.BUSY
