"""The roles of Byrum's users, kept as Django auth groups (created by a data migration).

The group names are data (Danish, as the municipality names them); the interface shows
the translated labels below.
"""

from django.apps import apps as global_apps
from django.db.models import Value
from django.utils.translation import gettext_lazy as _

CONSULTANT = "Konsulent"
CARETAKER = "Social vicevært"
STEERING = "Styregruppe"
MEMBER = "Gruppemedlem"
HOUSING_WORKER = "Boligsocial medarbejder"

ROLES = {
    CONSULTANT: _("Consultant"),
    CARETAKER: _("Social caretaker"),
    STEERING: _("Steering group member"),
    MEMBER: _("Group member"),
    HOUSING_WORKER: _("Housing social worker"),
}


def _crud(app, models, actions=("view", "add", "change")):
    return [f"{app}.{action}_{model}" for model in models for action in actions]


GOVERNANCE = ["organisation", "person", "group", "membership"]
PLACES = ["place", "facility", "problem", "problemnote", "usagepattern"]
ACTION_PLAN = [
    "actionplan",
    "approvalstep",
    "timelineactivity",
    "goal",
    "assessment",
    "initiative",
    "initiativeupdate",
    "actionitem",
    "involvementactivity",
    "involvementinput",
]
# The mediation log is about named neighbours' conflicts, kept without names; even so only
# the consultants and the housing social worker read it (seed 003).
MEDIATION = ["mediationcase"]

MEETINGS = [
    "meeting",
    "agendaitem",
    "participant",
    "decision",
    "safetywalk",
    "walkparticipant",
    "finding",
]

# What each role may do, as "app_label.codename". Each app adds its block; a migration of the
# app calls sync_roles() so the database follows.
PERMISSIONS = {
    # The access log (byrum.view_accesslog) is for the consultants an administrator names,
    # not for the whole role: grant it to them in the admin.
    CONSULTANT: [
        *_crud("governance", GOVERNANCE),
        *_crud("actionplan", ACTION_PLAN),
        *_crud("places", PLACES),
        "places.change_problem_status",
        "byrum.view_history",
    ],
    # Caretakers are on the square every day: they may also mark a problem's status.
    CARETAKER: [
        *_crud("governance", GOVERNANCE, ["view"]),
        *_crud("actionplan", ACTION_PLAN, ["view"]),
        *_crud("places", PLACES, ["view"]),
        "places.change_problem_status",
    ],
    # The plan: consultants keep it; everyone with a role reads it. Which action items a
    # reader sees is scoped by ActionItem.objects.visible_to(); marking one's own item done
    # needs no change permission (ActionItem.can_be_marked_by).
    STEERING: [
        *_crud("governance", GOVERNANCE, ["view"]),
        *_crud("actionplan", ACTION_PLAN, ["view"]),
        *_crud("places", PLACES, ["view"]),
    ],
    MEMBER: [
        *_crud("governance", GOVERNANCE, ["view"]),
        *_crud("actionplan", ACTION_PLAN, ["view"]),
        *_crud("places", PLACES, ["view"]),
    ],
}
# Meetings: consultants prepare them and write minutes (so does a group's secretary, by
# membership: Meeting.can_edit); the others read what Meeting.objects.visible_to() gives them.
# Social caretakers also record safety-walk findings from their phones.
PERMISSIONS[CONSULTANT] += _crud("actionplan", MEDIATION)
PERMISSIONS[HOUSING_WORKER] = [
    *_crud("governance", GOVERNANCE, ["view"]),
    *_crud("actionplan", ACTION_PLAN, ["view"]),
    *_crud("places", PLACES, ["view"]),
    *_crud("actionplan", MEDIATION),
]
PERMISSIONS[CONSULTANT] += _crud("meetings", MEETINGS, ("view", "add", "change", "delete"))
PERMISSIONS[CARETAKER] += [*_crud("meetings", MEETINGS, ["view"]), "meetings.add_finding"]
PERMISSIONS[STEERING] += _crud("meetings", MEETINGS, ["view"])
PERMISSIONS[MEMBER] += _crud("meetings", MEETINGS, ["view"])
PERMISSIONS[HOUSING_WORKER] += _crud("meetings", MEETINGS, ["view"])

