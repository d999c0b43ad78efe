"""Moving in: upload a sheet, read the preview row by row, confirm; templates and exports of
the same columns, so a sheet can go out and come back."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from byrum.spreadsheets import row as sheet_row

from . import services
from .access import get_sheet_import_for_user, may_confirm
from .forms import UploadForm
from .models import SheetImport
from .resources import RESOURCES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The preview page lists at most this many rows (and refused rows); a 10,000-row sheet's
# page would otherwise be megabytes of HTML. The counts above them cover every row.
ROWS_SHOWN = 1000


def _resource_class(kind):
    try:
        return RESOURCES[kind]
    except KeyError:
        raise Http404 from None


@permission_required("imports.add_sheetimport", raise_exception=True)
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            sheet = services.sheet_upload(
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["sheet"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("sheet", error)
        else:
            return redirect(sheet)
    recent = SheetImport.objects.filter(uploaded_by=request.user).for_list()[:10]
    return render(
        request,
        "imports/upload.html",
        {"form": form, "kinds": RESOURCES.values(), "recent": recent},
    )


def progress_text(sheet):
    """ "Checked 1.200 of 10.000 rows": what the sheet's job has done, in words."""
    done = formats.number_format(sheet.rows_done, force_grouping=True)
    total = formats.number_format(sheet.rows_total, force_grouping=True)
    if sheet.state == SheetImport.State.IMPORTING:
        return _("Imported %(done)s of %(total)s rows") % {"done": done, "total": total}
    if sheet.rows_total:
        return _("Checked %(done)s of %(total)s rows") % {"done": done, "total": total}
    return _("Reading the sheet …")


@never_cache
def preview(request, pk):
    """The sheet's page: while a job works on it, how far it has come (the page refreshes
    itself; with JavaScript it asks the status URL instead); then the preview row by row,
    or what was imported."""
    sheet = get_sheet_import_for_user(request.user, pk, defer=["rows"])
    if sheet.running:
        return render(
            request,
            "imports/progress.html",
            {"sheet": sheet, "progress": progress_text(sheet)},
        )
    counts = sheet.counts()
    refused = [row for row in sheet.preview if row["type"] == "invalid"]
    confirmer = may_confirm(request.user, sheet)
    return render(
        request,
        "imports/preview.html",
        {
            "sheet": sheet,
            "counts": counts,
            "refused": refused[:ROWS_SHOWN],
            "refused_hidden": max(0, len(refused) - ROWS_SHOWN),
            "rows": sheet.preview[:ROWS_SHOWN],
            "rows_hidden": max(0, len(sheet.preview) - ROWS_SHOWN),
            "can_confirm": sheet.state == SheetImport.State.PREVIEWED and confirmer,
            "can_upload": confirmer,
            "form": UploadForm(initial={"kind": sheet.kind}),
        },
    )


@never_cache
def status(request, pk):
    """The sheet's job as JSON, for the page's progress bar: its state, rows done of the
    total, and the same in words."""
    sheet = get_sheet_import_for_user(request.user, pk, defer=["headers", "rows", "preview"])
    return JsonResponse(
        {
            "state": sheet.state,
            "running": sheet.running,
            "done": sheet.rows_done,
            "total": sheet.rows_total,
            "text": progress_text(sheet),
        }
    )


@require_POST
def confirm(request, pk):
    """Confirm the preview: within the request for a small sheet, by a job for a large one
    (the page then follows it)."""
    sheet = get_sheet_import_for_user(request.user, pk, write=True, defer=["rows", "preview"])
    try:
        if sheet.in_background:
            services.sheet_confirm_later(sheet=sheet, user=request.user)
        else:
            services.sheet_confirm(sheet=sheet, user=request.user)
            messages.success(
                request,
                _("Imported: %(new)d created, %(update)d updated, %(skip)d unchanged.")
                % sheet.counts(),
            )
    except ValidationError as error:
        if not sheet.error:  # a refused import says why on the sheet's page
            messages.error(request, " ".join(error.messages))
    return redirect(sheet)


def _workbook_response(title, headers, rows, file_name):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(headers)
    for values in rows:
        sheet.append(sheet_row(values))
    stream = io.BytesIO()
    book.save(stream)
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@permission_required("imports.add_sheetimport", raise_exception=True)
def template(request, kind):
    """The sheet to fill in: the Danish column headers and one example row."""
    resource = _resource_class(kind)
    headers = resource.headers()
    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    sheet.title = str(resource.label)[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = bold
    sheet.append(sheet_row([resource.example.get(h, "") for h in headers]))
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 24
    stream = io.BytesIO()
    book.save(stream)
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="byrum-skabelon-{kind}.xlsx"'
    return response


@permission_required("imports.add_sheetimport", raise_exception=True)
def export(request, kind):
    """What Byrum holds, in the template's columns: a sheet to send out and import again."""
    resource = _resource_class(kind)()
    dataset = resource.export()
    return _workbook_response(
        str(resource.label),
        list(dataset.headers),
        list(dataset),
        f"byrum-{kind}-{timezone.localdate():%Y-%m-%d}.xlsx",
    )
