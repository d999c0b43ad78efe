from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseBadRequest, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from byrum.access import log_access
from byrum.models import AccessLog
from byrum.pagination import COUNT_LIMIT, CURSOR_PARAMETERS, bounded_count, keyset_page
from byrum.shortcuts import filters_refused
from byrum.spreadsheets import CSV_TYPE, XLSX_TYPE

from . import background_exports, exports, selectors, services, smalljob_exports
from .access import (
    get_export_for_user,
    get_incident_for_user,
    get_small_job_for_user,
    sees_incident_detail,
    visible_incidents,
)
from .app import app_shell, queue_text
from .filters import IncidentFilter, SmallJobFilter
from .forms import FollowUpForm, IncidentForm, ReportForm, SmallJobChangeForm, SmallJobForm
from .models import Incident, IncidentExport, SmallJob

PAGE_SIZE = 50
EXPORT_TYPES = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}
SMALL_JOB_PREFIX = "job"


def wants_json(request):
    """The offline queue asks for JSON; the plain HTML form does not."""
    return "application/json" in request.headers.get("Accept", "")


def _last_place_id(user):
    return Incident.objects.filter(reported_by=user).values_list("place_id", flat=True).first()


def _answer(obj, created):
    """What the phone gets back for a report: the UUID it sent, so it only marks the
    report sent when this very report is confirmed."""
    return JsonResponse(
        {
            "uuid": str(obj.client_uuid),
            "id": obj.pk,
            "created": created,
            "created_at": obj.created_at.isoformat(),
        },
        status=201 if created else 200,
    )


def _conflict():
    return JsonResponse(
        {
            "uuid": None,
            "error": _("This report ID was already used for a different report."),
        },
        status=409,
    )


def _invalid(form):
    return JsonResponse(
        {
            "uuid": None,
            # Keyed by the name the field was posted under (with a form's prefix), so the
            # phone shows each message beside its field when it opens the report again.
            "errors": {
                (field if field == "__all__" else form.add_prefix(field)): [
                    error["message"] for error in errors
                ]
                for field, errors in form.errors.get_json_data().items()
            },
        },
        status=400,
    )


def incident_list(request):
    """Newest first, a page at a time from a cursor (byrum.pagination): no COUNT(*) or
    OFFSET over the whole set, so the first and a deep page cost the same."""
    incidents = visible_incidents(request.user).for_list()
    filterset = IncidentFilter(request.GET, queryset=incidents, request=request)
    rows = filterset.qs
    match = getattr(filterset, "text_match", None)  # only a valid form is filtered
    if match is None:
        page = keyset_page(rows, request.GET, field="occurred_at", per_page=PAGE_SIZE)
        count, count_limit = bounded_count(rows, page, limit=COUNT_LIMIT), COUNT_LIMIT
    else:
        # A free-text search is read in steps (keyset_page's match); counting its rows
        # would read every match, so the heading says "more than a page" when it is so.
        page = keyset_page(
            filterset.unsearched, request.GET, field="occurred_at", per_page=PAGE_SIZE, match=match
        )
        count_limit = PAGE_SIZE
        whole = page.is_first and not page.has_more
        count = len(page.object_list) if whole else PAGE_SIZE + 1
    query = QueryDict(page.filter_query)
    action = AccessLog.Action.SEARCHED if request.GET.get("q") else AccessLog.Action.LISTED
    log_access(request, action, objects=page.object_list, model=Incident, query=query)
    return render(
        request,
        "incidents/incident_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "count": count,
            "count_limit": count_limit,
            "query": page.filter_query,
            "can_report": request.user.has_perm("incidents.add_incident"),
            "detail": sees_incident_detail(request.user),
        },
    )