# Incidents are about vulnerable people: caretakers report them (and see their own and those
# at their places, see Incident.objects.visible_to), consultants and the steering group read
# them all, consultants correct them; group members see none.
INCIDENTS = ["incident", "smalljob"]
PERMISSIONS[CONSULTANT] += _crud("incidents", INCIDENTS, ["view", "change"])
# Consultants also remove a small job logged by mistake (outside the admin, with history).
PERMISSIONS[CONSULTANT] += ["incidents.delete_smalljob"]
PERMISSIONS[CARETAKER] += _crud("incidents", INCIDENTS, ["view", "add"])
PERMISSIONS[STEERING] += _crud("incidents", INCIDENTS, ["view"])
# The detail of a report (free text, follow-up note, photo, reporter, exact position) is for
# the municipality's own staff who act on it: consultants, and caretakers for the reports
# they see (their own and at their places). The steering group includes members from outside
# the municipality (the business association's and the residents' council's chairs): the
# role sees the figures and the list without those fields. Grant incidents.view_incident_
# detail per user in the admin to a steering member on the municipality's staff who needs it.
INCIDENT_DETAIL = "incidents.view_incident_detail"
PERMISSIONS[CONSULTANT].append(INCIDENT_DETAIL)
PERMISSIONS[CARETAKER].append(INCIDENT_DETAIL)

# Moving in: consultants import the municipality's spreadsheets (and export them again).
PERMISSIONS[CONSULTANT] += ["imports.add_sheetimport", "imports.view_sheetimport"]


def sync_roles(apps=global_apps):
    """Create the roles and grant them PERMISSIONS (idempotent). Migrations pass their
    historical ``apps``; only permissions that exist at that point are granted. Tests that
    flush the database (browser journeys) call it to get the roles back."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        if apps is not global_apps:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        if apps is not global_apps:
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = [p.split(".", 1) for p in perms]
        found = Permission.objects.none()
        for app_label in {app for app, _codename in wanted}:
            found = found | Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[c for app, c in wanted if app == app_label],
            )
        group.permissions.add(*found)


def load_access(user) -> None:
    """Read in one query what a request asks of its user: their own permissions, their
    roles' permissions and their role names (the navigation's). The permissions go where
    Django's ModelBackend keeps them on the user object (``_user_perm_cache``,
    ``_group_perm_cache``), so ``has_perm`` reads no more; the names go where ``roles_of``
    keeps them. Once per request object: a later call reads nothing."""
    if getattr(user, "_byrum_roles", None) is not None:
        return
    Group = global_apps.get_model("auth", "Group")
    Permission = global_apps.get_model("auth", "Permission")
    own = Permission.objects.filter(user=user.pk).values_list(
        Value("user"), "content_type__app_label", "codename"
    )
    of_roles = Permission.objects.filter(group__user=user.pk).values_list(
        Value("group"), "content_type__app_label", "codename"
    )
    names = Group.objects.filter(user=user.pk).values_list(Value("role"), "name", Value(""))
    found = {"user": set(), "group": set(), "role": set()}
    for source, first, second in own.union(of_roles, names, all=True).order_by():
        found[source].add(f"{first}.{second}" if source != "role" else first)
    user._byrum_roles = frozenset(found["role"])
    # An administrator has every permission and an inactive user none: ModelBackend says so
    # without these caches, so they are left to it.
    if user.is_active and not user.is_superuser:
        user._user_perm_cache = found["user"]
        user._group_perm_cache = found["group"]


def roles_of(user) -> frozenset[str]:
    """The role names a user holds, read once per request object and cached on it (with
    the user's permissions: ``load_access``)."""
    if not user.is_authenticated:
        return frozenset()
    load_access(user)
    return user._byrum_roles


def has_role(user, *names: str) -> bool:
    """True when the user holds any of the roles; the administrator holds them all."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(roles_of(user) & set(names))


def is_consultant(user) -> bool:
    return has_role(user, CONSULTANT)


def sees_everything(user) -> bool:
    """Consultants, the steering group and the administrator read across all groups."""
    return has_role(user, CONSULTANT, STEERING)
