"""Sections that other apps add to the place page, without touching the places app.

A later app registers a section once, in its AppConfig.ready()::

    from places.sections import PlaceSection, register

    register(PlaceSection(
        key="incidents",
        title=_("Incidents over the last weeks"),
        template="incidents/place_section.html",
        order=40,
        context=incidents_for_place,  # (request, place) -> dict, or None to leave it out
    ))

The place page shows the registered sections in ``order`` (suggested: 20 initiatives and
physical measures, 30 meetings and safety walks, 40 incidents), each in its own
``<section>`` with the title as heading; the template gets ``place`` and ``section`` (the
dict the context function returned). The context function does its own permission check
(return None to hide the section) and must run a fixed number of queries: the place page
has a query budget.
"""

import dataclasses
from collections.abc import Callable

_registry = {}


@dataclasses.dataclass(frozen=True)
class PlaceSection:
    key: str
    title: str
    template: str
    order: int = 100
    context: Callable | None = None


@dataclasses.dataclass(frozen=True)
class RenderedSection:
    key: str
    title: str
    template: str
    context: dict


def register(section):
    """Add (or replace, by key) a section of the place page."""
    _registry[section.key] = section
    return section


def unregister(key):
    _registry.pop(key, None)


def sections_for(request, place):
    """The sections to show on ``place``'s page for this request, in order."""
    rendered = []
    for section in sorted(_registry.values(), key=lambda s: (s.order, s.key)):
        context = section.context(request, place) if section.context else {}
        if context is None:
            continue
        rendered.append(
            RenderedSection(section.key, section.title, section.template, context)
        )
    return rendered
