"""Files on records: which records take them, what a file may be, and adding one.

An app lets one of its models take attachments in its AppConfig.ready()::

    from byrum.attachments import register

    register(Meeting, fetch=get_meeting_for_user)  # (user, pk, *, write) -> obj, 404/403

``fetch`` is the model's own fetch-and-check helper: the download answers exactly what the
record's page answers (404 to those who may not see it), and uploading or deleting needs
``write=True``. ``protected=True`` puts every download in the access log under the record.

What a file may be is decided from its bytes, not its name: PDF, the Office Open XML and
OpenDocument formats (without macros) and JPEG, PNG or WebP images. The name's ending must
agree with the content. Images are decoded and saved again without metadata
(byrum/photos.py: the camera's GPS position and device never leave the phone's file), and
office documents are stored without their author, company and the like (byrum/office.py).
"""

import dataclasses
import hashlib
import io
import os
import zipfile
import zlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from . import office
from .models import Attachment
from .photos import process_photo


@dataclasses.dataclass(frozen=True)
class Target:
    model: type
    fetch: Callable
    protected: bool = False
    # obj -> a message when its files may no longer change (approved minutes), else None
    locked: Callable | None = None

    def locked_message(self, obj):
        return self.locked(obj) if self.locked else None


_registry: dict[str, Target] = {}


def key_of(model) -> str:
    meta = model._meta.concrete_model._meta
    return f"{meta.app_label}.{meta.model_name}"


def register(model, *, fetch, protected=False, locked=None):
    _registry[key_of(model)] = Target(model=model, fetch=fetch, protected=protected, locked=locked)


def target_for(key) -> Target | None:
    return _registry.get(key)


def target_of(attachment) -> Target | None:
    model = attachment.target_type.model_class()
    return _registry.get(key_of(model)) if model is not None else None


# --- What a file may be -------------------------------------------------------------------

PDF = "application/pdf"
OFFICE = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
OFFICE_MAIN_PART = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
OPENDOCUMENT = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
IMAGES = {".jpg", ".jpeg", ".png", ".webp"}
ALLOWED_ENDINGS = [".pdf", *OFFICE, *OPENDOCUMENT, *sorted(IMAGES)]


# An office document may unpack to at most this many times the upload limit.
UNPACKED_TIMES = 10


def max_bytes():
    return getattr(settings, "ATTACHMENT_MAX_MB", 20) * 1024 * 1024


@dataclasses.dataclass
class CheckedFile:
    content: ContentFile
    name: str
    mime_type: str
    size: int
    sha256: str


def _refuse(message, code, **params):
    return ValidationError(message, code=code, params=params)


