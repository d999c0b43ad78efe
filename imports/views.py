"""Moving in: upload a sheet, read the preview row by row, confirm; templates and exports of
the same columns, so a sheet can go out and come back."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from byrum.access import get_for_user
from byrum.spreadsheets import row as sheet_row

from . import services, sheets
from .forms import UploadForm
from .models import SheetImport
from .resources import RESOURCES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def get_sheet_import_for_user(user, pk):
    """One's own uploads (the administrator: everyone's); another's answers 404."""
    imports = SheetImport.objects.select_related("uploaded_by")
    if not user.is_superuser:
        imports = imports.filter(uploaded_by=user)
    return get_for_user(user, imports, pk)


def _resource_class(kind):
    try:
        return RESOURCES[kind]
    except KeyError:
        raise Http404 from None


@permission_required("imports.add_sheetimport", raise_exception=True)
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["sheet"]
        try:
            headers, rows = sheets.read(upload)
            sheet = services.sheet_preview(
                kind=form.cleaned_data["kind"],
                file_name=upload.name,
                headers=headers,
                rows=rows,
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("sheet", error)
        else:
            return redirect(sheet)
    recent = SheetImport.objects.filter(uploaded_by=request.user)[:10]
    return render(
        request,
        "imports/upload.html",
        {"form": form, "kinds": RESOURCES.values(), "recent": recent},
    )


def preview(request, pk):
    sheet = get_sheet_import_for_user(request.user, pk)
    return render(
        request,
        "imports/preview.html",
        {
            "sheet": sheet,
            "counts": sheet.counts(),
            "refused": [row for row in sheet.preview if row["type"] == "invalid"],
            "can_confirm": sheet.state == SheetImport.State.PREVIEWED
            and request.user.has_perm("imports.add_sheetimport"),
            "form": UploadForm(initial={"kind": sheet.kind}),
        },
    )


@require_POST
def confirm(request, pk):
    sheet = get_sheet_import_for_user(request.user, pk)
    if not request.user.has_perm("imports.add_sheetimport"):
        raise Http404
    try:
        services.sheet_confirm(sheet=sheet, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        counts = sheet.counts()
        messages.success(
            request,
            _("Imported: %(new)d created, %(update)d updated, %(skip)d unchanged.") % counts,
        )
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
