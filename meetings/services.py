"""Writes that span models or send mail: agenda, minutes, decisions and their action items,
publishing, and the safety walk's findings and follow-up meeting."""

import dataclasses
import datetime

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actionplan import notices as action_notices
from actionplan.models import ActionItem, ActionItemStatus
from byrum.dates import months_before
from governance.models import Membership

from . import notices
from .approval import _approve
from .models import (
    AgendaItem,
    AgendaItemOutcome,
    Decision,
    Finding,
    Meeting,
    MeetingKind,
    MeetingState,
    MinutesRevision,
    Participant,
    SafetyWalk,
    WalkParticipant,
    WalkState,
    follow_up_start,
)

# One person's edits within this window are one revision of an item's minutes.
REVISION_WINDOW = datetime.timedelta(minutes=10)


def _next_position(meeting):
    top = meeting.agenda_items.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def agenda_item_add(*, meeting, title, presenter="", duration=None, description="", finding=None):
    item = AgendaItem(
        meeting=meeting,
        position=_next_position(meeting),
        title=title,
        presenter=presenter,
        duration=duration,
        description=description,
        finding=finding,
    )
    item.full_clean()
    item.save()
    notices.agenda_changed(meeting)
    return item


@transaction.atomic
def agenda_item_move(*, item, direction):
    """Move an item one step up (-1) or down (+1); positions are renumbered 0..n-1 first, so
    gaps and ties from earlier edits never confuse the order."""
    items = list(
        AgendaItem.objects.select_for_update()
        .filter(meeting_id=item.meeting_id)
        .order_by("position", "pk")
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + direction
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items):
        other.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
    notices.agenda_changed(item.meeting)


def previous_meeting(meeting):
    """The group's latest meeting before this one that has an agenda."""
    return (
        Meeting.objects.filter(
            group_id=meeting.group_id, start__lt=meeting.start, agenda_items__isnull=False
        )
        .exclude(pk=meeting.pk)
        .order_by("-start")
        .first()
    )


@transaction.atomic
def agenda_copy_previous(*, meeting):
    """Copy the titles, presenters and durations of the group's previous agenda (not its
    minutes) to the end of this one, as a starting point."""
    source = previous_meeting(meeting)
    if source is None:
        raise ValidationError(_("The group has no earlier meeting with an agenda to copy."))
    start = _next_position(meeting)
    copies = [
        AgendaItem(
            meeting=meeting,
            position=start + i,
            title=item.title,
            presenter=item.presenter,
            duration=item.duration,
            description=item.description,
        )
        for i, item in enumerate(source.agenda_items.filter(finding__isnull=True))
    ]
    AgendaItem.objects.bulk_create(copies)
    notices.agenda_changed(meeting)
    return source, len(copies)


@transaction.atomic
def participants_invite_members(*, meeting):
    """Invite everyone in the group's current membership who is not invited yet; each gets
    the invitation with its calendar file (a mail job, after this commits)."""
    invited = set(meeting.participants.exclude(person=None).values_list("person_id", flat=True))
    people = (
        Membership.objects.current()
        .filter(group_id=meeting.group_id)
        .exclude(person_id__in=invited)
        .values_list("person_id", flat=True)
        .distinct()
    )
    created = Participant.objects.bulk_create(
        [Participant(meeting=meeting, person_id=person_id) for person_id in people]
    )
    notices.invite(
        meeting,
        meeting.participants.filter(pk__in=[p.pk for p in created]).select_related("person"),
    )
    return len(created)


@transaction.atomic
def participant_add_guest(*, form):
    """Add a guest from the guest form; a guest with an address gets the invitation."""
    guest = form.save()
    notices.invite(guest.meeting, [guest])
    return guest


