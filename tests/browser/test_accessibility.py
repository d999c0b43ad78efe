"""WCAG 2.1 AA on the foundation's pages, judged by axe-core, at phone and desktop width."""

import pytest
from playwright.sync_api import expect

from byrum import roles
from tests.actionplan.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, log_in, screenshot


@pytest.fixture
def governance(transactional_db):
    consultant = UserFactory(username="konsulent", password="pw", roles=[roles.CONSULTANT])
    steering = GroupFactory(name="Styregruppen", kind="steering")
    working = GroupFactory(name="Arbejdsgruppen", kind="working", parent=steering)
    police = OrganisationFactory(name="Nordjyllands Politi", kind="police")
    person = PersonFactory(name="Anne Mølgaard", organisation=police, user=consultant)
    MembershipFactory(person=person, group=steering, role="chair")
    MembershipFactory(group=working)
    return {"group": steering, "person": person, "organisation": police}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_foundation_pages_meet_wcag_aa(new_page, governance, viewport):
    page = new_page(viewport)
    page.goto("/accounts/login/")
    assert_accessible(page, "login")
    log_in(page, "konsulent")
    pages = {
        "home": "/",
        "groups": "/groups/",
        "group": governance["group"].get_absolute_url(),
        "group-past": governance["group"].get_absolute_url() + "?past=1",
        "person": governance["person"].get_absolute_url(),
        "organisations": "/organisations/",
        "organisation": governance["organisation"].get_absolute_url(),
        "organisation-new": "/organisations/new/",
        "member-add": f"/groups/{governance['group'].pk}/members/add/",
        "password": "/accounts/password_change/",
    }
    for name, url in pages.items():
        page.goto(url)
        assert_accessible(page, name)
        # Nothing may be wider than the screen: no sideways scrolling on a phone.
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {viewport['width']}px"
        screenshot(page, f"a11y-{name}-{viewport['width']}")


def test_the_menu_works_on_a_phone(new_page, governance):
    page = new_page(PHONE)
    log_in(page, "konsulent")
    nav = page.get_by_role("navigation", name="Hovednavigation")
    menu = nav.get_by_role("button", name="Vis menu")
    groups_link = nav.get_by_role("link", name="Grupper", exact=True)
    expect(menu).to_be_visible()
    expect(groups_link).to_be_hidden()
    menu.click()
    expect(groups_link).to_be_visible()
    groups_link.click()
    page.wait_for_url("**/groups/")
    expect(page.get_by_role("heading", name="Grupper", level=1)).to_be_visible()


# --- Every page of the README's page map, as each role that sees it -----------------------

CONSULTANT, CARETAKER, STEERING, LOCAL, ADMIN = (
    "konsulent",
    "vicevaert",
    "styregruppe",
    "lokal",
    "admin",
)
EVERY_ROLE = (CONSULTANT, CARETAKER, STEERING, LOCAL)
INCIDENT_ROLES = (CONSULTANT, CARETAKER, STEERING)


@pytest.fixture
def demo(transactional_db):
    """The demo city (seed_demo): real plans, groups, meetings, walks and incidents, and the
    demo logins (password "demo")."""
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", "--demo-users", stdout=StringIO())


