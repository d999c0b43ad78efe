"""Citizen involvement as data: activities counted by kind, inputs with their answers, the
plan's figures matching their lists, and the mediation log kept to the few who may read it."""

import datetime
import re

import pytest
from django.urls import reverse

from actionplan.models import InvolvementActivity, InvolvementInput
from byrum import roles
from tests.actionplan.factories import (
    ActionPlanFactory,
    InitiativeFactory,
    InvolvementActivityFactory,
    InvolvementInputFactory,
    MediationCaseFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.budgets import REQUEST_OVERHEAD
from tests.meetings.factories import DecisionFactory

pytestmark = pytest.mark.django_db

LIST = reverse("actionplan:involvement_list")
INPUTS = reverse("actionplan:input_list")
MEDIATION = reverse("actionplan:mediation_list")


def _activity_data(plan, **overrides):
    data = {
        "plan": plan.pk,
        "kind": "open_house",
        "title": "Åbent hus med æbleskiver",
        "date": "2018-11-30",
        "area": "Godsbanearealet",
        "residents": "21",
        "business_owners": "5",
        "place_users": "26",
        "volunteers": "7",
        "police": "1",
        "municipal_staff": "3",
        "summary": "",
    }
    return {**data, **overrides}


def test_a_consultant_records_an_open_house_counted_by_kind(clients):
    plan = ActionPlanFactory()
    response = clients.consultant.post(
        reverse("actionplan:involvement_create"), _activity_data(plan)
    )
    activity = InvolvementActivity.objects.get()
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    assert activity.participant_total == 63
    page = clients.steering.get(activity.get_absolute_url())
    assert "Brugere af stedet (også socialt udsatte)" in page.content.decode()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"residents": "-3"}, "residents", "Et antal kan ikke være negativt."),
        ({"residents": "mange"}, "residents", "Indtast et heltal."),
        ({"area": ""}, "area", "Vælg stedet eller beskriv området."),
        ({"date": "30-11"}, "date", "Indtast en gyldig dato."),
        ({"date": "1018-11-30"}, "date", "Tjek årstallet: 1018."),
        ({"kind": "fest"}, "kind", "Marker en gyldig valgmulighed."),
    ],
)
def test_bad_activity_input_is_refused_in_danish(clients, overrides, field, message):
    plan = ActionPlanFactory()
    response = clients.consultant.post(
        reverse("actionplan:involvement_create"), _activity_data(plan, **overrides)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in e for e in errors), errors
    assert not InvolvementActivity.objects.exists()


def test_an_initiative_of_another_plan_is_refused(clients):
    other = InitiativeFactory()
    response = clients.consultant.post(
        reverse("actionplan:involvement_create"),
        _activity_data(ActionPlanFactory(), initiative=other.pk),
    )
    assert (
        "Indsatsen hører til en anden handleplan." in response.context["form"].errors["initiative"]
    )


def test_an_input_is_recorded_and_answered_into_a_decision(clients, people):
    activity = InvolvementActivityFactory()
    decision = DecisionFactory(agenda_item__meeting__group=people.steering_group)
    clients.consultant.post(
        reverse("actionplan:input_add", args=[activity.pk]),
        {"kind": "concern", "text": "Larm ved indgangen om aftenen"},
    )
    item = InvolvementInput.objects.get()
    assert item.outcome == "open"
    response = clients.consultant.post(
        reverse("actionplan:input_answer", args=[item.pk]),
        {
            "outcome": "decision",
            "answer": "Hjerterummet holder nabomøde hvert kvartal.",
            "decision": decision.pk,
            "answered_on": "2018-12-10",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.outcome == "decision" and item.answered_by == people.users["consultant"]
    assert list(item.decisions.all()) == [decision]
    page = clients.local.get(activity.get_absolute_url()).content.decode()
    assert "Indgået i en beslutning" in page


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            {"outcome": "declined", "answer": "Nej tak"},
            "reason",
            "Angiv begrundelsen for afvisningen.",
        ),
        ({"outcome": "answered", "answer": ""}, "answer", "Skriv det svar, der blev givet."),
        (
            {"outcome": "initiative", "answer": "Ja"},
            "initiative",
            "Vælg den indsats, inputtet indgik i.",
        ),
        (
            {"outcome": "decision", "answer": "Ja"},
            "decision",
            "Vælg den beslutning, inputtet indgik i.",
        ),
        (
            {"outcome": "answered", "answer": "Ja", "answered_on": ""},
            "answered_on",
            "Angiv datoen for svaret.",
        ),
        ({"outcome": "maybe", "answer": "Ja"}, "outcome", "Marker en gyldig valgmulighed."),
    ],
)
def test_bad_answers_are_refused_in_danish(clients, data, field, message):
    item = InvolvementInputFactory()
    data = {"answered_on": "2018-12-10", **data}
    response = clients.consultant.post(reverse("actionplan:input_answer", args=[item.pk]), data)
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    item.refresh_from_db()
    assert item.outcome == "open"