def _export(request, fmt):
    """The list's rows as a file: streamed while the browser waits, or, above
    INCIDENT_EXPORT_BACKGROUND_ROWS rows, a page that offers to write it in the background.
    The access log records the filters and the number of rows, not every id."""
    filterset = IncidentFilter(
        request.GET, queryset=visible_incidents(request.user), request=request
    )
    if not filterset.is_valid():
        return filters_refused(filterset)
    count = background_exports.counted(filterset.qs)
    if count > background_exports.background_rows():
        return render(
            request,
            "incidents/export_large.html",
            {
                "format": fmt,
                "query": filter_query(request.GET),
                "limit": background_exports.background_rows(),
                "underway": IncidentExport.objects.of(request.user).unfinished(),
            },
        )
    query = QueryDict(filter_query(request.GET))
    log_access(request, AccessLog.Action.EXPORTED, model=Incident, query=query, count=count)
    return exports.response(filterset.qs, fmt, detail=sees_incident_detail(request.user))


def filter_query(params):
    """The list's filters as a query string, without its cursor and empty fields."""
    query = QueryDict(mutable=True)
    for key, values in params.lists():
        if key not in CURSOR_PARAMETERS:
            query.setlist(key, [v for v in values if v != ""])
    return query.urlencode()


def export_csv(request):
    return _export(request, "csv")


def export_xlsx(request):
    return _export(request, "xlsx")


@require_POST
def export_start(request):
    """Write a large export in the background (the button on the page above)."""
    fmt = request.POST.get("format")
    query = filter_query(QueryDict(request.POST.get("query", "")[:1000]))
    filterset = IncidentFilter(
        QueryDict(query), queryset=visible_incidents(request.user), request=request
    )
    if fmt not in exports.FORMATS or not filterset.is_valid():
        return HttpResponseBadRequest(
            _("The export could not be started: the format or the filters are not valid."),
            content_type="text/plain; charset=utf-8",
        )
    export = background_exports.export_request(user=request.user, fmt=fmt, query=query)
    return redirect(export)


@require_GET
def export_status(request, pk):
    """The export's progress; the page asks again by itself (JSON) until it is done."""
    export = get_export_for_user(request.user, pk)
    if wants_json(request):
        return JsonResponse(
            {
                "status": export.status,
                "progress": progress_text(export),
                "written": export.rows_written,
                "total": export.rows_total,
                "percent": export.percent,
                "finished": export.finished,
                "download": reverse("incidents:export_download", args=[export.pk])
                if export.is_available()
                else None,
            }
        )
    return render(
        request,
        "incidents/export_status.html",
        {"export": export, "progress": progress_text(export)},
    )


def progress_text(export):
    """How far the export has come, in words (the page, and its JSON for the script)."""
    written = number_format(export.rows_written, force_grouping=True)
    total = number_format(export.rows_total or 0, force_grouping=True)
    if export.status == IncidentExport.Status.QUEUED:
        return _("Waiting to start.")
    if export.status == IncidentExport.Status.RUNNING:
        if export.rows_total is None:
            return _("Counting the incidents.")
        return _("Being written: %(written)s of %(total)s incidents.") % {
            "written": written,
            "total": total,
        }
    if export.status == IncidentExport.Status.DONE:
        return _("Ready: %(total)s incidents.") % {"total": total}
    return _("The export failed.")


