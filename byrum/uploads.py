"""Uploads are capped before they are read whole.

Two locks, both before a photo reaches byrum.photos.process_photo:

- ``UploadLimitMiddleware`` answers 413 with a Danish message when a request declares a body
  larger than ``UPLOAD_MAX_REQUEST_BYTES``, before anything (CSRF, the form) reads it; the
  reverse proxy caps the body too (docker-compose's proxy configuration).
- ``CappedUploadHandler`` (first in ``FILE_UPLOAD_HANDLERS``) counts each file's bytes as they
  stream in and stops passing them on beyond ``photos.MAX_UPLOAD_BYTES``: the form then gets
  an empty file that carries its real size, and refuses it with the "too large" message.
  Nothing beyond the cap is kept in memory or on disk.

Fields other than files are capped by Django's DATA_UPLOAD_MAX_MEMORY_SIZE.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .photos import MAX_UPLOAD_BYTES


def _megabytes(size):
    return max(size // (1024 * 1024), 1)


def too_large_message():
    return _("The upload is too large. A photo can be at most %(max)d MB.") % {
        "max": _megabytes(MAX_UPLOAD_BYTES)
    }


class UploadLimitMiddleware:
    """413 for a request body declared larger than UPLOAD_MAX_REQUEST_BYTES, unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.UPLOAD_MAX_REQUEST_BYTES:
            message = too_large_message()
            if "application/json" in request.headers.get("Accept", ""):
                return JsonResponse({"uuid": None, "errors": {"photo": [message]}}, status=413)
            body = render_to_string("413.html", {"message": message})
            return HttpResponse(body, status=413)
        return self.get_response(request)


class CappedUploadHandler(FileUploadHandler):
    """Stops keeping a file's bytes past MAX_UPLOAD_BYTES; hands on an empty stand-in that
    says how large the file was, so the form refuses it in words."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > MAX_UPLOAD_BYTES:
            return None  # the handlers after this one never see the rest
        return raw_data

    def file_complete(self, file_size):
        if self.received <= MAX_UPLOAD_BYTES:
            return None  # the next handler (memory or temporary file) has the file
        return InMemoryUploadedFile(
            io.BytesIO(b""),
            self.field_name,
            self.file_name,
            self.content_type,
            self.received,
            self.charset,
            self.content_type_extra,
        )