def test_a_blank_input_is_refused(clients):
    activity = InvolvementActivityFactory()
    response = clients.consultant.post(
        reverse("actionplan:input_add", args=[activity.pk]), {"kind": "praise", "text": "   "}
    )
    assert response.status_code == 200
    assert not InvolvementInput.objects.exists()


def test_a_hearing_response_keeps_its_sender(clients):
    hearing = InvolvementActivityFactory(kind="hearing", title="Høring af handleplanen")
    samraad = OrganisationFactory(name="Midtbyens Samråd")
    clients.consultant.post(
        reverse("actionplan:input_add", args=[hearing.pk]),
        {
            "kind": "concern",
            "text": "Beboerne mangler en fast kontakt.",
            "sender_organisation": samraad.pk,
        },
    )
    assert InvolvementInput.objects.get().sender_organisation == samraad


def _count(html, key):
    return int(re.search(rf'data-figure-count="{key}">(\d+)<', html).group(1))


def _link(html, key):
    return (
        re.search(rf'href="([^"]+)" data-figure-link="{key}"', html).group(1).replace("&amp;", "&")
    )


def test_the_plan_pages_figures_match_their_lists(clients):
    plan = ActionPlanFactory()
    open_house = InvolvementActivityFactory(plan=plan)
    hearing = InvolvementActivityFactory(plan=plan, kind="hearing", residents=0)
    InvolvementActivityFactory()  # another plan's
    initiative = InitiativeFactory(plan=plan, citizen_driven=True)
    InvolvementInputFactory(activity=open_house)
    InvolvementInputFactory(
        activity=open_house,
        outcome="initiative",
        initiative=initiative,
        answer="Ja",
        answered_on=datetime.date(2018, 12, 1),
    )
    InvolvementInputFactory(
        activity=hearing,
        outcome="declined",
        answer="Nej",
        reason="Uden for planen",
        answered_on=datetime.date(2018, 12, 1),
    )
    MediationCaseFactory(plan=plan)
    html = clients.consultant.get(plan.get_absolute_url()).content.decode()
    expected = {
        "activities": 2,
        "inputs": 3,
        "answered": 2,
        "changed": 1,
        "hearing": 1,
        "citizen_driven": 1,
        "mediation": 1,
    }
    for key, count in expected.items():
        assert _count(html, key) == count, key
        listing = clients.consultant.get(_link(html, key))
        assert listing.context["page_obj"].paginator.count == count, key
    assert "(67 %)" in html  # two of three inputs answered
    # The steering group sees the mediation count but not the log behind it.
    steering = clients.steering.get(plan.get_absolute_url()).content.decode()
    assert _count(steering, "mediation") == 1 and 'data-figure-link="mediation"' not in steering


def test_the_dashboard_and_report_show_the_involvement_figures(clients):
    plan = ActionPlanFactory(
        status="implementation",
        period_start=datetime.date(2000, 1, 1),
        period_end=datetime.date(2100, 1, 1),
    )
    InvolvementInputFactory(activity__plan=plan)
    for url in (reverse("dashboard"), reverse("dashboard_report")):
        html = clients.steering.get(url, {"plan": plan.pk}).content.decode()
        assert _count(html, "inputs") == 1, url


def test_the_mediation_log_is_for_consultants_and_the_housing_social_worker(client, clients):
    case = MediationCaseFactory()
    worker = UserFactory(username="boligsocial", roles=[roles.HOUSING_WORKER])
    client.force_login(worker)
    assert client.get(MEDIATION).status_code == 200
    assert client.get(reverse("actionplan:mediation_edit", args=[case.pk])).status_code == 200
    assert clients.steering.get(MEDIATION).status_code == 403
    assert (
        clients.steering.get(reverse("actionplan:mediation_edit", args=[case.pk])).status_code
        == 404
    )


def test_bad_mediation_input_is_refused_in_danish(clients):
    plan = ActionPlanFactory()
    response = clients.consultant.post(
        reverse("actionplan:mediation_create"),
        {
            "plan": plan.pk,
            "date": "2018-09-04",
            "area": "",
            "conflict_kind": "noise",
            "parties": "",
            "sessions": "500",
            "outcome": "ongoing",
        },
    )
    errors = response.context["form"].errors
    assert "Vælg boligområdet eller beskriv det." in errors["area"]
    assert "Højst 100 samtaler pr. sag; opret en ny sag." in errors["sessions"]
    assert "parties" in errors


@pytest.mark.parametrize(
    "url, make",
    [
        (LIST, lambda: InvolvementActivityFactory()),
        (
            INPUTS,
            lambda: InvolvementInputFactory(
                outcome="answered", answer="Ja", answered_on=datetime.date(2018, 12, 1)
            ),
        ),
        (MEDIATION, lambda: MediationCaseFactory()),
    ],
)
def test_lists_have_a_query_budget(clients, django_assert_max_num_queries, url, make):
    for _ in range(3):
        make()
    # overhead, count, rows (+ prefetch of decisions or the access-log insert), totals, filter
    # choices drawn in Python (plans, places, groups, ...).
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 10) as one:
        clients.consultant.get(url)
    for _ in range(10):
        make()
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = clients.consultant.get(url)
    assert response.context["page_obj"].paginator.count == 13
