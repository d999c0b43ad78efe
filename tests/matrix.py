"""The permission matrix: every URL pattern × every persona, with the expected status.

Each app keeps its rows in tests/<app>/matrix.py: a ``build(world)`` that adds the objects
its URLs need to ``world``, and ``ROWS``, a list of :class:`Row`. test_permission_matrix.py
gathers them all and fails for any URL pattern that has no row (deny by default).
"""

import dataclasses
import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

PERSONAS = ["anonymous", "consultant", "caretaker", "steering", "local", "outsider", "admin"]
LOGIN = 302  # anonymous users are sent to the login page


def everyone(status=200, **overrides):
    """Logged-in users all get ``status``; anonymous users are sent to log in."""
    return {"anonymous": LOGIN, **{p: status for p in PERSONAS[1:]}, **overrides}


def only(allowed: dict, *, denied=403):
    """Personas named in ``allowed`` get their status; every other logged-in one ``denied``."""
    return {"anonymous": LOGIN, **{p: denied for p in PERSONAS[1:]}, **allowed}


@dataclasses.dataclass
class Row:
    name: str  # URL name, "namespace:name"
    url: Callable  # world -> path
    expected: dict  # persona -> status
    method: str = "get"
    data: Callable | None = None  # world -> POST data
    public: bool = False  # True for the few URLs anonymous users may use

    def __post_init__(self):
        missing = set(PERSONAS) - set(self.expected)
        assert not missing, f"{self.name}: no expected status for {sorted(missing)}"


def app_modules():
    """tests/<app>/matrix.py for every app that has one."""
    here = Path(__file__).parent
    for info in pkgutil.iter_modules([str(here)]):
        if info.ispkg and (here / info.name / "matrix.py").exists():
            yield importlib.import_module(f"tests.{info.name}.matrix")


def url_names(patterns=None, prefix=""):
    """Every named URL pattern of the project as "namespace:name"."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from url_names(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}"
