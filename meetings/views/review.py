"""The round before approval, and the meeting's documents as PDF."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from byrum.pdf import pdf_response
from byrum.shortcuts import form_page

from .. import approval, documents
from ..access import (
    get_agenda_item_for_user,
    get_comment_for_user,
    get_meeting_for_user,
    get_minutes_meeting_for_user,
)
from ..forms import MinutesCommentForm, MinutesRoundForm, ResolveCommentForm
from ..models import MinutesComment, RoundAudience
from ..selectors import meeting_document
from .helpers import _refuse_published


def _review_url(meeting, item_pk=None):
    url = reverse("meetings:review", args=[meeting.pk])
    return url + (f"#item-{item_pk}" if item_pk else "")


def round_send(request, pk):
    """The secretary sends the draft minutes to the participants or the chair."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    if (refused := _refuse_published(request, meeting)) is not None:
        return refused
    form = MinutesRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            approval.minutes_round_send(
                meeting=meeting,
                user=request.user,
                audience=form.cleaned_data["audience"],
                deadline=form.cleaned_data["deadline"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft minutes were sent for comments."))
            return redirect(_review_url(meeting))
    participants = approval.round_recipients(meeting=meeting, audience=RoundAudience.PARTICIPANTS)
    chairs = approval.round_recipients(meeting=meeting, audience=RoundAudience.CHAIR)
    return form_page(
        request,
        form,
        title=_("Send the draft minutes for comments"),
        back=(meeting.get_absolute_url(), meeting.title),
        intro=_(
            "The participants (%(participants)s) or the chair (%(chair)s) get a mail with a "
            "link, and comment on each agenda item in Byrum."
        )
        % {
            "participants": ", ".join(p.name for p in participants) or "–",
            "chair": ", ".join(p.name for p in chairs) or "–",
        },
    )


def review(request, pk):
    """The draft minutes with the comments per item: recipients comment, the secretary
    resolves, the chair approves."""
    meeting = get_minutes_meeting_for_user(request.user, pk)
    context = meeting_document(meeting, with_minutes=True)
    comments = list(MinutesComment.objects.filter(round__meeting=meeting).for_review_page())
    by_item = {}
    for comment in comments:
        by_item.setdefault(comment.agenda_item_id, []).append(comment)
    for item in context["items"]:
        item.comment_list = by_item.get(item.pk, [])
    open_round = approval.open_round(meeting)
    can_comment = (
        open_round is not None
        and open_round.accepts_comments()
        and approval.may_comment(request.user, open_round)
    )
    context.update(
        open_round=open_round,
        rounds=list(meeting.rounds.select_related("sent_by").prefetch_related("recipients")),
        can_comment=can_comment,
        can_resolve=meeting.can_edit(request.user) and not meeting.minutes_locked,
        can_approve=not meeting.minutes_locked and meeting.can_approve(request.user),
        unresolved=sum(1 for c in comments if not c.is_resolved),
        comment_form=MinutesCommentForm() if can_comment else None,
    )
    return render(request, "meetings/review.html", context)


def comment_add(request, pk):
    """A recipient comments on one item (the review page posts here; without the page's
    inline form, GET shows a form of its own)."""
    item = get_agenda_item_for_user(request.user, pk, write=False)
    meeting = item.meeting
    if not meeting.minutes_visible_to(request.user):
        raise Http404
    open_round = approval.open_round(meeting)
    if not approval.may_comment(request.user, open_round):
        raise PermissionDenied
    form = MinutesCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            approval.minutes_comment_add(
                item=item, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your comment was sent to the secretary."))
            return redirect(_review_url(meeting, item.pk))
    return form_page(
        request,
        form,
        title=_("Comment on the minutes"),
        back=(_review_url(meeting, item.pk), _("the draft minutes")),
        intro=_("%(meeting)s, item: %(item)s") % {"meeting": meeting, "item": item.title},
    )


def comment_resolve(request, pk):
    comment = get_comment_for_user(request.user, pk, write=True)
    meeting = comment.round.meeting
    if (refused := _refuse_published(request, meeting)) is not None:
        return refused
    form = ResolveCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            approval.minutes_comment_resolve(
                comment=comment, user=request.user, reply=form.cleaned_data["reply"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The comment is marked as resolved."))
            return redirect(_review_url(meeting, comment.agenda_item_id))
    return form_page(
        request,
        form,
        title=_("Resolve a comment"),
        back=(_review_url(meeting, comment.agenda_item_id), _("the draft minutes")),
        intro=_("Comment: %(text)s") % {"text": comment.text},
    )


def approve(request, pk):
    """The chair (or the secretary, where the mandate says so) approves: GET asks, POST does."""
    meeting = get_minutes_meeting_for_user(request.user, pk)
    if not meeting.can_approve(request.user):
        raise PermissionDenied
    if meeting.minutes_locked:
        messages.info(request, _("The minutes are already approved."))
        return redirect(_review_url(meeting))
    if request.method == "POST":
        try:
            approval.minutes_approve(meeting=meeting, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The minutes are approved. The secretary publishes them."))
            return redirect(_review_url(meeting))
    unresolved = approval.unresolved_comments(meeting).count()
    return render(request, "meetings/approve.html", {"meeting": meeting, "unresolved": unresolved})


def minutes_pdf(request, pk):
    """The minutes as PDF/A, to whoever may read them; drafts marked on every page."""
    meeting = get_minutes_meeting_for_user(request.user, pk)
    return pdf_response(documents.minutes_pdf(meeting), documents.filename(meeting, "referat"))


def agenda_pdf(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    return pdf_response(documents.agenda_pdf(meeting), documents.filename(meeting, "dagsorden"))
