"""Notifications × personas: each sees and marks only their own; the settings page is for
every login; the unsubscribe link works without one (it is signed)."""

from django.urls import reverse

from notifications import services
from tests.matrix import LOGIN, PERSONAS, Row, everyone


def build(world):
    world.notification = services.notify(
        kind="action_assigned",
        subject="Ny opgave",
        url="/actions/",
        person=world.people.persons["local"],
    )
    world.unsubscribe = services.unsubscribe_token(f"p:{world.people.persons['local'].pk}")


ROWS = [
    Row("notifications:list", lambda w: reverse("notifications:list"), everyone()),
    Row("notifications:settings", lambda w: reverse("notifications:settings"), everyone()),
    Row(
        "notifications:read",
        lambda w: reverse("notifications:read", args=[w.notification.pk]),
        everyone(404, anonymous=LOGIN, local=302),
        method="post",
    ),
    Row(
        "notifications:read_all",
        lambda w: reverse("notifications:read_all"),
        everyone(302),
        method="post",
    ),
    Row(
        "notifications:unsubscribe",
        lambda w: reverse("notifications:unsubscribe", args=[w.unsubscribe]),
        {p: 200 for p in PERSONAS},
        public=True,
    ),
]
