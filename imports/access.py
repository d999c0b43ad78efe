"""Fetch-and-check for sheet imports."""

from django.core.exceptions import PermissionDenied

from byrum.access import get_for_user

from .models import SheetImport


def get_sheet_import_for_user(user, pk, *, write=False, defer=()):
    """A sheet import the user may see (``SheetImport.objects.visible_to``: their own
    uploads; a consultant also the colleagues' of the municipality, to follow a long
    import): 404 for anyone else. With ``write`` (confirming it), only the uploader's own
    or the administrator's: a colleague who may follow it gets 403. ``defer`` leaves out
    large columns a page does not show (the rows, the preview)."""
    sheets = SheetImport.objects.visible_to(user).select_related("uploaded_by").defer(*defer)
    sheet = get_for_user(user, sheets, pk)
    if write and not may_confirm(user, sheet):
        raise PermissionDenied
    return sheet


def may_confirm(user, sheet):
    """The uploader confirms their own sheet (the administrator any)."""
    return user.has_perm("imports.add_sheetimport") and (
        user.is_superuser or sheet.uploaded_by_id == user.pk
    )