@require_GET
def export_download(request, pk):
    """The file, to its requester only, until it expires. Logged as the export it is."""
    export = get_export_for_user(request.user, pk)
    if not export.is_available() or not default_storage.exists(export.file):
        raise Http404
    log_access(
        request,
        AccessLog.Action.EXPORTED,
        model=Incident,
        query=QueryDict(export.query),
        count=export.rows_total,
    )
    response = FileResponse(
        default_storage.open(export.file),
        as_attachment=True,
        filename=export.file.rsplit("/", 1)[-1],
        content_type=EXPORT_TYPES[export.format],
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _receive(request, form, store, *, done):
    """A report or small job from the phone, one path for both ways it comes: the plain HTML
    form post, and the offline queue's sending of a kept one (``Accept: application/json``,
    answered in JSON). ``store(cleaned_data)`` stores it once per UUID. Returns the response,
    or the status to draw the form again with its errors."""
    as_json = wants_json(request)
    if not form.is_valid():
        return _invalid(form) if as_json else 400
    try:
        obj, created = store(form.cleaned_data)
    except services.ReplayConflict:
        if as_json:
            return _conflict()
        form.add_error(None, _("This report ID was already used for a different report."))
        return 409
    if as_json:
        return _answer(obj, created)
    messages.success(request, done)
    return redirect("incidents:new")


@app_shell
@permission_required("incidents.add_incident", raise_exception=True)
def incident_new(request):
    """The caretaker's phone page: report an incident (and log a small job below it)."""
    user = request.user
    status = 200
    form = None
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, user=user)
        status = _receive(
            request,
            form,
            lambda data: services.incident_report(
                user=user,
                client_uuid=data["client_uuid"],
                data=data,
                photo=form.photo_file,
                photo_digest=form.photo_digest,
            ),
            done=_("The report was sent. Thank you."),
        )
        if not isinstance(status, int):
            return status
    # Drawing the page: the caretaker's places and the place of their last report.
    last_place_id = _last_place_id(user)
    if form is None:
        form = ReportForm(user=user, last_place_id=last_place_id)
    job_form = SmallJobForm(
        user=user, last_place_id=last_place_id, places=form.place_lists, prefix=SMALL_JOB_PREFIX
    )
    return render(
        request,
        "incidents/report.html",
        {"form": form, "job_form": job_form, "queue_text": queue_text()},
        status=status,
    )


@app_shell
@permission_required("incidents.add_smalljob", raise_exception=True)
def smalljob_new(request):
    user = request.user
    status = 200
    if request.method == "POST":
        form = SmallJobForm(request.POST, user=user, prefix=SMALL_JOB_PREFIX)
        status = _receive(
            request,
            form,
            lambda data: services.small_job_log(
                user=user, client_uuid=data["client_uuid"], data=data
            ),
            done=_("The small job was logged. Thank you."),
        )
        if not isinstance(status, int):
            return status
    else:
        form = SmallJobForm(user=user, last_place_id=_last_place_id(user), prefix=SMALL_JOB_PREFIX)
    return render(
        request,
        "incidents/smalljob_form.html",
        {"job_form": form, "queue_text": queue_text()},
        status=status,
    )


@permission_required("incidents.add_incident", raise_exception=True)
def mine(request):
    """The caretaker's own reports and this week at their places."""
    user = request.user
    my_reports = list(selectors.my_reports(user))
    my_week = selectors.my_week(user)
    # One row for every incident the page shows: the caretaker's own and the colleagues'
    # this week at their places.
    shown = {i.pk: i for i in my_reports}
    shown.update((i.pk, i) for entry in my_week for i in entry["incidents"])
    log_access(request, AccessLog.Action.LISTED, objects=shown.values(), model=Incident)
    return render(
        request,
        "incidents/mine.html",
        {
            "my_reports": my_reports,
            "my_week": my_week,
            "my_small_jobs": _editable(selectors.my_small_jobs(user), user),
        },
    )


def incident_detail(request, pk):
    incident = get_incident_for_user(request.user, pk)
    log_access(request, AccessLog.Action.VIEWED, incident)
    can_change = incident.can_change(request.user)
    detail = sees_incident_detail(request.user)
    return render(
        request,
        "incidents/incident_detail.html",
        {
            "incident": incident,
            "detail": detail,
            "can_change": can_change,
            "follow_up_form": FollowUpForm(instance=incident) if can_change else None,
            # The history shows old and new free text: only with the detail.
            "history": selectors.incident_history(incident) if detail else None,
        },
    )


