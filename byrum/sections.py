"""Sections that higher apps add to a lower app's page, without the lower app importing them.

A page that gathers what other apps know (the place page, a group's page) owns a
``SectionRegistry``; a later app registers a section once, in its AppConfig.ready()::

    from places.sections import PlaceSection, register

    register(PlaceSection(
        key="incidents",
        title=_("Incidents over the last weeks"),
        template="incidents/place_section.html",
        order=40,
        context=incidents_for_place,  # (request, obj) -> dict, or None to leave it out
    ))

The page shows the registered sections in ``order``, each in its own ``<section>`` with the
title as heading; the template gets the page's object and ``section`` (the dict the context
function returned). The context function does its own permission check (return None to hide
the section) and must run a fixed number of queries: the pages have query budgets.
"""

import dataclasses
from collections.abc import Callable


@dataclasses.dataclass(frozen=True)
class Section:
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


class SectionRegistry:
    def __init__(self):
        self._sections = {}

    def register(self, section):
        """Add (or replace, by key) a section of the page."""
        self._sections[section.key] = section
        return section

    def unregister(self, key):
        self._sections.pop(key, None)

    def sections_for(self, request, obj):
        """The sections to show on ``obj``'s page for this request, in order."""
        rendered = []
        for section in sorted(self._sections.values(), key=lambda s: (s.order, s.key)):
            context = section.context(request, obj) if section.context else {}
            if context is None:
                continue
            rendered.append(RenderedSection(section.key, section.title, section.template, context))
        return rendered