def _office_kind(raw):
    """The ending an Office Open XML or OpenDocument file's content says it is, or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise _refuse(
                    _("Documents with macros are not accepted. Save it without macros."),
                    "macros",
                )
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                for ending, mime in OPENDOCUMENT.items():
                    if declared == mime:
                        return ending
                return None
            if "[Content_Types].xml" in names:
                for ending, folder in OFFICE_MAIN_PART.items():
                    if any(name.startswith(folder) for name in names):
                        return ending
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def check_upload(upload) -> CheckedFile:
    """Return the file as it will be stored, or raise ValidationError with a message the user
    can act on (in Danish)."""
    if upload.size > max_bytes():
        raise _refuse(
            _("The file is too large (%(size)d MB). It can be at most %(max)d MB."),
            "too_large",
            size=upload.size // (1024 * 1024),
            max=max_bytes() // (1024 * 1024),
        )
    original = os.path.basename(upload.name or "")
    stem, ending = os.path.splitext(original)
    ending = ending.lower()
    if ending not in ALLOWED_ENDINGS:
        raise _refuse(
            _(
                "Files of this type are not accepted. Choose a PDF, an office document "
                "(%(endings)s) or an image (JPEG, PNG, WebP)."
            ),
            "type",
            endings=", ".join(e for e in ALLOWED_ENDINGS if e not in IMAGES and e != ".pdf"),
        )
    stem = get_valid_filename(stem)[:150] or "bilag"
    mismatch = _refuse(
        _(
            "The file's content is not what its name says (%(ending)s). Save it again in that "
            "format, or give it the right ending."
        ),
        "mismatch",
        ending=ending,
    )
    if ending in IMAGES:
        upload.seek(0)
        try:
            content, digest = process_photo(upload)
        except ValidationError as error:
            if error.code == "not_image":
                raise mismatch from None
            raise
        data = content.read()
        return CheckedFile(ContentFile(data), f"{stem}.jpg", "image/jpeg", len(data), digest)
    upload.seek(0)
    raw = upload.read()
    if ending == ".pdf":
        if not raw.startswith(b"%PDF-"):
            raise mismatch
        mime = PDF
    else:
        if _office_kind(raw) != ending:
            raise mismatch
        mime = OFFICE.get(ending) or OPENDOCUMENT[ending]
        raw = _without_author(raw, mismatch)
    digest = hashlib.sha256(raw).hexdigest()
    return CheckedFile(ContentFile(raw), f"{stem}{ending}", mime, len(raw), digest)


def _without_author(raw, mismatch):
    """The office document as it is stored: without author, company and the like
    (byrum/office.py). Unpacking it is bounded: an archive that says it unpacks to more than
    UNPACKED_TIMES the upload limit is refused (a small file can unpack to gigabytes)."""
    try:
        size = office.unpacked_size(raw)
        if size > UNPACKED_TIMES * max_bytes():
            raise _refuse(
                _(
                    "The document unpacks to %(size)d MB, more than the %(max)d MB a document "
                    "may hold. Save it again, or split it up."
                ),
                "unpacked_too_large",
                size=size // (1024 * 1024),
                max=UNPACKED_TIMES * max_bytes() // (1024 * 1024),
            )
        return office.without_personal_metadata(raw)
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, OSError, EOFError):
        # Damaged, encrypted or compressed in a way no office program writes.
        raise mismatch from None


# --- Writes -------------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, target, checked: CheckedFile, user, title=""):
    """Store a checked file on ``target`` (its history records who added it and when)."""
    attachment = Attachment(
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        name=checked.name,
        title=title.strip(),
        mime_type=checked.mime_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    # A random stored name: nothing to guess from the address of the storage.
    extension = os.path.splitext(checked.name)[1]
    attachment.file.save(f"{os.urandom(12).hex()}{extension}", checked.content, save=False)
    attachment.full_clean()
    attachment.save()
    return attachment


def attachment_delete(*, attachment):
    """Delete the row (its history keeps that it existed); the stored file goes once the
    transaction commits (``delete_file_on_commit``)."""
    attachment.delete()


def delete_file_on_commit(sender, instance, using, **kwargs):
    """post_delete of Attachment (connected in ByrumConfig.ready): whenever a row goes, its
    file goes from the storage once the transaction commits, and only then (a rolled-back
    delete keeps the file its row still names).

    A receiver rather than a step in the services: a file's row also goes with its record
    (a meeting, an agenda item, a plan: their GenericRelation deletes the rows, from a page,
    from the admin or with a cascade), and Django announces each of those deletes here and
    nowhere else. ``robust``: the delete has committed by then; a storage that does not
    answer is logged (a file left over), never a failed request."""
    if not instance.file:
        return
    storage, name = instance.file.storage, instance.file.name
    transaction.on_commit(lambda: storage.delete(name), using=using, robust=True)


def attachments_by_target(attachments):
    """{(content type id, record id): [attachments]} for templates that list them per row."""
    grouped: dict = {}
    for attachment in attachments:
        grouped.setdefault((attachment.target_type_id, attachment.target_id), []).append(attachment)
    return grouped


def attach_lists(objects, attachments):
    """Set ``obj.attachment_list`` on each object from one query's result."""
    grouped = attachments_by_target(attachments)
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj)
        obj.attachment_list = grouped.get((content_type.pk, obj.pk), [])
    return objects
