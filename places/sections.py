"""Sections that later apps add to the place page (see byrum/sections.py).

Suggested order: 20 initiatives and physical measures, 30 meetings and safety walks,
40 incidents. The section's template gets ``place`` and ``section``.
"""

from byrum.sections import Section as PlaceSection
from byrum.sections import SectionRegistry

_page = SectionRegistry()
register = _page.register
unregister = _page.unregister
sections_for = _page.sections_for

__all__ = ["PlaceSection", "register", "unregister", "sections_for"]
