from django.urls import reverse

from tests.matrix import Row, everyone, only
from tests.places.factories import PlaceFactory, ProblemFactory

# Every role reads every place; the outsider (no role) gets 403 on lists, 404 on details.
READERS = everyone(outsider=403)
READERS_DETAIL = everyone(outsider=404)
# Only consultants (and the administrator) create and edit places and problems.
EDITORS = only({"consultant": 200, "admin": 200})
EDITORS_DETAIL = {**EDITORS, "outsider": 404}
# Consultants and caretakers mark a problem's status.
STATUS_CHANGERS = {**EDITORS_DETAIL, "caretaker": 200}


def build(world):
    world.place = PlaceFactory(name="Klostertorvet", city="Aarhus")
    world.problem = ProblemFactory(place=world.place)


def _status_data(world):
    prefix = f"problem-{world.problem.pk}"
    return {f"{prefix}-status": "being_addressed", f"{prefix}-note": "Sociale viceværter er på."}


ROWS = [
    Row("places:list", lambda w: reverse("places:list"), READERS),
    Row("places:geojson", lambda w: reverse("places:geojson"), READERS),
    Row("places:create", lambda w: reverse("places:create"), EDITORS),
    Row("places:detail", lambda w: reverse("places:detail", args=[w.place.pk]), READERS_DETAIL),
    Row("places:edit", lambda w: reverse("places:edit", args=[w.place.pk]), EDITORS_DETAIL),
    Row("places:usage", lambda w: reverse("places:usage", args=[w.place.pk]), EDITORS_DETAIL),
    Row(
        "places:problem_create",
        lambda w: reverse("places:problem_create", args=[w.place.pk]),
        EDITORS_DETAIL,
    ),
    Row(
        "places:problem_edit",
        lambda w: reverse("places:problem_edit", args=[w.problem.pk]),
        EDITORS_DETAIL,
    ),
    Row(
        "places:problem_status",
        lambda w: reverse("places:problem_status", args=[w.problem.pk]),
        STATUS_CHANGERS,
    ),
    Row(
        "places:problem_status",
        lambda w: reverse("places:problem_status", args=[w.problem.pk]),
        {**STATUS_CHANGERS, "consultant": 302, "caretaker": 302, "admin": 302},
        method="post",
        data=_status_data,
    ),
]
