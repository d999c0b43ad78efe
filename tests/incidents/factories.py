import datetime
import decimal
import uuid

import factory
from django.utils import timezone

from incidents.models import CaretakerPlace, Incident, SmallJob
from tests.actionplan.factories import UserFactory
from tests.places.factories import PlaceFactory  # noqa: F401 (re-exported)


class CaretakerPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaretakerPlace

    user = factory.SubFactory(UserFactory)
    place = factory.SubFactory(PlaceFactory)


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    client_uuid = factory.LazyFunction(uuid.uuid4)
    place = factory.SubFactory(PlaceFactory)
    occurred_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=2))
    category = Incident.Category.INTERNAL_CONFLICT
    severity = Incident.Severity.LOW
    people_involved = 2
    description = "Højlydt skænderi ved bænkene, faldt til ro efter snak."
    reported_by = factory.SubFactory(UserFactory)


class SmallJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SmallJob

    client_uuid = factory.LazyFunction(uuid.uuid4)
    date = factory.LazyFunction(timezone.localdate)
    place = factory.SubFactory(PlaceFactory)
    task = SmallJob.Task.CLEANING
    participants = 3
    hours = decimal.Decimal("1.5")
    reported_by = factory.SubFactory(UserFactory)
