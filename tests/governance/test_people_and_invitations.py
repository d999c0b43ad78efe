"""People without the administrator: consultants add, edit and retire people, and invite
them to a login; password reset by e-mail."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from byrum import roles
from governance import services
from governance.models import Membership, Person
from notifications.models import SentMail
from notifications.tasks import send_invitation
from tests.actionplan.factories import OrganisationFactory, PersonFactory
from tests.jobs import jobs_waiting, run_jobs, subject

pytestmark = pytest.mark.django_db


def test_a_consultant_adds_a_resident_without_a_login_to_a_group(clients, people):
    organisation = OrganisationFactory(name="Midtbyens Samråd", kind="residents")
    response = clients.consultant.post(
        reverse("governance:person_create"),
        {
            "name": "Lise Beboer",
            "organisation": organisation.pk,
            "title": "Formand",
            "email": "lise@example.dk",
            "phone": "+45 12 34 56 78",
            "groups": [people.local_group.pk],
        },
    )
    person = Person.objects.get(name="Lise Beboer")
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert person.user is None and person.active
    assert list(
        Membership.objects.current().filter(person=person).values_list("group", flat=True)
    ) == [people.local_group.pk]
    page = clients.consultant.get(person.get_absolute_url()).content.decode()
    assert "Intet login" in page and "Inviter til et login" in page


def test_unchecking_a_group_ends_the_membership_today_and_keeps_its_history(clients, people):
    person = people.persons["local"]
    response = clients.consultant.post(
        reverse("governance:person_edit", args=[person.pk]),
        {"name": person.name, "email": "", "groups": [people.steering_group.pk]},
    )
    assert response.status_code == 302
    current = Membership.objects.current().filter(person=person)
    assert [m.group for m in current] == [people.steering_group]
    assert Membership.objects.filter(person=person, group=people.local_group).exists()


def test_bad_input_keeps_what_was_typed_and_says_why_in_danish(clients, people):
    PersonFactory(name="Anden", email="samme@example.dk")
    response = clients.consultant.post(
        reverse("governance:person_create"),
        {"name": "Ny Person", "email": "SAMME@example.dk", "title": "x" * 300},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "En anden person har allerede denne e-mailadresse." in body
    assert 'value="Ny Person"' in body
    assert not Person.objects.filter(name="Ny Person").exists()


def test_only_consultants_change_people(clients, people):
    person = people.persons["local"]
    assert (
        clients.steering.get(reverse("governance:person_edit", args=[person.pk])).status_code == 403
    )
    assert (
        clients.steering.post(reverse("governance:person_deactivate", args=[person.pk])).status_code
        == 403
    )


def test_a_person_who_leaves_loses_groups_and_login(clients, people):
    person = people.persons["local"]
    response = clients.consultant.post(reverse("governance:person_deactivate", args=[person.pk]))
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.active and not person.user.is_active
    assert not Membership.objects.current().filter(person=person).exists()
    assert clients.local.get(reverse("home")).status_code == 302  # the session has ended


def _text_and_html(message):
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


@pytest.mark.django_db(transaction=True)
def test_an_invitation_mails_a_one_time_link_in_danish(clients, people, smtp):
    person = PersonFactory(name="Jens Politi", email="jens@example.dk")
    response = clients.consultant.post(
        reverse("governance:person_invite", args=[person.pk]), {"role": roles.STEERING}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    user = person.user
    assert user.username == "jens@example.dk" and not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [roles.STEERING]
    # The mail is a job queued with the invitation; its arguments hold no token.
    assert smtp.attempts == 0 and jobs_waiting() == 1
    run_jobs()
    (message,) = smtp.messages
    assert message["To"] == "jens@example.dk"
    assert subject(message) == "Dit login til Byrum"
    text, html = _text_and_html(message)
    assert "har inviteret dig til Byrum" in text
    assert "i 72 timer" in text
    link = re.search(r"http://testserver(/accounts/invitation/\S+/)", text).group(1)
    assert link in html
    assert "List-Unsubscribe" not in message  # no unsubscribing from one's own login
    assert SentMail.objects.get().key.startswith("invitation:")

    # The steering role needs no second factor: the link asks for a password only.
    client = clients.anonymous
    set_password = client.get(link)["Location"]
    page = client.get(set_password).content.decode()
    assert "Ny adgangskode" in page and "<svg" not in page
    response = client.post(
        set_password,
        {"new_password1": "Tryghed-i-byen-2026", "new_password2": "Tryghed-i-byen-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Tryghed-i-byen-2026")
    assert not TOTPDevice.objects.filter(user=user).exists()
    # Spent.
    assert "Linket virker ikke" in clients.anonymous.get(link).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_invitation_sends_nothing_and_a_job_run_twice_sends_once(people, smtp):
    person = PersonFactory(name="Jens Politi", email="jens@example.dk")
    by = people.users["consultant"]
    with pytest.raises(RuntimeError), transaction.atomic():
        services.person_invite(person=person, role=roles.MEMBER, by=by, base_url="http://x/")
        raise RuntimeError("the request failed after the invitation")
    assert jobs_waiting() == 0 and not get_user_model().objects.filter(person=person).exists()
    person.refresh_from_db()  # as the next request reads it

    services.person_invite(person=person, role=roles.MEMBER, by=by, base_url="http://x/")
    with connection.cursor() as cursor:
        cursor.execute("SELECT args::text FROM procrastinate_jobs")
        [(args,)] = cursor.fetchall()
    assert "token" not in args and "/accounts/invitation/" not in args
    send_invitation.defer(**json.loads(args))  # the same job queued again (an operator's retry)
    run_jobs(concurrency=2)
    assert len(smtp.messages) == 1
    assert SentMail.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_invitation_waits_while_the_mail_server_refuses(people, smtp):
    smtp.refuse = 2
    person = PersonFactory(name="Jens Politi", email="jens@example.dk")
    services.person_invite(
        person=person, role=roles.MEMBER, by=people.users["consultant"], base_url="http://x/"
    )
    run_jobs()
    assert smtp.attempts == 3 and len(smtp.messages) == 1


def test_an_invitation_needs_an_e_mail_address(clients, people):
    person = PersonFactory(name="Uden Mail", email="")
    response = clients.consultant.post(
        reverse("governance:person_invite", args=[person.pk]), {"role": roles.MEMBER}
    )
    assert (
        "Giv personen en e-mailadresse, før du inviterer vedkommende." in response.content.decode()
    )
    assert not get_user_model().objects.filter(person=person).exists()


def test_a_tampered_invitation_link_is_refused(clients, people):
    response = clients.anonymous.get(reverse("governance:invitation", args=["MQ", "1-abcdef"]))
    assert "Linket virker ikke" in response.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("email", ["konsulent@example.dk", "ukendt@example.dk"])
def test_password_reset_answers_the_same_whether_or_not_the_address_is_known(
    client, people, email, smtp
):
    user = people.users["consultant"]
    user.email = "konsulent@example.dk"
    user.save()
    response = client.post(reverse("password_reset"), {"email": email})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    page = client.get(response["Location"]).content.decode()
    assert "Hvis adressen hører til et login" in page
    assert smtp.attempts == 0  # the mail is a job, never sent by the page
    run_jobs()
    if email.startswith("konsulent"):
        (message,) = smtp.messages
        assert subject(message) == "En ny adgangskode til Byrum"
        text, html = _text_and_html(message)
        link = re.search(r"http://testserver(/accounts/reset/\S+/)", text).group(1)
        assert link in html and "Dit brugernavn er konsulent" in text
        # The link works: it leads to the form for a new password.
        form_page = client.get(link, follow=True)
        assert "Ny adgangskode" in form_page.content.decode()
    else:
        assert smtp.messages == []
