import datetime
import decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from byrum import roles
from dashboard.figures import actions as action_figures
from dashboard.figures import common, report
from dashboard.figures import incidents as incident_figures
from dashboard.figures import plan as plan_figures
from incidents.models import IncidentPlaceWeek, PlanIncidentWeek, SmallJob
from tests.actionplan.factories import ActionItemFactory, GroupFactory, OrganisationFactory
from tests.budgets import REQUEST_OVERHEAD
from tests.incidents.factories import IncidentFactory, PlaceFactory, SmallJobFactory

from .conftest import UNTIL, WEEK_10, cph

PERIOD = common.Period(until=UNTIL)
WEEK_11 = WEEK_10 + datetime.timedelta(weeks=1)


def test_period_is_whole_iso_weeks_in_copenhagen():
    assert PERIOD.first_monday == datetime.date(2025, 12, 22)
    assert PERIOD.last_sunday == datetime.date(2026, 3, 15)
    assert PERIOD.previous_monday == datetime.date(2025, 9, 29)
    assert PERIOD.start.isoformat() == "2025-12-22T00:00:00+01:00"
    assert PERIOD.dates() == {"date_from": "2025-12-22", "date_to": "2026-03-15"}


def _categories(known, plan=None):
    return incident_figures.incident_categories(
        PlanIncidentWeek.objects.all(), plan or known.plan, PERIOD
    )


def test_incidents_per_week_counts_copenhagen_weeks(known):
    plan_weeks = PlanIncidentWeek.objects.all()
    weeks = incident_figures.incidents_per_week(plan_weeks, known.plan, PERIOD)["weeks"]
    by_monday = {w["monday"]: w for w in weeks}
    assert len(weeks) == 12
    # Sunday 23:30 stays in week 10; Monday 00:30 (still Sunday in UTC) is week 11.
    assert by_monday[WEEK_10]["count"] == 3
    assert by_monday[WEEK_11]["count"] == 1
    assert by_monday[WEEK_10]["previous_monday"] == datetime.date(2025, 12, 8)
    assert by_monday[WEEK_10]["previous"] == 1
    assert sum(w["count"] for w in weeks) == 4
    assert sum(w["previous"] for w in weeks) == 2
    assert by_monday[WEEK_10]["url"] == (
        reverse("incidents:list") + f"?date_from=2026-03-02&date_to=2026-03-08&plan={known.plan.pk}"
    )


def test_incident_totals(known):
    totals = incident_figures.incident_totals(_categories(known), known.plan, PERIOD)
    now, before = totals["now"], totals["before"]
    assert (now["total"], now["good_contact"], now["de_escalation"]) == (4, 1, 1)
    assert now["positive_share"] == 50
    assert (now["police"], now["ambulance"]) == (1, 1)
    assert (before["total"], before["police"], before["positive_share"]) == (2, 1, 0)


def test_incidents_per_category(known):
    rows = {
        r["category"]: r
        for r in incident_figures.incidents_per_category(_categories(known), known.plan, PERIOD)
    }
    assert rows["internal_conflict"]["count"] == 1
    assert rows["internal_conflict"]["previous"] == 2
    assert rows["violence"]["count"] == 1
    assert rows["good_contact"]["positive"] is True
    assert "category=violence" in rows["violence"]["url"]


def test_place_week_table_puts_the_worst_place_first(known):
    table = incident_figures.incidents_per_place(
        IncidentPlaceWeek.objects.all(), known.plan, PERIOD
    )
    assert table["mondays"][-2:] == [WEEK_10, WEEK_11]
    worst, other = table["places"]
    assert worst["name"] == "Klostertorvet"
    assert [c["count"] for c in worst["cells"]][-2:] == [3, 0]
    assert (worst["total"], worst["previous"], worst["trend"]) == (3, 0, "worse")
    assert worst["cells"][-2]["level"] == 4
    assert [c["count"] for c in other["cells"]][-2:] == [0, 1]
    assert (other["total"], other["previous"], other["trend"]) == (1, 2, "better")
    assert worst["cells"][-2]["url"] == (
        reverse("incidents:list") + f"?date_from=2026-03-02&date_to=2026-03-08&place={known.a.pk}"
    )