@transaction.atomic
def meeting_update(*, form):
    """Save the meeting's form; when its time or place changed, the participants get an
    update of their invitation."""
    meeting = form.save()
    if {"start", "end", "location", "place"} & set(form.changed_data):
        with translation.override(settings.LANGUAGE_CODE):
            notices.changed(meeting, what=_("The time or place"))
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting, reason, user):
    """Cancel a meeting that has not been held: it stays, marked cancelled with the reason,
    and every participant gets the cancellation for their calendar."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("group", "place")
        .get(pk=meeting.pk)
    )
    if meeting.state != MeetingState.PLANNED:
        raise ValidationError(_("Only a planned meeting can be cancelled."))
    meeting.state = MeetingState.CANCELLED
    meeting.cancel_reason = reason.strip()
    meeting.full_clean()
    meeting.save(update_fields=["state", "cancel_reason"])
    notices.cancelled(meeting)
    return meeting


def _require_unpublished(meeting):
    if meeting.minutes_locked:
        raise ValidationError(_("The minutes are approved and can no longer be changed."))


OUTCOME_STATUS = {
    AgendaItemOutcome.RESOLVED: ActionItemStatus.DONE,
    AgendaItemOutcome.IN_PROGRESS: ActionItemStatus.IN_PROGRESS,
    AgendaItemOutcome.NOT_RESOLVED: ActionItemStatus.OPEN,
    AgendaItemOutcome.DROPPED: ActionItemStatus.CANCELLED,
}


def _set_action_status(action, status, *, by):
    if action.status == status:
        return
    if status == ActionItemStatus.DONE:
        action.mark_done(by=by)
        return
    action.status = status
    action.done_on = None
    action.done_by = None
    action.full_clean()
    action.save(update_fields=["status", "done_on", "done_by"])


@transaction.atomic
def minutes_save(*, item, notes, user, outcome=None):
    """Save one agenda item's minutes (the editor's form and its autosave both come here):
    record who changed them and when, keep the edit history, and move a planned or held
    meeting to "minutes in draft". For a finding on a follow-up meeting the outcome also
    sets the finding's action item status. Returns True when something changed."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _require_unpublished(meeting)
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("finding__action_item")
        .get(pk=item.pk)
    )
    notes = notes.replace("\r\n", "\n")
    changed_notes = notes != item.notes
    changed_outcome = outcome is not None and outcome != item.outcome
    if not (changed_notes or changed_outcome):
        return False
    now = timezone.now()
    if changed_notes:
        item.notes = notes
        item.notes_updated_at = now
        item.notes_updated_by = user
        last = item.revisions.order_by("-saved_at", "-pk").first()
        if last and last.by_id == user.pk and now - last.saved_at < REVISION_WINDOW:
            last.notes, last.saved_at = notes, now
            last.save(update_fields=["notes", "saved_at"])
        else:
            MinutesRevision.objects.create(
                agenda_item=item, notes=notes, by=user, started_at=now, saved_at=now
            )
    if changed_outcome:
        if item.finding_id is None:
            raise ValidationError({"outcome": _("Only an item about a finding has an outcome.")})
        item.outcome = outcome
        if outcome:
            _set_action_status(item.finding.action_item, OUTCOME_STATUS[outcome], by=user)
    item.full_clean()
    item.save()
    if meeting.state in (MeetingState.PLANNED, MeetingState.HELD):
        meeting.state = MeetingState.MINUTES_DRAFT
        meeting.save(update_fields=["state"])
    return True


def minutes_conflict(item, version, user):
    """Someone else saved this item's minutes since the editor (at ``version``) loaded it."""
    return (
        version != item.notes_version
        and item.notes_updated_by_id is not None
        and item.notes_updated_by_id != user.pk
    )


@transaction.atomic
def minutes_save_all(*, changes, user):
    """The minutes editor without JavaScript: every item's notes (and outcome) saved in one
    transaction. ``changes`` holds (item, version, notes, outcome) per item; an item that
    someone else saved since the editor loaded it is left as it is and returned, so that
    the editor can show the conflict with the user's text kept."""
    conflicts = []
    for item, version, notes, outcome in changes:
        if minutes_conflict(item, version, user):
            conflicts.append(item)
            continue
        minutes_save(item=item, notes=notes, user=user, outcome=outcome)
    return conflicts


@transaction.atomic
def decision_create(
    *,
    agenda_item,
    text,
    user,
    action_title="",
    responsible_person=None,
    responsible_organisation=None,
    due=None,
):
    """Record a decision on an agenda item; with ``action_title``, also the action item it
    gives someone (decision_create_action_item), in the same transaction."""
    _require_unpublished(agenda_item.meeting)
    decision = Decision(agenda_item=agenda_item, text=text.strip(), created_by=user)
    decision.full_clean(exclude=["search_vector"])
    decision.save()
    meeting = agenda_item.meeting
    if meeting.state in (MeetingState.PLANNED, MeetingState.HELD):
        meeting.state = MeetingState.MINUTES_DRAFT
        meeting.save(update_fields=["state"])
    if action_title:
        decision_create_action_item(
            decision=decision,
            title=action_title,
            user=user,
            responsible_person=responsible_person,
            responsible_organisation=responsible_organisation,
            due=due,
        )
    return decision


