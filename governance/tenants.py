"""Which municipality a request works in, for byrum/tenancy.py (this app owns municipalities).

The municipality is put in the session when a person logs in: their login's (``Account``),
or for a platform administrator the first, until they choose another (``choose``). So the
request's transaction learns it from the session that is read anyway, with no query of its
own, before anything reads a tenant table."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from byrum import tenancy

from .models import Account, Municipality

SESSION_KEY = "byrum_municipality"


def municipality_of(user):
    """The municipality a login belongs to (None: none, so it sees no tenant rows). A
    platform administrator without one starts in the first municipality."""
    municipality_id = (
        Account.objects.filter(user=user).values_list("municipality_id", flat=True).first()
    )
    if municipality_id is None and user.is_superuser:
        municipality_id = Municipality.objects.values_list("pk", flat=True).first()
    return municipality_id


def for_request(request):
    session = getattr(request, "session", None)
    if session is None:
        return None
    return session.get(SESSION_KEY)


def choose(request, municipality):
    """A platform administrator works in another municipality from the next request on.
    Nobody else may switch (the view checks)."""
    request.session[SESSION_KEY] = municipality.pk


def work_as(user):
    """For a request without a login that acts for ``user`` (a calendar feed's secret
    token): the rest of its transaction works in the user's municipality."""
    user.municipality_id = municipality_of(user)
    tenancy.activate(user.municipality_id)


def all_ids():
    return list(Municipality.objects.values_list("pk", flat=True))


@receiver(user_logged_in, dispatch_uid="governance.tenants.remember_municipality")
def remember_municipality(sender, request, user, **kwargs):
    """At login (the password and code form, an invitation, the test client's force_login)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = municipality_of(user)