def test_small_jobs(known):
    jobs = incident_figures.small_jobs(SmallJob.objects.all(), known.plan, PERIOD)
    assert (jobs["count"], jobs["hours"], jobs["participants"]) == (2, decimal.Decimal("3.5"), 7)
    assert [p["name"] for p in jobs["places"]] == ["Klostertorvet"]
    assert jobs["more"] == 0


def test_small_jobs_show_the_busiest_places_and_count_the_rest(known):
    for n in range(3):
        place = PlaceFactory(name=f"Plads {n}")
        known.plan.places.add(place)
        SmallJobFactory(place=place, date=PERIOD.first_monday)
    jobs = incident_figures.small_jobs(SmallJob.objects.all(), known.plan, PERIOD, limit=2)
    assert [p["name"] for p in jobs["places"]][0] == "Klostertorvet"  # two jobs: first
    assert len(jobs["places"]) == 2 and jobs["more"] == 2
    assert jobs["count"] == 5  # the totals count every place, shown or not


def test_goals_counted_by_their_status_at_the_period_end(known):
    goals = plan_figures.goal_status(known.plan, PERIOD)
    counts = {row["status"]: row["count"] for row in goals["counts"]}
    assert counts == {"on_track": 1, "at_risk": 0, "off_track": 0, "achieved": 1}
    assert goals["unassessed"] == 1
    assert [(c["goal"], c["before"], c["now"]) for c in goals["changed"]] == [
        (known.changed, "I risiko", "På rette spor")
    ]


def test_initiatives_by_status_and_track_and_the_quiet_ones(known):
    table = plan_figures.initiatives_by_status(known.plan)
    rows = {r["status"]: [c["count"] for c in r["cells"]] for r in table["rows"]}
    assert rows == {
        "idea": [0, 0],
        "planned": [0, 1],
        "in_progress": [1, 0],
        "done": [0, 1],
        "stopped": [0, 0],
    }
    assert table["total"] == 3
    assert plan_figures.quiet_initiatives(known.plan) == [known.quiet]


def test_budget(known, people):
    plan = next(p for p in plan_figures.plans(people.users["steering"]) if p.pk == known.plan.pk)
    summary = plan_figures.budget(plan)["summary"]
    assert (summary.budget, summary.allocated, summary.spent, summary.remaining) == (
        1_000_000,
        500_000,
        100_000,
        900_000,
    )


def test_overdue_actions(known, people):
    user = people.users["steering"]
    overdue = action_figures.overdue_actions(user, known.plan)
    assert [(r["name"], r["count"]) for r in overdue["by_group"]] == [("Arbejdsgruppen", 1)]
    assert [(r["name"], r["count"]) for r in overdue["by_organisation"]] == [
        ("Aalborg Kommune, Ældre og handicap", 2)
    ]
    assert action_figures.overdue_count(user, known.plan)["count"] == 2
    assert action_figures.oldest_overdue(user, known.plan) == [known.oldest, known.late]


def _more_overdue_groups(known, count):
    """``count`` more groups of the plan, each with one overdue item of its own organisation."""
    due = timezone.localdate() - datetime.timedelta(days=5)
    for n in range(count):
        group = GroupFactory(name=f"Lokalgruppe {n}", kind="local")
        known.plan.groups.add(group)
        organisation = OrganisationFactory(name=f"Forening {n}")
        ActionItemFactory(
            title=f"Opgave {n}", group=group, responsible_organisation=organisation, due=due
        )


def test_overdue_actions_draws_the_most_and_tells_how_many_more(known, people):
    _more_overdue_groups(known, 4)
    user = people.users["steering"]
    # The working group's two items first (the known late one and one more), then by name.
    ActionItemFactory(
        group=known.group,
        responsible_organisation=known.organisation,
        due=timezone.localdate() - datetime.timedelta(days=1),
    )
    overdue = action_figures.overdue_actions(user, known.plan, shown=2)
    assert [(r["name"], r["count"]) for r in overdue["by_group"]] == [
        ("Arbejdsgruppen", 2),
        ("Lokalgruppe 0", 1),
    ]
    assert overdue["more_groups"] == 3
    assert [r["name"] for r in overdue["by_organisation"]] == [
        "Aalborg Kommune, Ældre og handicap",
        "Forening 0",
    ]
    assert overdue["more_organisations"] == 3
    everything = action_figures.overdue_actions(user, known.plan)
    assert len(everything["by_group"]) == 5 and everything["more_groups"] == 0


