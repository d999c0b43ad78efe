"""Printing for the council and the journal: Chromium prints the minutes, the plan status and
the council report to PDF, and the PDF's own text must carry what a reader of the paper needs
(title, group, date and time, place, who was there, the period, the date it was made), the
draft mark on every page of draft minutes, and page numbers with a running title."""

import datetime
import io
import unicodedata

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from byrum import roles
from meetings.models import Meeting
from tests.actionplan.factories import (
    ActionItemFactory,
    ActionPlanFactory,
    GroupFactory,
    InitiativeFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from tests.browser.conftest import DESKTOP, log_in
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, ParticipantFactory, at

DRAFT = "UDKAST – ikke godkendt"


def _squash(text):
    """Text without ligatures (ﬁ) and without white space: a PDF's text places words by
    position, and its spaces do not always survive extraction."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _pdf_pages(page, url):
    """Each printed page's text, squashed: compare it with ``_squash(expected)``."""
    page.goto(url)
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    return [_squash(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def has(text, expected):
    return _squash(expected) in text


def _danish(day, fmt="j. F Y"):
    with translation.override("da"):
        return date_format(day, fmt)


@pytest.fixture
def printed(transactional_db):
    consultant = UserFactory(username="konsulent", password="pw", roles=[roles.CONSULTANT])
    steering = GroupFactory(name="Styregruppen", kind="steering")
    sofie = PersonFactory(name="Sofie Lindberg", user=consultant)
    anne = PersonFactory(name="Anne Mølgaard")
    MembershipFactory(person=sofie, group=steering, role="secretary")
    draft = MeetingFactory(
        group=steering,
        title="Styregruppemøde om belysning",
        start=at(-1),
        state=Meeting.State.MINUTES_DRAFT,
        location="Rådhuset, lokale 2",
    )
    # Long enough minutes for three pages or more: the mark must be on each of them.
    for n in range(6):
        AgendaItemFactory(
            meeting=draft,
            title=f"Punkt om belysning {n}",
            notes="Drøftelse af lamper og stier. " * 120,
        )
    ParticipantFactory(meeting=draft, person=anne, attendance="present")
    ParticipantFactory(meeting=draft, person=sofie, attendance="apologies")
    approved = MeetingFactory(
        group=steering,
        title="Godkendt møde",
        start=at(-20),
        state=Meeting.State.MINUTES_APPROVED,
        approved_by=consultant,
    )
    AgendaItemFactory(meeting=approved, notes="Kort referat.")
    today = timezone.localdate()
    plan = ActionPlanFactory(
        title="Handleplan for Midtbyen",
        status="implementation",
        period_start=today - datetime.timedelta(days=200),
        period_end=today + datetime.timedelta(days=200),
        budget=2_500_000,
    )
    initiative = InitiativeFactory(
        plan=plan,
        title="Mobilt hellested",
        status="in_progress",
        budget_allocated=900_000,
        budget_spent=950_000,
    )
    InitiativeFactory(
        plan=plan,
        title="Toiletvogn ved Arkivpladsen og i Kildeparken",
        status="planned",
        budget_allocated=1_200_000,
        budget_spent=0,
    )
    ActionItemFactory(
        initiative=initiative,
        source="initiative",
        title="Skift pæren",
        responsible_person=anne,
        due=today - datetime.timedelta(days=3),
    )
    return {"draft": draft, "approved": approved, "plan": plan}


def test_draft_minutes_print_their_facts_and_the_draft_mark_on_every_page(new_page, printed):
    page = new_page(DESKTOP)
    log_in(page, "konsulent")
    draft = printed["draft"]
    pages = _pdf_pages(page, f"/meetings/{draft.pk}/print/")
    assert len(pages) >= 2
    first = pages[0]
    for fact in (
        "Referat: Styregruppemøde om belysning",
        "Styregruppen",
        _danish(timezone.localtime(draft.start)),
        "Rådhuset, lokale 2",
        "Anne Mølgaard",
        "Sofie Lindberg",
    ):
        assert has(first, fact), f"{fact!r} not in {first[:1500]!r}"
    for number, text in enumerate(pages, start=1):
        assert has(text, DRAFT), f"page {number} has no draft mark"
        assert has(text, f"Side {number} af {len(pages)}"), f"page {number} has no number"
        assert has(text, "Styregruppemøde om belysning"), f"page {number}: no running title"
    assert not has("".join(pages), "trygge og værdige byrum for alle")  # the site's footer


def test_approved_minutes_print_who_approved_them_and_no_draft_mark(new_page, printed):
    page = new_page(DESKTOP)
    log_in(page, "konsulent")
    text = "".join(_pdf_pages(page, f"/meetings/{printed['approved'].pk}/print/"))
    assert has(text, "Referat: Godkendt møde")
    assert not has(text, DRAFT)
    assert has(text, "Godkendt") and has(text, "Side 1 af 1")


def test_the_plan_status_prints_amounts_whole_and_overdue_in_words(new_page, printed):
    page = new_page(DESKTOP)
    log_in(page, "konsulent")
    pages = _pdf_pages(page, f"/plans/{printed['plan'].pk}/print/")
    text = "".join(pages)
    assert has(pages[0], "Status for handleplanen: Handleplan for Midtbyen")
    assert has(pages[0], f"Status pr. {_danish(timezone.localdate())}")
    assert has(text, "Overskredet") and has(text, "overforbrug")
    for number, page_text in enumerate(pages, start=1):
        assert has(page_text, f"Side {number} af {len(pages)}")
    # On paper (about 680 px of A4 between the margins) every amount stays on one line, and
    # every status group's table has the same column widths.
    page.set_viewport_size({"width": 680, "height": 900})
    page.emulate_media(media="print")
    lines = page.evaluate("""() => [...document.querySelectorAll('.plan-print td.text-end')]
        .map(td => { const r = document.createRange(); r.selectNodeContents(td.firstChild);
                     return [td.textContent.trim(), r.getClientRects().length]; })""")
    assert lines and all(n == 1 for _text, n in lines), lines
    widths = page.evaluate("""() => [...document.querySelectorAll('.initiative-table')]
        .map(t => [...t.querySelectorAll('thead th')].map(th => th.offsetWidth))""")
    assert len(widths) == 2 and widths[0] == widths[1], widths


def test_the_council_report_prints_its_title_period_and_date(new_page, printed):
    page = new_page(DESKTOP)
    log_in(page, "konsulent")
    pages = _pdf_pages(page, f"/dashboard/report/?plan={printed['plan'].pk}")
    first = pages[0]
    assert has(first, "Statusrapport til byrådet: Handleplan for Midtbyen")
    assert has(first, "Periode:")
    assert has(first, f"Udarbejdet {_danish(timezone.localdate())}")
    assert not has("".join(pages), "Hvert tal linker")  # the screen's hint stays on screen
    for number, page_text in enumerate(pages, start=1):
        assert has(page_text, f"Side {number} af {len(pages)}")