def incident_edit(request, pk):
    incident = get_incident_for_user(request.user, pk, write=True)
    log_access(request, AccessLog.Action.VIEWED, incident)
    form = IncidentForm(request.POST or None, instance=incident)
    if request.method == "POST":
        if form.is_valid():
            services.incident_change(incident=incident, user=request.user, form=form)
            messages.success(request, _("The report was saved."))
            return redirect(incident)
    return render(
        request,
        "incidents/incident_form.html",
        {"incident": incident, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def incident_follow_up(request, pk):
    incident = get_incident_for_user(request.user, pk, write=True)
    form = FollowUpForm(request.POST, instance=incident)
    if form.is_valid():
        services.incident_follow_up(
            incident=incident,
            user=request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["follow_up_note"],
        )
        messages.success(request, _("The follow-up was saved."))
        return redirect(incident)
    incident.refresh_from_db()
    return render(
        request,
        "incidents/incident_detail.html",
        {
            "incident": incident,
            "can_change": True,
            "follow_up_form": form,
            "history": selectors.incident_history(incident),
        },
        status=400,
    )


def incident_photo(request, pk):
    """The photo, only to those who may see the incident (never a public media URL)."""
    incident = get_incident_for_user(request.user, pk)
    if not sees_incident_detail(request.user):
        raise Http404
    if not incident.photo or not default_storage.exists(incident.photo.name):
        raise Http404
    log_access(request, AccessLog.Action.VIEWED, incident)
    response = FileResponse(default_storage.open(incident.photo.name), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


def smalljob_list(request):
    if not request.user.has_perm("incidents.view_smalljob"):
        raise PermissionDenied
    jobs = SmallJob.objects.visible_to(request.user).select_related(
        "place", "reported_by", "initiative"
    )
    filterset = SmallJobFilter(request.GET, queryset=jobs)
    page = keyset_page(filterset.qs, request.GET, field="date", per_page=PAGE_SIZE)
    _editable(page.object_list, request.user)
    return render(
        request,
        "incidents/smalljob_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "query": page.filter_query,
            "totals": filterset.qs.totals(),
            "can_log": request.user.has_perm("incidents.add_smalljob"),
            "new_url": reverse("incidents:new") + "#small-job",
        },
    )


def _editable(jobs, user):
    """Mark the small jobs the user may correct (no queries: permissions are cached)."""
    jobs = list(jobs)
    for job in jobs:
        job.editable = job.can_change(user)
    return jobs


def smalljob_edit(request, pk):
    job = get_small_job_for_user(request.user, pk, write=True)
    form = SmallJobChangeForm(request.POST or None, instance=job)
    if request.method == "POST" and form.is_valid():
        services.small_job_change(job=job, user=request.user, form=form)
        messages.success(request, _("The small job was saved."))
        return redirect(
            "incidents:smalljob_list" if job.can_delete(request.user) else "incidents:mine"
        )
    return render(
        request,
        "incidents/smalljob_edit.html",
        {"job": job, "form": form, "can_delete": job.can_delete(request.user)},
        status=400 if form.errors else 200,
    )


@require_POST
def smalljob_delete(request, pk):
    job = get_small_job_for_user(request.user, pk)
    if not job.can_delete(request.user):
        raise PermissionDenied
    services.small_job_delete(job=job, user=request.user)
    messages.success(request, _("The small job was deleted."))
    return redirect("incidents:smalljob_list")


@require_GET
def smalljob_export(request, fmt):
    """The small-job list with its filters, as CSV or XLSX; logged like the incident export."""
    if not request.user.has_perm("incidents.view_smalljob"):
        raise PermissionDenied
    jobs = (
        SmallJob.objects.visible_to(request.user)
        .select_related("place", "reported_by", "initiative")
        .order_by("-date", "-pk")
    )
    filterset = SmallJobFilter(request.GET, queryset=jobs)
    log_access(request, AccessLog.Action.EXPORTED, model=SmallJob, query=request.GET)
    return smalljob_exports.small_jobs(filterset.qs, fmt)