def test_dashboard_draws_ten_groups_and_links_the_rest_to_the_plans_overdue_list(
    clients, known, query_string
):
    _more_overdue_groups(known, common.OVERDUE_ROWS_SHOWN + 2)
    response = clients.steering.get(reverse("dashboard") + query_string)
    context = response.context
    assert len(context["overdue"]["by_group"]) == common.OVERDUE_ROWS_SHOWN
    assert context["overdue"]["more_groups"] == 3  # 13 groups with overdue items
    assert context["overdue"]["more_organisations"] == 3
    html = response.content.decode()
    assert "Og 3 grupper mere." in html and "Og 3 organisationer mere." in html
    assert "Lokalgruppe 9" not in html  # not drawn (by count, then name); in the list
    listed = clients.steering.get(context["overdue_url"]).context["page_obj"].paginator.count
    assert listed == context["overdue_count"] == 2 + common.OVERDUE_ROWS_SHOWN + 2
    # The report's workbook still lists every group.
    report_context = clients.steering.get(reverse("dashboard_report") + query_string).context
    assert len(report_context["overdue"]["by_group"]) == common.OVERDUE_ROWS_SHOWN + 3


# Each figure's function, its arguments and the queries it may run, whatever the data.
# incident_totals and incidents_per_category shape incident_categories' rows: their one
# query is that of the categories, read inside the count as the page reads it.
FIGURES = [
    ("plans", lambda k, u: (u,), 1),
    ("goal_status", lambda k, u: (k.plan, PERIOD), 1),
    ("initiatives_by_status", lambda k, u: (k.plan,), 1),
    ("quiet_initiatives", lambda k, u: (k.plan,), 1),
    ("incidents_per_week", lambda k, u: (PlanIncidentWeek.objects.all(), k.plan, PERIOD), 1),
    ("incident_categories", lambda k, u: (PlanIncidentWeek.objects.all(), k.plan, PERIOD), 1),
    ("incident_totals", lambda k, u: (_categories(k), k.plan, PERIOD), 1),
    ("incidents_per_category", lambda k, u: (_categories(k), k.plan, PERIOD), 1),
    ("incidents_per_place", lambda k, u: (IncidentPlaceWeek.objects.all(), k.plan, PERIOD), 1),
    ("small_jobs", lambda k, u: (SmallJob.objects.all(), k.plan, PERIOD), 2),
    ("overdue_actions", lambda k, u: (u, k.plan), 2),
    ("overdue_count", lambda k, u: (u, k.plan), 1),
    ("oldest_overdue", lambda k, u: (u, k.plan), 1),
    ("upcoming_meetings", lambda k, u: (u,), 1),
    ("walk_follow_ups", lambda k, u: (u,), 1),
    ("minutes_waiting", lambda k, u: (u,), 1),
    ("area_and_secretariat", lambda k, u: (k.plan,), 2),
    ("goals_with_assessments", lambda k, u: (k.plan,), 2),
    ("initiative_list", lambda k, u: (k.plan,), 1),
    ("decisions", lambda k, u: (u, k.plan, PERIOD), 2),
    ("evaluation", lambda k, u: (k.plan,), 1),
]


def _more_data(known):
    """Many more incidents, places of the plan, weeks and jobs; and more of each at a place
    the plan does not cover."""
    for n in range(7):
        place = PlaceFactory(name=f"Sted {n}")
        if n < 6:
            known.plan.places.add(place)
        for week in range(11):
            IncidentFactory(
                place=place,
                occurred_at=cph(2026, 3, 4, 12) - datetime.timedelta(weeks=week, hours=n),
            )
        SmallJobFactory(place=place, date=datetime.date(2026, 3, 5))


@pytest.mark.parametrize("name,args,count", FIGURES, ids=[f[0] for f in FIGURES])
def test_each_figure_runs_a_fixed_number_of_queries(
    name, args, count, known, people, django_assert_num_queries
):
    def fresh_user():
        # As in a request: a fresh user whose permission and role caches are already filled
        # before the page's own reads.
        user = type(people.users["steering"]).objects.get(username="styregruppe")
        user.has_perm("incidents.view_incident")
        roles.roles_of(user)
        return user

    function = next(
        getattr(module, name)
        for module in (plan_figures, incident_figures, action_figures, report)
        if hasattr(module, name)
    )
    user = fresh_user()
    with django_assert_num_queries(count):
        function(*args(known, user))
    _more_data(known)
    user = fresh_user()
    with django_assert_num_queries(count):
        function(*args(known, user))


