from . import roles


def byrum_roles(request):
    """What the navigation and page chrome need to know about the user's roles."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"byrum_roles": {}}
    return {
        "byrum_roles": {
            "consultant": roles.is_consultant(user),
            "sees_everything": roles.sees_everything(user),
            "sees_incidents": roles.has_role(
                user, roles.CONSULTANT, roles.STEERING, roles.CARETAKER
            ),
            # Reports from the phone: the offline queue and its worker run on every page.
            "caretaker_app": user.has_perm("incidents.add_incident"),
        }
    }