@transaction.atomic
def decision_create_action_item(
    *,
    decision,
    title,
    user,
    responsible_person=None,
    responsible_organisation=None,
    due=None,
    description="",
):
    """An action item that a decision gives someone: it joins the action plan's list with
    the meeting's group (whose members then see it) and stays linked to the decision."""
    meeting = decision.agenda_item.meeting
    _require_unpublished(meeting)
    action = ActionItem(
        title=title,
        description=description,
        responsible_person=responsible_person,
        responsible_organisation=responsible_organisation,
        due=due,
        group_id=meeting.group_id,
        source=ActionItem.Source.MEETING_DECISION,
    )
    action.full_clean()
    action.save()
    decision.action_items.add(action)
    action_notices.saved(action)
    return action


def _minutes_context(meeting):
    items = list(
        meeting.agenda_items.select_related("finding__action_item")
        .prefetch_related(
            "decisions__action_items__responsible_person",
            "decisions__action_items__responsible_organisation",
        )
        .order_by("position", "pk")
    )
    participants = list(meeting.participants.select_related("person__organisation"))
    return {"meeting": meeting, "items": items, "participants": participants, "url": ""}


@transaction.atomic
def meeting_publish_minutes(*, meeting, user):
    """Publish approved minutes to the group's members, and tell every participant (a person,
    or a guest with an address), with the minutes in full, the decisions and the action items
    they created. Minutes not yet approved are approved in the same step when the publisher
    may approve them (Meeting.can_approve), and refused otherwise. The mails are jobs that
    run after the commit. Returns the number of participants told."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("group", "place", "approved_by")
        .get(pk=meeting.pk)
    )
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting is cancelled."))
    if meeting.minutes_published:
        raise ValidationError(_("The minutes are approved and can no longer be changed."))
    now = timezone.now()
    if meeting.approved_at is None:
        if not meeting.can_approve(user):
            raise ValidationError(
                _("The chair approves the minutes first; then they can be published.")
            )
        _approve(meeting, user, now)
    meeting.state = MeetingState.MINUTES_APPROVED
    meeting.published_at = now
    meeting.published_by = user
    meeting.full_clean()
    meeting.save(update_fields=["state", "published_at", "published_by"])
    return len(notices.minutes_published(meeting, _minutes_context(meeting)))


# --- Safety walks ------------------------------------------------------------------------------


@transaction.atomic
def finding_create(
    *,
    walk,
    user,
    condition,
    latitude,
    longitude,
    title="",
    description="",
    photo=None,
    responsible_person=None,
    responsible_organisation=None,
    due=None,
):
    """Record a finding together with its action item (source "safety-walk finding", group =
    the organising group), so it shows in the action-item lists and on the place's page."""
    label = str(dict(Finding.Condition.choices).get(condition, condition))
    where = walk.place.name if walk.place_id else walk.area
    action = ActionItem(
        title=(title or f"{label}: {where}")[:300],
        description=description,
        responsible_person=responsible_person,
        responsible_organisation=responsible_organisation,
        due=due,
        group_id=walk.group_id,
        source=ActionItem.Source.SAFETY_WALK_FINDING,
    )
    action.full_clean()
    action.save()
    finding = Finding(
        walk=walk,
        action_item=action,
        condition=condition,
        description=description,
        latitude=latitude,
        longitude=longitude,
        recorded_by=user,
    )
    if photo:
        finding.photo = photo
    finding.full_clean()
    finding.save()
    action_notices.saved(action)
    return finding


@transaction.atomic
def safety_walk_complete(*, walk, user):
    """Complete the walk and schedule its follow-up meeting six months later for the organising
    group, with every finding on its agenda (their current status shows there live)."""
    walk = (
        SafetyWalk.objects.select_for_update(of=("self",)).select_related("place").get(pk=walk.pk)
    )
    if walk.is_completed:
        raise ValidationError(_("The safety walk is already completed."))
    start = follow_up_start(walk)
    with translation.override(settings.LANGUAGE_CODE):  # stored texts are in Danish
        return _schedule_follow_up(walk, start)