# plans, goals, initiatives ×2, incidents ×3 (categories, per week, per place), small jobs ×2,
# overdue ×4, meetings, walks, minutes, citizen involvement ×4 (activities and people,
# inputs, citizen-driven initiatives, mediation cases: actionplan.selectors.involvement_figures)
DASHBOARD_QUERIES = REQUEST_OVERHEAD + 20


def test_dashboard_query_count_does_not_grow(
    clients, known, query_string, django_assert_num_queries
):
    url = reverse("dashboard") + query_string
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert clients.steering.get(url).status_code == 200
    _more_data(known)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = clients.steering.get(url)
    assert response.context["incident_totals"]["now"]["total"] == 4 + 6 * 11


def test_dashboard_shows_the_known_figures(clients, known, query_string):
    response = clients.steering.get(reverse("dashboard") + query_string)
    html = response.content.decode()
    assert response.context["plan"] == known.plan
    assert "Handleplan for byens pladser" in html
    assert "Færre konflikter" in html  # changed status
    assert "Social vicevært" in html  # quiet initiative
    assert "900.000 kr." in html
    assert "Ryd op ved kiosken" in html
    assert '<svg viewBox="0 0 640 200"' in html
    assert '<div class="chart-table"><table class="table table-sm">' in html
    # SVG numbers are never localised (a Danish decimal comma would break the chart).
    import re

    rects = re.findall(r'<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"', html)
    assert len(rects) == 24
    assert all(float(v) >= 0 for rect in rects for v in rect)
    assert max(float(r[3]) for r in rects) == 160.0  # the week with most incidents fills it
    # The worst place first in the place × week table, linked to its filtered list.
    assert html.index("Klostertorvet") < html.index("Kildeparken")
    assert (
        f'href="/incidents/?place={known.a.pk}&amp;date_from=2025-12-22&amp;date_to=2026-03-15"'
        in html
    )


def test_a_new_incident_counts_on_the_next_load(clients, known, query_string):
    url = reverse("dashboard") + query_string
    before = clients.steering.get(url).context["incident_totals"]["now"]["total"]
    IncidentFactory(place=known.a, occurred_at=cph(2026, 3, 9, 8))
    assert clients.steering.get(url).context["incident_totals"]["now"]["total"] == before + 1


def test_the_default_is_the_plan_in_force_and_the_last_12_weeks(clients, known):
    from django.utils import timezone

    from tests.actionplan.factories import ActionPlanFactory

    today = timezone.localdate()
    in_force = ActionPlanFactory(
        title="Planen i kraft",
        period_start=today - datetime.timedelta(days=30),
        period_end=today + datetime.timedelta(days=300),
    )
    response = clients.consultant.get(reverse("dashboard"))
    assert response.context["plan"] == in_force
    period = response.context["period"]
    assert period.weeks == 12 and period.first_monday <= today <= period.last_sunday


def test_bad_input_shows_a_danish_error_and_keeps_it(clients, known):
    response = clients.steering.get(reverse("dashboard") + "?weeks=99&until=igår")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vælg mellem 1 og 52 uger." in html
    assert "Indtast en gyldig dato." in html
    assert 'value="99"' in html and 'value="igår"' in html
    # The figures fall back to the default period.
    assert response.context["period"].weeks == 12


def test_figure_links_lead_to_lists_with_the_right_rows(clients, known, query_string):
    context = clients.steering.get(reverse("dashboard") + query_string).context
    worst = context["place_weeks"]["places"][0]
    listed = clients.steering.get(worst["cells"][-2]["url"]).context["page_obj"].object_list
    assert {i.occurred_at for i in listed} == {
        cph(2026, 3, 2, 10),
        cph(2026, 3, 4, 12),
        cph(2026, 3, 8, 23, 30),
    }
    police = clients.steering.get(context["incident_totals"]["now"]["police_url"])
    assert len(police.context["page_obj"].object_list) == 1
    ambulance = clients.steering.get(context["incident_totals"]["now"]["ambulance_url"])
    assert len(ambulance.context["page_obj"].object_list) == 1
    by_org = context["overdue"]["by_organisation"][0]["url"]
    items = clients.steering.get(by_org).context
    rows = items.get("page_obj") or items.get("items")
    assert {i.title for i in rows} == {"Opsæt bænke", "Ryd op ved kiosken"}
    cell = context["initiatives"]["rows"][2]["cells"][0]  # in progress, short term
    initiatives = clients.steering.get(cell["url"]).context["page_obj"].object_list
    assert [i.title for i in initiatives] == ["Social vicevært"]


