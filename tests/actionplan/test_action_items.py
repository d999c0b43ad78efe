"""Action items: who sees which, the list and its filters, one-tap done / reopen, overdue
standing out, the form, and "my action items" on the home page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplan.models import ActionItem
from tests.actionplan.factories import (
    ActionItemFactory,
    GroupFactory,
    InitiativeFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)
LIST = reverse("actionplan:action_list")


@pytest.fixture
def items(people):
    """One item of each kind of belonging, seen from the local member's chair."""
    local = people.persons["local"]
    other_group = GroupFactory(name="Arbejdsgruppen")
    return {
        "own": ActionItemFactory(title="Egen opgave", responsible_person=local),
        "group": ActionItemFactory(title="Gruppens opgave", group=people.local_group),
        "organisation": ActionItemFactory(
            title="Organisationens opgave", responsible_organisation=local.organisation
        ),
        "other": ActionItemFactory(title="Andres opgave", group=other_group),
    }


def _titles(response):
    return {item.title for item in response.context["page_obj"]}


def test_group_members_see_their_own_groups_and_organisations_items(clients, items):
    response = clients.local.get(LIST)
    assert _titles(response) == {"Egen opgave", "Gruppens opgave", "Organisationens opgave"}


def test_the_steering_group_and_consultants_see_every_item(clients, items):
    everything = {item.title for item in items.values()}
    assert _titles(clients.steering.get(LIST)) == everything
    assert _titles(clients.consultant.get(LIST)) == everything


def test_a_past_membership_no_longer_shows_the_groups_items(clients, people, items):
    people.local_group.memberships.filter(person=people.persons["local"]).update(
        start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31)
    )
    assert "Gruppens opgave" not in _titles(clients.local.get(LIST))


def test_an_item_outside_ones_groups_is_a_404(clients, items):
    response = clients.local.get(reverse("actionplan:action_detail", args=[items["other"].pk]))
    assert response.status_code == 404


def test_visible_to_without_a_person_is_empty(people, items):
    assert not ActionItem.objects.visible_to(people.users["outsider"]).exists()


# --- Filters ---------------------------------------------------------------------------------


def test_filters(clients, people):
    police = OrganisationFactory(name="Nordjyllands Politi", kind="police")
    group = GroupFactory(name="Koordinerende gruppe")
    initiative = InitiativeFactory()
    person = PersonFactory(name="Morten Bækgaard")
    ActionItemFactory(title="Politiets", responsible_organisation=police, group=group)
    ActionItemFactory(title="Mortens", responsible_person=person, due=YESTERDAY)
    ActionItemFactory(title="Fra indsats", initiative=initiative, source="initiative")
    ActionItemFactory(title="Udført", status="done", done_on=TODAY, due=YESTERDAY)

    def titles(**params):
        return _titles(clients.consultant.get(LIST, params))

    assert titles(organisation=police.pk) == {"Politiets"}
    assert titles(group=group.pk) == {"Politiets"}
    assert titles(responsible=person.pk) == {"Mortens"}
    assert titles(overdue="yes") == {"Mortens"}
    assert "Mortens" not in titles(overdue="no") and "Udført" in titles(overdue="no")
    assert titles(status="done") == {"Udført"}
    assert titles(source="initiative") == {"Fra indsats"}


def test_overdue_items_stand_out_in_the_list(clients):
    ActionItemFactory(title="For sent", due=YESTERDAY)
    ActionItemFactory(title="I god tid", due=TODAY + datetime.timedelta(days=3))
    html = clients.consultant.get(LIST).content.decode()
    late = html.index("For sent")
    assert html.count("is-overdue") == 1
    assert html.rindex("is-overdue", 0, late) > html.rfind("I god tid", 0, late)
    assert "Overskredet" in html


def test_the_most_urgent_items_come_first(clients):
    ActionItemFactory(title="Senere", due=TODAY + datetime.timedelta(days=30))
    ActionItemFactory(title="Udført", status="done", done_on=TODAY, due=YESTERDAY)
    ActionItemFactory(title="Uden frist", due=None)
    ActionItemFactory(title="For sent", due=YESTERDAY)
    response = clients.consultant.get(LIST)
    assert [i.title for i in response.context["page_obj"]] == [
        "For sent",
        "Senere",
        "Uden frist",
        "Udført",
    ]


