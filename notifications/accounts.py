"""The mails about a login: the invitation to one, and the password reset.

They are not notifications: never in the app's list or a digest, no unsubscribing from them.
But they travel as every mail does: a job deferred in the transaction that causes them
(``queue_*``, called inside it), sent once (``SentMail``, keyed by a new id per invitation or
request), retried while the mail server refuses.

The one-time link is made when the mail is sent, by the job: the job's arguments, stored in
the database until it runs, hold no token. A link made then is valid for the whole 72 hours
after the mail left, however long the mail server kept the job waiting.
"""

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from governance import tenants
from governance.models import Person
from governance.services import invitation_link

from . import services


def _locked_user(user_id):
    """The user, locked: a second run of the same job waits here for the first."""
    return get_user_model().objects.select_for_update().filter(pk=user_id, is_active=True).first()


# --- The invitation ----------------------------------------------------------------------------


def queue_invitation(*, user, by, base_url, language):
    """Queue the invitation's mail in the caller's transaction (governance's person_invite
    calls it through governance.services.register_invitation_mail)."""
    from .tasks import send_invitation

    send_invitation.defer(
        municipality_id=tenants.municipality_of(user),
        user_id=user.pk,
        invited_by_id=by.pk,
        base_url=base_url,
        language=language,
        key=f"invitation:{uuid.uuid4().hex}",
    )


def mail_invitation(*, user_id, invited_by_id, base_url, language, key):
    """The invitation's job: the one-time link to choose a password, to the person's
    address now, once. Nothing when the person or the login is no longer active."""
    with transaction.atomic():
        user = _locked_user(user_id)
        if user is None or services.sent(key):
            return False
        person = Person.objects.filter(user=user, active=True).first()
        if person is None or not person.email:
            return False
        by = get_user_model().objects.filter(pk=invited_by_id).first()
        with translation.override(language):
            context = {
                "person": person,
                "username": user.get_username(),
                "link": invitation_link(user, base_url),
                "by": (by.get_full_name() or by.get_username()) if by else "Byrum",
                "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            }
            message = services.email(
                key=key,
                to=person.email,
                subject=_("Your login to Byrum"),
                text=render_to_string("governance/email/invitation.txt", context),
                html=render_to_string("governance/email/invitation.html", context),
            )
        services.send_once(key, message)
    return True


# --- The password reset ------------------------------------------------------------------------


def queue_password_reset(*, user, email, domain, site_name, protocol, templates):
    """Queue the reset mail in the request's transaction (``forms.PasswordResetForm``).
    ``templates``: Django's subject, text and HTML template names, as the view has them."""
    from .tasks import send_password_reset

    # Asked for without a login: the job works in the login's own municipality.
    send_password_reset.defer(
        municipality_id=tenants.municipality_of(user),
        user_id=user.pk,
        email=email,
        domain=domain,
        site_name=site_name,
        protocol=protocol,
        templates=templates,
        language=translation.get_language(),
        key=f"password-reset:{uuid.uuid4().hex}",
    )


def mail_password_reset(*, user_id, email, domain, site_name, protocol, templates, language, key):
    """The reset's job: Django's mail with a link made now, once, to the address that was
    asked for, while it is still the login's address."""
    with transaction.atomic():
        user = _locked_user(user_id)
        if user is None or services.sent(key):
            return False
        address = getattr(user, user.get_email_field_name())
        if not address or address.casefold() != email.casefold() or not user.has_usable_password():
            return False
        subject_template, text_template, html_template = templates
        context = {
            "email": address,
            "domain": domain,
            "site_name": site_name,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "user": user,
            "token": default_token_generator.make_token(user),
            "protocol": protocol,
        }
        with translation.override(language):
            subject = "".join(render_to_string(subject_template, context).splitlines())
            message = services.email(
                key=key,
                to=address,
                subject=subject,
                text=render_to_string(text_template, context),
                html=render_to_string(html_template, context) if html_template else "",
            )
        services.send_once(key, message)
    return True