def _schedule_follow_up(walk, start):
    meeting = Meeting(
        group_id=walk.group_id,
        title=_("Follow-up of the safety walk: %(walk)s") % {"walk": walk.title},
        kind=MeetingKind.WALK_FOLLOW_UP,
        start=start,
        end=start + datetime.timedelta(hours=2),
        place=walk.place,
        location=walk.where,
        description=_("Status of the conditions found on the safety walk on %(date)s.")
        % {"date": walk.date.strftime("%d.%m.%Y")},
    )
    meeting.full_clean()
    meeting.save()
    agenda_item_add(meeting=meeting, title=_("Welcome and the walk in brief"), duration=10)
    findings = walk.findings.select_related("action_item").order_by("pk")
    for number, finding in enumerate(findings, start=1):
        agenda_item_add(
            meeting=meeting,
            title=_("Finding %(number)s: %(title)s")
            % {"number": number, "title": finding.action_item.title},
            duration=5,
            finding=finding,
        )
    agenda_item_add(meeting=meeting, title=_("Further follow-up and next walk"), duration=15)
    Participant.objects.bulk_create(
        [
            Participant(
                meeting=meeting,
                person_id=p.person_id,
                name="" if p.person_id else p.name,
                organisation="" if p.person_id else p.organisation,
            )
            for p in walk.participants.all()
        ]
    )
    walk.state = WalkState.COMPLETED
    walk.completed_at = timezone.now()
    walk.follow_up_meeting = meeting
    walk.save(update_fields=["state", "completed_at", "follow_up_meeting"])
    notices.invite(meeting, meeting.participants.select_related("person"))
    return meeting


@transaction.atomic
def safety_walk_save(*, walk, members):
    """Save a safety walk and make its member participants exactly ``members`` (people);
    guests stay as they are."""
    walk.save()
    chosen = {person.pk for person in members}
    walk.participants.exclude(person=None).exclude(person_id__in=chosen).delete()
    existing = set(walk.participants.exclude(person=None).values_list("person_id", flat=True))
    WalkParticipant.objects.bulk_create(
        [WalkParticipant(walk=walk, person_id=pk) for pk in chosen - existing]
    )
    return walk


@dataclasses.dataclass
class WalkPhotoRetention:
    cutoff: datetime.datetime
    photos: int


def apply_walk_photo_retention(*, months, now=None, dry_run=False):
    """Remove the photos of safety-walk findings recorded more than ``months`` months ago
    (WALK_PHOTO_RETENTION_MONTHS): they may show residents' faces. The finding itself (what,
    where, who fixes it, its status) stays for the follow-up. The files go after the
    transaction commits."""
    now = now or timezone.now()
    cutoff = months_before(timezone.localtime(now), months)
    due = Finding.objects.filter(created_at__lt=cutoff).exclude(photo="")
    names = list(due.values_list("photo", flat=True))
    if dry_run or not names:
        return WalkPhotoRetention(cutoff, len(names))
    with pghistory.context(action="walk photo retention"):
        Finding.objects.filter(photo__in=names).update(photo="")

    def delete_files():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete_files)
    return WalkPhotoRetention(cutoff, len(names))


@transaction.atomic
def theme_meeting_plan(*, walk, title, start, end, location, findings):
    """Plan a theme meeting of the walk's group from the walk's findings: one agenda item per
    chosen finding (linked to it, so the meeting shows its status), after a short opening
    item that points back to the walk."""
    with translation.override(settings.LANGUAGE_CODE):  # stored texts are in Danish
        meeting = Meeting(
            group_id=walk.group_id,
            title=title,
            kind=MeetingKind.THEME,
            start=start,
            end=end,
            place=walk.place,
            location=location,
            description=_("Theme meeting on findings of the safety walk on %(date)s: %(walk)s.")
            % {"date": walk.date.strftime("%d.%m.%Y"), "walk": walk.title},
        )
        meeting.full_clean()
        meeting.save()
        agenda_item_add(meeting=meeting, title=_("The safety walk and its findings"), duration=10)
        for finding in findings:
            agenda_item_add(
                meeting=meeting,
                title=_("Finding: %(title)s") % {"title": finding.action_item.title},
                description=finding.description,
                duration=15,
                finding=finding,
            )
    return meeting
