"""Every figure belongs to its plan (issue 13, "Plans scope their figures"): two plans of one
municipality with different places and groups. The dashboard, the council report and the
workbook of each count only the incidents and small jobs at its places and the overdue
items of its groups and initiatives; every figure links to a list that shows the same
count; and the query counts do not grow with the other plan's rows."""

import datetime
import io
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actionplan.models import Assessment
from byrum import tenancy
from tests.actionplan.factories import (
    ActionItemFactory,
    ActionPlanFactory,
    AssessmentFactory,
    GoalFactory,
    GroupFactory,
    InitiativeFactory,
    OrganisationFactory,
)
from tests.incidents.factories import IncidentFactory, PlaceFactory, SmallJobFactory

from .conftest import UNTIL, cph
from .test_dashboard import DASHBOARD_QUERIES

IN_PERIOD = cph(2026, 3, 4, 12)  # week 10, in the period of the 12 weeks ending with week 11
BEFORE = cph(2025, 12, 10, 12)  # in the 12 weeks before


def _incidents(place, n, when=IN_PERIOD, **fields):
    for i in range(n):
        IncidentFactory(place=place, occurred_at=when + datetime.timedelta(minutes=i), **fields)


@pytest.fixture
def plans(people):
    """Nord (Arkivpladsen, Kildeparken; the working group) and Syd (Frederikstorv; the local
    group), in the same municipality; Bispetorv belongs to neither."""
    today = timezone.localdate()
    arkiv, kilde = PlaceFactory(name="Arkivpladsen"), PlaceFactory(name="Kildeparken")
    frederik, bispe = PlaceFactory(name="Frederikstorv"), PlaceFactory(name="Bispetorv")
    north_group = GroupFactory(name="Arbejdsgruppe Nord", kind="working")
    south_group = GroupFactory(name="Lokal gruppe Syd", kind="local")
    north = ActionPlanFactory(
        title="Plan Nord",
        period_start=datetime.date(2025, 6, 1),
        period_end=datetime.date(2027, 5, 31),
    )
    south = ActionPlanFactory(
        title="Plan Syd",
        period_start=datetime.date(2025, 6, 1),
        period_end=datetime.date(2027, 5, 31),
    )
    north.places.set([arkiv, kilde])
    north.groups.set([north_group])
    south.places.set([frederik])
    south.groups.set([south_group])

    # Incidents: Nord 3 in the period (a good contact, violence with the police) and 1 before;
    # Syd 4 (one with an ambulance) and 2 before; Bispetorv 5, counted by neither.
    _incidents(arkiv, 1, category="good_contact")
    _incidents(arkiv, 1, category="violence", police_called=True)
    _incidents(kilde, 1)
    _incidents(kilde, 1, when=BEFORE)
    _incidents(frederik, 3)
    _incidents(frederik, 1, category="noise", ambulance_called=True)
    _incidents(frederik, 2, when=BEFORE, category="de_escalation")
    _incidents(bispe, 5, category="violence", police_called=True)
    for place, jobs in ((arkiv, 1), (frederik, 2), (bispe, 3)):
        for _ in range(jobs):
            SmallJobFactory(place=place, date=datetime.date(2026, 3, 3))

    # Overdue items: Nord 2 (its group's, its initiative's), Syd 3, one of no plan.
    police = OrganisationFactory(name="Nordjyllands Politi", kind="police")
    north_initiative = InitiativeFactory(plan=north, title="Belysning ved Kildeparken")
    late = today - datetime.timedelta(days=5)
    ActionItemFactory(group=north_group, responsible_organisation=police, due=late)
    ActionItemFactory(initiative=north_initiative, responsible_organisation=police, due=late)
    for _ in range(3):
        ActionItemFactory(group=south_group, responsible_organisation=police, due=late)
    ActionItemFactory(group=GroupFactory(name="Uden plan"), due=late)

    # Goals: Nord 2 on track and 1 not assessed; Syd 1 off track.
    for text in ("Færre konflikter", "Flere gode kontakter"):
        AssessmentFactory(
            goal=GoalFactory(plan=north, text=text),
            date=datetime.date(2026, 2, 1),
            status=Assessment.Status.ON_TRACK,
        )
    GoalFactory(plan=north, text="Et nyt toilet")
    AssessmentFactory(
        goal=GoalFactory(plan=south, text="Tryggere torv"),
        date=datetime.date(2026, 1, 10),
        status=Assessment.Status.OFF_TRACK,
    )
    return SimpleNamespace(
        north=north,
        south=south,
        places=SimpleNamespace(arkiv=arkiv, kilde=kilde, frederik=frederik, bispe=bispe),
    )


def _query(plan):
    return f"?plan={plan.pk}&weeks=12&until={UNTIL.isoformat()}"


