"""Sections that later apps add to a group's page (see byrum/sections.py): the places a
local group covers, for one. The section's template gets ``group`` and ``section``."""

from byrum.sections import Section as GroupSection
from byrum.sections import SectionRegistry

_page = SectionRegistry()
register = _page.register
unregister = _page.unregister
sections_for = _page.sections_for

__all__ = ["GroupSection", "register", "unregister", "sections_for"]
