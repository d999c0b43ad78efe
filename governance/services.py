"""Writes that span models: a person with their groups, leaving, and an invitation to a
login."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .models import Account, Membership


@transaction.atomic
def person_save(*, person, groups):
    """Save a person and make ``groups`` their current groups: a new one makes them a member
    from today, one left out ends that membership today (its history stays)."""
    person.save()
    wanted = {group.pk for group in groups}
    current = Membership.objects.current().filter(person=person).select_related("group")
    for membership in current:
        if membership.group_id not in wanted:
            membership.end_today()
    already = {m.group_id for m in Membership.objects.current().filter(person=person)}
    for group in groups:
        if group.pk not in already:
            Membership.objects.create(person=person, group=group, start=timezone.localdate())
    return person


@transaction.atomic
def person_deactivate(*, person):
    """A person who has left: no longer active, their memberships end today and their login
    (if any) stops working at once (deactivating a user ends their sessions)."""
    person.active = False
    person.save(update_fields=["active"])
    for membership in Membership.objects.current().filter(person=person):
        membership.end_today()
    if person.user_id:
        person.user.is_active = False
        person.user.save(update_fields=["is_active"])
    return person


def invitation_link(user, base_url):
    """The one-time link of an invitation (or a new one): valid PASSWORD_RESET_TIMEOUT (72
    hours), spent as soon as a password is chosen with it."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("governance:invitation", args=[uid, token])


# Mail is sent by jobs of the notifications app, a layer above this one (once, and again while
# the mail server refuses). It registers here, in its AppConfig.ready(), the function that
# queues the invitation's mail in the current transaction:
# ``queue(user=, by=, base_url=, language=)``.
_invitation_mail: Callable | None = None


def register_invitation_mail(queue):
    global _invitation_mail
    _invitation_mail = queue


@transaction.atomic
def person_invite(*, person, role, by, base_url):
    """Give a person a login with ``role`` and mail them a one-time link to choose a
    password (and, for roles that need one, to set up the authenticator app in the same
    visit). Inviting again sends a new link; the old one stops working once either is used.
    The mail is a job queued in this transaction: it goes only if the change is committed."""
    if _invitation_mail is None:
        raise ImproperlyConfigured("No app sends the invitation's mail (notifications).")
    if not person.email:
        raise ValidationError(_("Give the person an e-mail address before inviting them."))
    if not person.active:
        raise ValidationError(_("The person is no longer active."))
    User = get_user_model()
    user = person.user
    if user is None:
        username = person.email.lower()
        if User.objects.filter(username=username).exists():
            raise ValidationError(_("A login with this e-mail address already exists."))
        user = User(username=username, email=person.email)
        name = person.name.split(" ", 1)
        user.first_name, user.last_name = name[0], name[1] if len(name) > 1 else ""
        user.set_unusable_password()
        user.save()
        # The login belongs where the person does.
        Account.objects.create(user=user, municipality_id=person.municipality_id)
        person.user = user
        person.save(update_fields=["user"])
    elif not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    user.groups.add(Role.objects.get(name=role))
    _invitation_mail(user=user, by=by, base_url=base_url, language=translation.get_language())
    return user