EXPECTED = {
    # plan: incidents now/before, good contacts, police, ambulance, small jobs, overdue,
    # goals on track / off track / not assessed, the places in the place table
    "north": (3, 1, 1, 1, 0, 1, 2, (2, 0, 1), ["Arkivpladsen", "Kildeparken"]),
    "south": (4, 2, 0, 0, 1, 2, 3, (0, 1, 0), ["Frederikstorv"]),
}


@pytest.mark.parametrize("which", ["north", "south"])
def test_each_dashboard_counts_only_its_own_plans_places_and_groups(clients, plans, which):
    plan = getattr(plans, which)
    now, before, good, police, ambulance, jobs, overdue, goals, places = EXPECTED[which]
    context = clients.steering.get(reverse("dashboard") + _query(plan)).context
    assert context["plan"] == plan
    totals = context["incident_totals"]
    assert (totals["now"]["total"], totals["before"]["total"]) == (now, before)
    assert totals["now"]["good_contact"] == good
    assert (totals["now"]["police"], totals["now"]["ambulance"]) == (police, ambulance)
    assert sum(w["count"] for w in context["incident_weeks"]["weeks"]) == now
    assert sum(w["previous"] for w in context["incident_weeks"]["weeks"]) == before
    assert sum(c["count"] for c in context["categories"]) == now
    assert sorted(p["name"] for p in context["place_weeks"]["places"]) == places
    assert context["small_jobs"]["count"] == jobs
    assert context["overdue_count"] == overdue
    counts = {row["status"]: row["count"] for row in context["goals"]["counts"]}
    assert (counts["on_track"], counts["off_track"], context["goals"]["unassessed"]) == goals


def _links(context):
    """Every figure of the dashboard with its link and the count it shows: (url, count)."""
    totals = context["incident_totals"]
    for when in ("now", "before"):
        t = totals[when]
        yield t["url"], t["total"]
        for key in ("good_contact", "de_escalation", "police", "ambulance"):
            yield t[f"{key}_url"], t[key]
    for week in context["incident_weeks"]["weeks"]:
        yield week["url"], week["count"]
        yield week["previous_url"], week["previous"]
    for row in context["categories"]:
        yield row["url"], row["count"]
        yield row["previous_url"], row["previous"]
    for place in context["place_weeks"]["places"]:
        yield place["url"], place["total"]
        yield place["previous_url"], place["previous"]
        for cell in place["cells"]:
            if cell["count"]:
                yield cell["url"], cell["count"]
    jobs = context["small_jobs"]
    yield jobs["url"], jobs["count"]
    for place in jobs["places"]:
        yield place["url"], place["count"]
    yield context["overdue_url"], context["overdue_count"]
    for row in context["overdue"]["by_group"] + context["overdue"]["by_organisation"]:
        yield row["url"], row["count"]
    initiatives = context["initiatives"]
    yield initiatives["url"], initiatives["total"]
    for row in initiatives["rows"]:
        yield row["url"], row["total"]
    goals = context["goals"]
    for row in goals["counts"]:
        yield row["url"], row["count"]
    yield goals["unassessed_url"], goals["unassessed"]
    yield goals["url"], goals["total"]


def _listed(client, url):
    """How many rows the list behind a figure shows."""
    context = client.get(url).context
    name = urlsplit(url).path
    if name == reverse("incidents:list"):
        return context["count"]
    if name == reverse("incidents:smalljob_list"):
        return context["totals"]["jobs"]
    return context["page_obj"].paginator.count


@pytest.mark.parametrize("which", ["north", "south"])
def test_every_figure_links_to_a_list_with_the_same_count(clients, plans, which):
    plan = getattr(plans, which)
    context = clients.steering.get(reverse("dashboard") + _query(plan)).context
    links = list(_links(context))
    assert len(links) > 40
    wrong = [
        (url, count, listed)
        for url, count in links
        if (listed := _listed(clients.steering, url)) != count
    ]
    assert not wrong
    # The lists say which plan: the links carry it (a place's links name the place).
    for url, _count in links:
        query = parse_qs(urlsplit(url).query)
        assert query.get("plan") == [str(plan.pk)] or "place" in query, url


def test_the_goal_figures_list_exactly_those_goals(clients, plans):
    goals = clients.steering.get(reverse("dashboard") + _query(plans.north)).context["goals"]
    on_track = next(row for row in goals["counts"] if row["status"] == "on_track")
    listed = clients.steering.get(on_track["url"]).context["page_obj"].object_list
    assert {g.text for g in listed} == {"Færre konflikter", "Flere gode kontakter"}
    unassessed = clients.steering.get(goals["unassessed_url"])
    assert [g.text for g in unassessed.context["page_obj"].object_list] == ["Et nyt toilet"]
    assert "Ikke vurderet endnu" in unassessed.content.decode()


