from django.urls import reverse

from tests.actionplan.factories import PersonFactory
from tests.matrix import PERSONAS, Row, everyone, only

READERS = everyone(outsider=403)
EDITORS = only({"consultant": 200, "admin": 200}, denied=403)
EDIT_DETAIL = {**EDITORS, "outsider": 404}


def build(world):
    world.colleague = PersonFactory(name="Matrix Kollega", email="kollega@example.dk")
    world.leaver = PersonFactory(name="Matrix Fratrådt")


def _person(name):
    return lambda w: reverse(f"governance:{name}", args=[w.colleague.pk])


ROWS = [
    Row("governance:person_list", lambda w: reverse("governance:person_list"), READERS),
    Row("governance:person_create", lambda w: reverse("governance:person_create"), EDITORS),
    Row("governance:person_edit", _person("person_edit"), EDIT_DETAIL),
    Row("governance:person_invite", _person("person_invite"), EDIT_DETAIL),
    Row(
        "governance:person_deactivate",
        lambda w: reverse("governance:person_deactivate", args=[w.leaver.pk]),
        {**EDIT_DETAIL, "consultant": 302, "admin": 302},
        method="post",
    ),
    # Only the platform administrator switches municipality; for anybody else no such page.
    Row(
        "governance:municipality_choose",
        lambda w: reverse("governance:municipality_choose"),
        only({"admin": 200}, denied=404),
    ),
    # The invitation's link works without a login; a wrong one says so on the page.
    Row(
        "governance:invitation",
        lambda w: reverse("governance:invitation", args=["MQ", "ugyldig-token"]),
        {p: 200 for p in PERSONAS},
        public=True,
    ),
]
