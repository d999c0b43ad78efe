"""Per user and kind: immediately, daily digest, weekly digest or off; the digest lists
everything since the last one and is not sent when there is nothing; the signed one-click
unsubscribe; the notification centre (bell, list, mark read)."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core import signing
from django.test import Client
from django.urls import reverse

from notifications import services
from notifications.models import Delivery, Digest, Kind, Notification, Preference
from tests.actionplan.factories import OrganisationFactory, PersonFactory
from tests.budgets import REQUEST_OVERHEAD
from tests.jobs import subject


def tell(person, kind, text="Noget skete", **fields):
    return services.notify(kind=kind, subject=text, url="/actions/", person=person, **fields)


def send_digests(frequency):
    services.gather_digests(frequency)
    return [services.mail_digest(d.pk) for d in Digest.objects.filter(frequency=frequency)]


@pytest.mark.django_db
def test_defaults_do_not_flood():
    person = PersonFactory()
    assert tell(person, Kind.ACTION_ASSIGNED).delivery == Delivery.IMMEDIATELY
    assert tell(person, Kind.MEETING_INVITATION).delivery == Delivery.IMMEDIATELY
    assert tell(person, Kind.MINUTES_ROUND).delivery == Delivery.IMMEDIATELY  # has a deadline
    for kind in (
        Kind.ACTION_DUE_MOVED,
        Kind.ACTION_DUE_SOON,
        Kind.ACTION_OVERDUE,
        Kind.MINUTES_PUBLISHED,
        Kind.FOLLOW_UP_DUE,
    ):
        assert tell(person, kind).delivery == Delivery.WEEKLY


@pytest.mark.django_db
@pytest.mark.parametrize("delivery", ["immediately", "daily", "weekly", "off"])
def test_each_setting_decides_how_a_kind_is_mailed(delivery, smtp):
    person = PersonFactory(email="mette@example.dk")
    services.preference_set(kind=Kind.ACTION_OVERDUE, delivery=delivery, person=person)
    notification = tell(person, Kind.ACTION_OVERDUE, "Forfalden: lamper")

    services.mail_notification(notification.pk) if delivery == "immediately" else None
    send_digests("daily")
    send_digests("weekly")

    mails = smtp.to("mette@example.dk")
    if delivery == "off":
        assert mails == []
        return
    [mail] = mails
    assert "Forfalden: lamper" in mail.get_body(("plain",)).get_content()
    expected = {
        "immediately": "Forfalden: lamper",
        "daily": "Byrum: din daglige oversigt",
        "weekly": "Byrum: din ugentlige oversigt",
    }[delivery]
    assert subject(mail) == expected


@pytest.mark.django_db
def test_a_digest_lists_everything_since_the_last_one_and_nothing_when_empty(smtp):
    person = PersonFactory(email="mette@example.dk")
    organisation = OrganisationFactory(email="kontakt@korshaer.dk")
    tell(person, Kind.ACTION_DUE_MOVED, "Ny frist: lamper")
    tell(person, Kind.MINUTES_PUBLISHED, "Referat: styregruppen")
    tell(None, Kind.ACTION_OVERDUE, "Forfalden: toilet", organisation=organisation)

    send_digests("weekly")
    [mine] = smtp.to("mette@example.dk")
    text = mine.get_body(("plain",)).get_content()
    assert "Ny frist: lamper" in text and "Referat: styregruppen" in text
    assert "https://byrum.example.dk/actions/" in text
    assert "Forfalden: toilet" not in text
    assert len(smtp.to("kontakt@korshaer.dk")) == 1

    assert services.gather_digests("weekly") == 0  # nothing new: no digest, no mail
    tell(person, Kind.ACTION_DUE_MOVED, "Ny frist: bænke")
    send_digests("weekly")
    latest = smtp.to("mette@example.dk")[-1].get_body(("plain",)).get_content()
    assert "Ny frist: bænke" in latest and "lamper" not in latest
    assert len(smtp.messages) == 3


@pytest.mark.django_db
def test_a_digest_job_run_twice_sends_once(smtp):
    person = PersonFactory(email="mette@example.dk")
    tell(person, Kind.ACTION_DUE_MOVED)
    services.gather_digests("weekly")
    digest = Digest.objects.get()
    assert services.mail_digest(digest.pk) is True
    assert services.mail_digest(digest.pk) is False
    assert len(smtp.messages) == 1


@pytest.mark.django_db
def test_the_one_click_unsubscribe_turns_the_kind_off(smtp):
    person = PersonFactory(email="mette@example.dk")
    notification = tell(person, Kind.ACTION_ASSIGNED, "Ny opgave")
    services.mail_notification(notification.pk)
    url = str(smtp.messages[0]["List-Unsubscribe"]).strip()[1:-1]
    path = url.removeprefix("https://byrum.example.dk")

    anonymous = Client(enforce_csrf_checks=True)  # a mail program: no session, no token
    page = anonymous.get(path)
    assert page.status_code == 200 and "Opgave tildelt" in page.content.decode()
    assert not Preference.objects.exists()  # looking is not unsubscribing
    response = anonymous.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Preference.objects.get(person=person, kind=Kind.ACTION_ASSIGNED).delivery == "off"

    later = tell(person, Kind.ACTION_ASSIGNED, "Endnu en opgave")
    assert later.delivery == Delivery.OFF
    assert services.mail_notification(later.pk) is False
    assert len(smtp.messages) == 1


@pytest.mark.django_db
def test_whoever_turned_everything_off_gets_no_comment_round_either():
    """The migration that brought the comment round's kind: everything off stays everything
    off; one kind off is not everything."""
    migration = importlib.import_module(
        "notifications.migrations.0003_minutes_round_and_attachments"
    )
    everything_off, one_off = PersonFactory(), PersonFactory()
    for kind in migration.EARLIER_KINDS:
        Preference.objects.create(person=everything_off, kind=kind, delivery=Delivery.OFF)
    Preference.objects.create(person=one_off, kind=Kind.ACTION_ASSIGNED, delivery=Delivery.OFF)

    migration.keep_everything_off(django_apps, None)

    assert Preference.objects.get(person=everything_off, kind=Kind.MINUTES_ROUND).delivery == "off"
    assert not Preference.objects.filter(person=one_off, kind=Kind.MINUTES_ROUND).exists()


@pytest.mark.django_db
def test_tampered_unsubscribe_links_are_refused():
    person = PersonFactory()
    token = services.unsubscribe_token(f"p:{person.pk}", Kind.ACTION_ASSIGNED)
    payload, _sep, signature = token.partition(":")
    other = services.unsubscribe_token(f"p:{person.pk + 1}", Kind.ACTION_ASSIGNED)
    forged = other.partition(":")[0] + ":" + signature
    wrong_salt = signing.dumps({"r": f"p:{person.pk}", "k": ""})
    client = Client()
    for bad in (forged, token[:-2] + "xx", wrong_salt, "nonsense"):
        url = reverse("notifications:unsubscribe", args=[bad])
        assert client.post(url).status_code == 404
    assert not Preference.objects.exists()


@pytest.mark.django_db
def test_the_settings_page_saves_each_kind(clients, people):
    local = people.persons["local"]
    url = reverse("notifications:settings")
    page = clients.local.get(url)
    assert page.status_code == 200
    data = {kind: "weekly" for kind in Kind.values}
    data[Kind.ACTION_ASSIGNED] = "daily"
    assert clients.local.post(url, data).status_code == 302
    assert dict(services.preferences_of(local))[Kind.ACTION_ASSIGNED] == "daily"
    # Only the kinds that differ from the default: the five "at once" kinds.
    assert Preference.objects.filter(person=local).count() == 5
    data[Kind.ACTION_ASSIGNED] = "sometimes"
    assert clients.local.post(url, data).status_code == 200  # refused, shown again


@pytest.mark.django_db
def test_the_bell_counts_unread_and_the_list_marks_read(
    clients, people, django_assert_max_num_queries
):
    local = people.persons["local"]
    first = tell(local, Kind.ACTION_ASSIGNED, "Ny opgave: lamper")
    tell(local, Kind.ACTION_DUE_MOVED, "Ny frist: bænke")
    tell(people.persons["caretaker"], Kind.ACTION_ASSIGNED, "Ikke din")

    page = clients.local.get(reverse("notifications:list")).content.decode()
    assert "Notifikationer, 2 ulæste" in page
    assert "Ny opgave: lamper" in page and "Ikke din" not in page

    response = clients.local.post(reverse("notifications:read", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == "/actions/"
    first.refresh_from_db()
    assert first.read_at is not None
    mine = Notification.objects.get(subject="Ikke din")
    assert clients.local.post(reverse("notifications:read", args=[mine.pk])).status_code == 404

    clients.local.post(reverse("notifications:read_all"))
    assert not Notification.objects.for_user(people.users["local"]).unread().exists()
    assert Notification.objects.get(subject="Ikke din").read_at is None
    # The list page: the request, the bell's count, the page's count and rows.
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 3):
        clients.local.get(reverse("notifications:list"))