@pytest.mark.parametrize("which", ["north", "south"])
def test_the_report_and_the_workbook_count_only_their_plan(clients, plans, which):
    plan = getattr(plans, which)
    now, before, _good, police, ambulance, jobs, overdue, _goals, places = EXPECTED[which]
    report = clients.steering.get(reverse("dashboard_report") + _query(plan))
    assert report.context["incident_totals"]["now"]["total"] == now
    assert report.context["small_jobs"]["count"] == jobs
    assert report.context["overdue_count"] == overdue
    assert [p.name for p in report.context["area"]["places"]] == places
    html = report.content.decode()
    assert ", ".join(places) in html
    assert "Bispetorv" not in html

    response = clients.steering.get(reverse("dashboard_report_xlsx") + _query(plan))
    workbook = load_workbook(io.BytesIO(response.content))
    totals = {r[0]: r[1:] for r in workbook["Hændelser i alt"].iter_rows(values_only=True)}
    assert totals["Hændelser"] == (now, before)
    assert totals["Politi tilkaldt"][0] == police
    assert totals["Ambulance tilkaldt"][0] == ambulance
    rows = list(workbook["Hændelser pr. sted"].iter_rows(values_only=True))[1:]
    assert sorted(r[0] for r in rows) == places
    small = {r[0]: r[1] for r in workbook["Småjobs"].iter_rows(values_only=True)}
    assert small["I alt"] == jobs
    overdue_rows = list(workbook["Forsinkede handlinger"].iter_rows(values_only=True))[1:]
    by_organisation = {r[0]: r[2] for r in overdue_rows if r[1] == "Organisation"}
    assert by_organisation == {"Nordjyllands Politi": overdue}
    status = {r[0]: r[1] for r in workbook["Planens status"].iter_rows(values_only=True)}
    assert status["Planens steder"] == ", ".join(places)


def _grow(plans):
    """Many more rows for both plans and around them: places, incidents, jobs, items."""
    today = timezone.localdate()
    for n in range(5):
        for plan in (plans.north, plans.south):
            place = PlaceFactory(name=f"{plan.title} sted {n}")
            plan.places.add(place)
            _incidents(place, 3)
            _incidents(place, 2, when=BEFORE, category="threats")
            SmallJobFactory(place=place, date=datetime.date(2026, 3, 5))
            group = GroupFactory(name=f"{plan.title} gruppe {n}")
            plan.groups.add(group)
            ActionItemFactory(group=group, due=today - datetime.timedelta(days=n + 1))
        _incidents(PlaceFactory(name=f"Uden plan {n}"), 4)


@pytest.mark.parametrize(
    "page,extra",
    [("dashboard", 0), ("dashboard_report", 10), ("dashboard_report_xlsx", 9)],
    ids=["dashboard", "report", "workbook"],
)
def test_the_query_counts_do_not_grow_with_either_plan(
    clients, plans, page, extra, django_assert_num_queries
):
    url = reverse(page) + _query(plans.north)
    with django_assert_num_queries(DASHBOARD_QUERIES + extra):
        assert clients.steering.get(url).status_code == 200
    _grow(plans)
    with django_assert_num_queries(DASHBOARD_QUERIES + extra):
        response = clients.steering.get(url)
    if page == "dashboard":
        assert response.context["incident_totals"]["now"]["total"] == 3 + 5 * 3


def test_the_plan_in_force_is_chosen_within_the_users_municipality(
    clients, plans, other_municipality
):
    today = timezone.localdate()
    in_force = {
        "status": "implementation",
        "period_start": today - datetime.timedelta(days=10),
        "period_end": today + datetime.timedelta(days=100),
    }
    with tenancy.municipality(other_municipality.pk):
        theirs = ActionPlanFactory(title="Aarhus' plan i kraft", **in_force)
    ours = ActionPlanFactory(title="Aalborgs plan i kraft", **in_force)
    response = clients.steering.get(reverse("dashboard"))
    assert response.context["plan"] == ours
    assert [p.pk for p in response.context["plans"]].count(theirs.pk) == 0
    # Asking for the other municipality's plan is a bad choice, not its figures.
    response = clients.steering.get(reverse("dashboard") + f"?plan={theirs.pk}")
    assert response.context["plan"] == ours
    assert "plan" in response.context["form"].errors
    assert "Aarhus' plan i kraft" not in response.content.decode()


def test_a_plan_without_places_says_so_and_counts_nothing(clients, plans):
    empty = ActionPlanFactory(title="Plan uden steder")
    response = clients.steering.get(reverse("dashboard") + _query(empty))
    html = response.content.decode()
    assert "Planen dækker endnu ingen steder" in html
    assert reverse("actionplan:plan_edit", args=[empty.pk]) in html
    assert response.context["incident_totals"]["now"]["total"] == 0
    assert response.context["small_jobs"]["count"] == 0
    north = clients.steering.get(reverse("dashboard") + _query(plans.north)).content.decode()
    assert "Hændelser og småjobs tælles på planens" in north