def test_report_has_every_section(clients, known, query_string):
    response = clients.steering.get(reverse("dashboard_report") + query_string)
    html = response.content.decode()
    for heading in [
        "Planens status",
        "Mål og vurderinger",
        "Indsatser og deres status",
        "Budget",
        "Udvikling i hændelser",
        "Beslutninger",
        "Evalueringsnoter",
    ]:
        assert heading in html, heading
    assert "Konflikterne falder." in html
    assert "Borgerne deltager i dialogmøderne." in html
    assert "css/dashboard.css" in html


def test_report_query_count_does_not_grow(clients, known, query_string, django_assert_num_queries):
    url = reverse("dashboard_report") + query_string
    # the plan's places and consultants, goals and assessments, initiatives, decisions (and
    # the person visible_to reads), notes, the involvement tables (activities and people by
    # kind, inputs by kind and outcome)
    expected = DASHBOARD_QUERIES + 10
    with django_assert_num_queries(expected):
        clients.steering.get(url)
    _more_data(known)
    with django_assert_num_queries(expected):
        clients.steering.get(url)


def test_workbook_has_one_sheet_per_section_with_the_same_figures(
    clients, known, query_string, django_assert_num_queries
):
    import io

    from openpyxl import load_workbook

    url = reverse("dashboard_report_xlsx") + query_string
    # The report's figures (its involvement tables included), plus its own.
    with django_assert_num_queries(DASHBOARD_QUERIES + 9):
        response = clients.steering.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="byrum-rapport-2025-12-22-2026-03-15.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Planens status",
        "Mål",
        "Indsatser",
        "Budget",
        "Hændelser pr. uge",
        "Hændelser i alt",
        "Hændelser pr. kategori",
        "Hændelser pr. sted",
        "Småjobs",
        "Forsinkede handlinger",
        "Beslutninger",
        "Evaluering",
        "Borgerinddragelse",
        "Inddragelsesaktiviteter",
        "Input og udfald",
    ]
    budget = {row[0]: row[1] for row in workbook["Budget"].iter_rows(values_only=True)}
    assert budget["Tilbage"] == 900_000
    weeks = list(workbook["Hændelser pr. uge"].iter_rows(values_only=True))
    assert weeks[0][0] == "Uge"
    assert [row[2] for row in weeks[1:]][-2:] == [3, 1]
    places = list(workbook["Hændelser pr. sted"].iter_rows(values_only=True))
    assert places[1][0] == "Klostertorvet" and places[1][-2:] == (3, 0)
    totals = {row[0]: row[1:] for row in workbook["Hændelser i alt"].iter_rows(values_only=True)}
    assert totals["Politi tilkaldt"] == (1, 1)
    assert totals["Ambulance tilkaldt"] == (1, 0)


def test_workbook_refuses_bad_choices(clients, known):
    response = clients.steering.get(reverse("dashboard_report_xlsx") + "?weeks=0")
    assert response.status_code == 400
    assert "Vælg mellem 1 og 52 uger." in response.content.decode()


def test_what_comes_next(people):
    from django.utils import timezone

    from meetings.models import Meeting, SafetyWalk
    from tests.meetings.factories import MeetingFactory, SafetyWalkFactory, at

    user = people.users["steering"]
    today = timezone.localdate()
    upcoming = MeetingFactory(title="Styregruppemøde", start=at(3))
    MeetingFactory(title="Sidste måned", start=at(-30), state=Meeting.State.MINUTES_APPROVED)
    held = MeetingFactory(title="Holdt i går", start=at(-1), state=Meeting.State.HELD)
    draft = MeetingFactory(
        title="Referat i kladde", start=at(-8), state=Meeting.State.MINUTES_DRAFT
    )
    # Six months ago minus a week: its follow-up is due within 30 days.
    due = SafetyWalkFactory(
        title="Vandring i foråret",
        state=SafetyWalk.State.COMPLETED,
        date=today - datetime.timedelta(days=175),
        completed_at=timezone.now(),
    )
    followed_up = SafetyWalkFactory(
        title="Fulgt op",
        state=SafetyWalk.State.COMPLETED,
        completed_at=timezone.now(),
        date=today - datetime.timedelta(days=200),
        follow_up_meeting=MeetingFactory(start=at(-10), state=Meeting.State.MINUTES_APPROVED),
    )
    SafetyWalkFactory(
        title="For nylig", state=SafetyWalk.State.COMPLETED, date=today, completed_at=timezone.now()
    )
    assert upcoming in action_figures.upcoming_meetings(user)
    assert held not in action_figures.upcoming_meetings(user)
    assert action_figures.minutes_waiting(user)["meetings"] == [draft, held]
    assert action_figures.walk_follow_ups(user) == [due]
    assert followed_up not in action_figures.walk_follow_ups(user)