def test_action_list_query_count_does_not_grow(clients, people, django_assert_max_num_queries):
    def make(n):
        initiative = InitiativeFactory()
        for i in range(n):
            ActionItemFactory(
                responsible_person=people.persons["local"],
                group=people.local_group,
                initiative=initiative,
                source="initiative",
                due=YESTERDAY if i % 2 else TODAY,
            )

    make(1)
    with django_assert_max_num_queries(20) as one:
        clients.local.get(LIST)
    make(9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = clients.local.get(LIST)
    assert len(response.context["page_obj"]) == 10


# --- Mark done / reopen ----------------------------------------------------------------------


def test_a_member_marks_their_own_item_done_in_one_tap(clients, people, items):
    item = items["own"]
    response = clients.local.post(reverse("actionplan:action_done", args=[item.pk]), {"next": LIST})
    assert response.status_code == 302 and response["Location"] == LIST
    item.refresh_from_db()
    assert (item.status, item.done_on, item.done_by) == ("done", TODAY, people.users["local"])

    clients.local.post(reverse("actionplan:action_reopen", args=[item.pk]))
    item.refresh_from_db()
    assert (item.status, item.done_on, item.done_by) == ("open", None, None)


def test_a_member_may_not_mark_the_groups_other_items_done(clients, items):
    response = clients.local.post(reverse("actionplan:action_done", args=[items["group"].pk]))
    assert response.status_code == 403
    items["group"].refresh_from_db()
    assert items["group"].status == "open"


def test_mark_done_only_follows_local_next_urls(clients, items):
    response = clients.local.post(
        reverse("actionplan:action_done", args=[items["own"].pk]),
        {"next": "https://evil.example.org/"},
    )
    assert response["Location"] == items["own"].get_absolute_url()


def test_mark_done_is_post_only(clients, items):
    response = clients.local.get(reverse("actionplan:action_done", args=[items["own"].pk]))
    assert response.status_code == 405


def test_the_list_offers_mark_done_only_where_the_user_may(clients, items):
    html = clients.local.get(LIST).content.decode()
    assert reverse("actionplan:action_done", args=[items["own"].pk]) in html
    assert reverse("actionplan:action_done", args=[items["group"].pk]) not in html


# --- The form --------------------------------------------------------------------------------


def test_consultant_creates_an_item_for_an_organisation_without_logins(clients):
    police = OrganisationFactory(name="Nordjyllands Politi", kind="police")
    initiative = InitiativeFactory()
    response = clients.consultant.post(
        reverse("actionplan:action_create"),
        {
            "title": "Aftal fælles registrering",
            "responsible_organisation": police.pk,
            "initiative": initiative.pk,
            "due": "2099-06-01",
            "status": "open",
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get(title="Aftal fælles registrering")
    assert (item.responsible_organisation, item.initiative, item.source) == (
        police,
        initiative,
        "initiative",
    )


def test_an_item_without_anyone_responsible_is_refused_in_danish(clients):
    response = clients.consultant.post(
        reverse("actionplan:action_create"), {"title": "Ingen ansvarlig", "status": "open"}
    )
    assert response.status_code == 200
    assert "Angiv en ansvarlig person eller organisation" in response.content.decode()
    assert 'value="Ingen ansvarlig"' in response.content.decode()
    assert not ActionItem.objects.exists()


def test_create_from_an_initiative_prefills_it(clients):
    initiative = InitiativeFactory()
    response = clients.consultant.get(
        reverse("actionplan:action_create"), {"initiative": initiative.pk}
    )
    assert response.context["form"].initial["initiative"] == initiative


def test_edit_form_cannot_mark_done(clients, items):
    response = clients.consultant.post(
        reverse("actionplan:action_edit", args=[items["own"].pk]),
        {
            "title": "Egen opgave",
            "responsible_person": items["own"].responsible_person_id,
            "status": "done",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["status"]


def test_action_detail_query_count(clients, items, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):  # 13, and the bell's unread count
        response = clients.local.get(reverse("actionplan:action_detail", args=[items["own"].pk]))
    assert response.status_code == 200


# --- Home page -------------------------------------------------------------------------------


def test_home_shows_my_open_items_with_overdue_standing_out(clients, people):
    local = people.persons["local"]
    ActionItemFactory(title="Min forsinkede", responsible_person=local, due=YESTERDAY)
    ActionItemFactory(title="Min næste", responsible_person=local, due=TODAY)
    ActionItemFactory(title="Min udførte", responsible_person=local, status="done", done_on=TODAY)
    ActionItemFactory(title="En andens", responsible_person=people.persons["steering"])

    response = clients.local.get(reverse("home"))
    html = response.content.decode()

    assert [i.title for i in response.context["my_action_items"]] == ["Min forsinkede", "Min næste"]
    assert response.context["my_overdue_count"] == 1
    assert "Mine opgaver" in html and "Mine grupper" in html
    assert "1 overskredet" in html
    assert "Min udførte" not in html and "En andens" not in html
    assert html.count("is-overdue") == 1


def test_home_query_count_is_bounded(clients, people, django_assert_max_num_queries):
    local = people.persons["local"]
    ActionItemFactory(responsible_person=local, due=YESTERDAY)
    with django_assert_max_num_queries(20) as one:
        clients.local.get(reverse("home"))
    for _ in range(20):
        ActionItemFactory(responsible_person=local, due=YESTERDAY)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = clients.local.get(reverse("home"))
    assert len(response.context["my_action_items"]) == 8
    assert response.context["my_action_items_more"]


def test_home_without_a_person_has_no_action_items(clients):
    response = clients.outsider.get(reverse("home"))
    assert "Mine opgaver" not in response.content.decode()


def test_unlinking_the_initiative_makes_the_item_entered_directly(clients):
    item = ActionItemFactory(initiative=InitiativeFactory(), source="initiative")
    response = clients.consultant.post(
        reverse("actionplan:action_edit", args=[item.pk]),
        {
            "title": item.title,
            "responsible_organisation": item.responsible_organisation_id,
            "status": "in_progress",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.initiative, item.source, item.status) == (None, "other", "in_progress")
