"""The caretaker's own page and the place page's incident section (selector + include)."""

import datetime

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from incidents.models import Incident
from incidents.selectors import place_incidents
from tests.budgets import REQUEST_OVERHEAD

from .conftest import queries
from .factories import IncidentFactory

MINE = reverse("incidents:mine")


def test_my_reports_and_this_week_at_my_places(clients, caretaker_world, places):
    old = IncidentFactory(
        place=places.klostertorvet,
        reported_by=caretaker_world.other,
        occurred_at=timezone.now() - datetime.timedelta(days=20),
    )
    response = clients.caretaker.get(MINE)
    assert [i.pk for i in response.context["my_reports"]] == [caretaker_world.own.pk]
    week = response.context["my_week"]
    assert [entry["place"] for entry in week] == [places.klostertorvet]
    this_week = {i.pk for i in week[0]["incidents"]}
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    if timezone.localtime(caretaker_world.at_my_place.occurred_at).date() >= monday:
        assert this_week == {caretaker_world.at_my_place.pk}
    assert old.pk not in this_week
    html = response.content.decode()
    assert "Denne uge på mine steder" in html and "Mine seneste indberetninger" in html


def test_my_page_runs_the_same_queries_for_1_or_11_reports(
    clients, caretaker_world, places, django_assert_max_num_queries
):
    few = queries(clients.caretaker, MINE)
    for _ in range(10):
        IncidentFactory(place=places.klostertorvet, reported_by=caretaker_world.caretaker)
    assert queries(clients.caretaker, MINE) == few
    # the request overhead, my reports, my places, this week's incidents there, my small
    # jobs, and the access-log row
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 5):
        clients.caretaker.get(MINE)


def test_weekly_counts_cover_12_weeks_with_empty_weeks(places):
    today = datetime.date(2025, 6, 11)  # a Wednesday
    cph = timezone.get_current_timezone()
    at = lambda d, h=12: datetime.datetime.combine(d, datetime.time(h), tzinfo=cph)  # noqa: E731
    IncidentFactory(place=places.klostertorvet, occurred_at=at(datetime.date(2025, 6, 9), 0))
    IncidentFactory(
        place=places.klostertorvet,
        occurred_at=at(datetime.date(2025, 6, 10)),
        category="good_contact",
    )
    IncidentFactory(place=places.klostertorvet, occurred_at=at(datetime.date(2025, 6, 8), 23))
    IncidentFactory(place=places.klostertorvet, occurred_at=at(datetime.date(2025, 3, 24)))
    IncidentFactory(place=places.klostertorvet, occurred_at=at(datetime.date(2025, 3, 23)))
    IncidentFactory(place=places.arkivpladsen, occurred_at=at(datetime.date(2025, 6, 10)))
    rows = Incident.objects.for_place(places.klostertorvet).weekly_counts(weeks=12, today=today)
    assert len(rows) == 12
    assert rows[0] == {"week": datetime.date(2025, 3, 24), "count": 1, "positive": 0}
    assert rows[-2] == {"week": datetime.date(2025, 6, 2), "count": 1, "positive": 0}
    assert rows[-1] == {"week": datetime.date(2025, 6, 9), "count": 2, "positive": 1}
    assert sum(row["count"] for row in rows) == 4


def test_weekly_counts_are_one_query(places, django_assert_num_queries):
    for _ in range(5):
        IncidentFactory(place=places.klostertorvet)
    with django_assert_num_queries(1):
        Incident.objects.for_place(places.klostertorvet).weekly_counts(weeks=12)


def render_section(user, place):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "incidents/includes/place_incidents.html",
        {"section": place_incidents(user, place)},
        request=request,
    )


def test_the_place_section_shows_what_the_user_may_see(people, caretaker_world, places):
    consultant = render_section(people.users["consultant"], places.kildeparken)
    assert "1 hændelse på 12 uger" in consultant
    # the caretaker does not work at Kildeparken and did not report there
    caretaker = render_section(people.users["caretaker"], places.kildeparken)
    assert "0 hændelser på 12 uger" in caretaker
    assert render_section(people.users["local"], places.kildeparken).strip() == ""
    assert render_section(people.users["outsider"], places.kildeparken).strip() == ""


def test_the_place_page_shows_the_incident_section_and_logs_the_read(clients, people, places):
    from byrum.models import AccessLog

    incident = IncidentFactory(place=places.klostertorvet)
    body = clients.steering.get(places.klostertorvet.get_absolute_url()).content.decode()
    assert "Hændelser de seneste 12 uger" in body
    log = AccessLog.objects.get(user=people.users["steering"])
    assert log.action == AccessLog.Action.LISTED and log.object_ids == [str(incident.pk)]
    body = clients.local.get(places.klostertorvet.get_absolute_url()).content.decode()
    assert "Hændelser de seneste 12 uger" not in body


def test_the_place_section_is_two_queries(
    people, caretaker_world, places, django_assert_num_queries
):
    consultant = people.users["consultant"]
    consultant.has_perm("incidents.view_incident")  # permissions are cached per user object
    from byrum.roles import roles_of

    roles_of(consultant)
    with django_assert_num_queries(2):
        place_incidents(consultant, places.klostertorvet)