def _page_map(username):
    """(name, url) of every page of the README's page map that ``username`` may see, with
    records that user can open."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from actionplan.models import ActionItem, ActionPlan, Goal, Initiative
    from governance.models import Group, Organisation
    from incidents.models import Incident
    from meetings.models import Meeting, SafetyWalk
    from places.models import Place

    user = get_user_model().objects.get(username=username)
    group = Group.objects.filter(memberships__isnull=False).order_by("pk").first()
    plan = ActionPlan.objects.order_by("pk").first()
    goal = Goal.objects.filter(assessments__isnull=False).order_by("pk").first()
    initiative = Initiative.objects.filter(updates__isnull=False).order_by("pk").first()
    organisation = Organisation.objects.filter(people__isnull=False).order_by("pk").first()
    person = group.memberships.order_by("pk").first().person
    place = Place.objects.order_by("pk").first()
    pages = [
        ("home", "/", EVERY_ROLE),
        ("groups", "/groups/", EVERY_ROLE),
        ("group", group.get_absolute_url(), EVERY_ROLE),
        ("group-past", group.get_absolute_url() + "?past=1", EVERY_ROLE),
        ("group-edit", reverse("governance:group_edit", args=[group.pk]), (CONSULTANT,)),
        ("member-add", reverse("governance:membership_add", args=[group.pk]), (CONSULTANT,)),
        ("person", person.get_absolute_url(), EVERY_ROLE),
        ("organisations", "/organisations/", EVERY_ROLE),
        ("organisation", organisation.get_absolute_url(), EVERY_ROLE),
        ("organisation-new", "/organisations/new/", (CONSULTANT,)),
        ("plans", "/plans/", EVERY_ROLE),
        ("plan", plan.get_absolute_url(), EVERY_ROLE),
        ("plan-print", reverse("actionplan:plan_print", args=[plan.pk]), EVERY_ROLE),
        ("plan-edit", reverse("actionplan:plan_edit", args=[plan.pk]), (CONSULTANT,)),
        ("goals", "/goals/", EVERY_ROLE),
        ("goal", goal.get_absolute_url(), EVERY_ROLE),
        ("goal-assess", reverse("actionplan:assessment_add", args=[goal.pk]), (CONSULTANT,)),
        ("initiatives", "/initiatives/", EVERY_ROLE),
        ("initiative", initiative.get_absolute_url(), EVERY_ROLE),
        (
            "initiative-status",
            reverse("actionplan:initiative_status", args=[initiative.pk]),
            (CONSULTANT,),
        ),
        ("actions", "/actions/", EVERY_ROLE),
        ("involvement", "/involvement/", EVERY_ROLE),
        ("inputs", "/involvement/inputs/", EVERY_ROLE),
        ("mediation", "/mediation/", (CONSULTANT,)),
        ("places", "/places/", EVERY_ROLE),
        ("place", place.get_absolute_url(), EVERY_ROLE),
        ("meetings", "/meetings/", EVERY_ROLE),
        ("decisions", "/decisions/", EVERY_ROLE),
        ("calendar", "/meetings/calendar/", EVERY_ROLE),
        ("walks", "/walks/", EVERY_ROLE),
        ("dashboard", "/dashboard/", (CONSULTANT, STEERING)),
        ("report", "/dashboard/report/", (CONSULTANT, STEERING)),
        ("incident-new", "/incidents/new/", (CARETAKER,)),
        ("incidents-mine", "/incidents/mine/", (CARETAKER,)),
        ("incidents", "/incidents/", INCIDENT_ROLES),
        ("small-jobs", "/incidents/small-jobs/", INCIDENT_ROLES),
        ("import", "/import/", (CONSULTANT,)),
        ("password", "/accounts/password_change/", EVERY_ROLE),
        ("two-factor-setup", "/accounts/two-factor/setup/", (STEERING,)),
        ("history", reverse("history", args=["governance", "group", group.pk]), (CONSULTANT,)),
        ("access-log", "/access-log/", (ADMIN,)),
        ("admin", "/admin/", (ADMIN,)),
        ("admin-group", reverse("admin:governance_group_change", args=[group.pk]), (ADMIN,)),
        ("admin-people", reverse("admin:governance_person_changelist"), (ADMIN,)),
        ("admin-organisations", reverse("admin:governance_organisation_changelist"), (ADMIN,)),
        ("admin-memberships", reverse("admin:governance_membership_changelist"), (ADMIN,)),
        ("admin-user", reverse("admin:auth_user_change", args=[user.pk]), (ADMIN,)),
    ]
    # Records the user can open: the newest they see of each kind.
    item = ActionItem.objects.visible_to(user).order_by("-pk").first()
    if item:
        pages.append(("action", item.get_absolute_url(), EVERY_ROLE))
    meetings = Meeting.objects.visible_to(user).order_by("-start")
    published = meetings.filter(state=Meeting.State.MINUTES_APPROVED).first()
    if published:
        pages += [
            ("meeting", published.get_absolute_url(), EVERY_ROLE),
            ("meeting-print", reverse("meetings:print", args=[published.pk]), EVERY_ROLE),
        ]
    draft = meetings.exclude(state=Meeting.State.MINUTES_APPROVED).first()
    if draft and username == CONSULTANT:
        pages += [
            (f"meeting-{part}", reverse(f"meetings:{part}", args=[draft.pk]), (CONSULTANT,))
            for part in ("detail", "agenda", "participants", "minutes", "publish", "print")
        ]
    walk = SafetyWalk.objects.visible_to(user).filter(findings__isnull=False).first()
    if walk:
        pages.append(("walk", walk.get_absolute_url(), EVERY_ROLE))
        pages.append(
            (
                "finding-new",
                reverse("meetings:finding_create", args=[walk.pk]),
                (CONSULTANT, CARETAKER),
            )
        )
    incident = Incident.objects.visible_to(user).order_by("-pk").first()
    if incident:
        pages.append(("incident", incident.get_absolute_url(), INCIDENT_ROLES))
    return [(name, url) for name, url, who in pages if username in who]


def test_every_page_of_the_page_map_meets_wcag_aa_at_phone_and_desktop_width(new_page, demo):
    """Each role that sees a page, at 375 and 1280 px: no axe violation, no sideways
    scrolling. The demo city is seeded once; each role logs in once and its page is resized
    between the widths, so each page is loaded once per role."""
    problems = []
    for username in (CONSULTANT, CARETAKER, STEERING, LOCAL, ADMIN):
        page = new_page(DESKTOP)
        log_in(page, username, password="demo")
        for name, url in _page_map(username):
            response = page.goto(url)
            if response.status != 200:
                problems.append(f"{username} {name} {url}: status {response.status}")
                continue
            for viewport in (PHONE, DESKTOP):
                page.set_viewport_size(viewport)
                # Let the page's resize handlers run (scroll boxes become focusable regions).
                page.evaluate(
                    "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
                )
                label = f"{username} {name} ({url}) at {viewport['width']}px"
                try:
                    assert_accessible(page, label)
                except AssertionError as failure:
                    problems.append(str(failure).split("\nassert ")[0])
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                if overflow > 0:
                    problems.append(f"{label} scrolls sideways by {overflow}px")
        page.context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
