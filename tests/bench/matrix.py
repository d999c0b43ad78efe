from django.urls import reverse

from tests.matrix import Row, everyone


def build(world):
    pass


ROWS = [
    # The benchmark's floor (S0): the lightest page behind login, for every logged-in user.
    Row("ping", lambda w: reverse("ping"), everyone()),
]
