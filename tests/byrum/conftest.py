"""Fixtures of the type-to-find tests (test_suggest.py, test_suggest_multiple.py)."""

import pytest

from tests.places.factories import PlaceFactory


@pytest.fixture
def places(db):
    """Four places, two of them in Aalborg whose names begin with K."""
    return {
        "kloster": PlaceFactory(name="Klostertorvet", city="Aalborg"),
        "kennedy": PlaceFactory(name="J.F. Kennedys Plads", city="Aalborg"),
        "karoline": PlaceFactory(name="Karolinelunden", city="Aalborg"),
        "bredgade": PlaceFactory(name="Bredgade Torv", city="Nørresundby"),
    }