def test_decisions_of_the_period_in_the_report(clients, known, query_string):
    from meetings.models import Meeting
    from tests.meetings.factories import AgendaItemFactory, DecisionFactory, MeetingFactory

    def decided(start, text, state=Meeting.State.MINUTES_APPROVED, group=known.group):
        meeting = MeetingFactory(start=start, state=state, group=group)
        return DecisionFactory(agenda_item=AgendaItemFactory(meeting=meeting), text=text)

    inside = decided(cph(2026, 3, 8, 23, 30), "Belysningen på Klostertorvet forbedres.")
    decided(cph(2026, 3, 16, 0, 30), "Efter perioden.")
    # Minutes not yet approved: the report cites no draft minutes, not even to a consultant.
    decided(cph(2026, 3, 3, 10), "Endnu ikke godkendt.", state=Meeting.State.MINUTES_DRAFT)
    # A group outside the plan: its decisions belong to another plan's report.
    decided(cph(2026, 3, 4, 10), "En anden gruppes beslutning.", group=GroupFactory())
    response = clients.steering.get(reverse("dashboard_report") + query_string)
    assert response.context["decisions"] == [inside]
    assert "Belysningen på Klostertorvet forbedres." in response.content.decode()
    consultant = clients.consultant.get(reverse("dashboard_report") + query_string)
    assert consultant.context["decisions"] == [inside]


def test_the_place_table_shows_the_25_worst_places_and_how_many_more(
    clients, known, query_string, django_assert_num_queries
):
    """27 more places, with 1..27 incidents in week 10: 29 places with incidents in all.
    The 25th rank is a tie at 3 incidents: Klostertorvet rose by 3, Arkivpladsen (first by
    name) only by 2, as it had one incident before. The bigger rise wins."""
    for n in range(1, 28):
        place = PlaceFactory(name="Arkivpladsen" if n == 3 else f"Sted {n:02}")
        known.plan.places.add(place)
        for i in range(n):
            IncidentFactory(
                place=place, occurred_at=cph(2026, 3, 3, 8) + datetime.timedelta(minutes=i)
            )
        if n == 3:
            IncidentFactory(place=place, occurred_at=cph(2025, 12, 1, 8))
    with django_assert_num_queries(1):
        table = incident_figures.incidents_per_place(
            IncidentPlaceWeek.objects.all(), known.plan, PERIOD
        )
    names = [p["name"] for p in table["places"]]
    assert len(names) == 25
    assert names[:3] == ["Sted 27", "Sted 26", "Sted 25"]
    assert names[-2:] == ["Sted 04", "Klostertorvet"]
    assert table["places"][-1]["change"] == 3
    assert {"Arkivpladsen", "Sted 02", "Sted 01", "Kildeparken"}.isdisjoint(names)
    assert table["more"] == 4
    assert table["url"] == (
        reverse("incidents:list") + f"?plan={known.plan.pk}&date_from=2025-12-22&date_to=2026-03-15"
    )
    html = clients.steering.get(reverse("dashboard") + query_string).content.decode()
    assert "4 steder mere havde hændelser i perioden eller perioden før." in html
    assert (
        f'<a href="/incidents/?plan={known.plan.pk}&amp;date_from=2025-12-22&amp;'
        'date_to=2026-03-15">Alle hændelser i perioden</a>'
    ) in html
    assert html.count("data-place-row") == 25


def test_the_place_table_says_nothing_more_when_every_place_is_shown(clients, known, query_string):
    html = clients.steering.get(reverse("dashboard") + query_string).content.decode()
    assert 'id="place-weeks-more"' not in html
    place_weeks = IncidentPlaceWeek.objects.all()
    assert incident_figures.incidents_per_place(place_weeks, known.plan, PERIOD)["more"] == 0
