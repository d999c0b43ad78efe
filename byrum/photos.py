"""Photos of a place, taken with the caretaker's phone: checked, resized and stripped.

The phone's camera writes EXIF metadata (GPS position, time, device) into the file. Only the
pixels are kept: the image is decoded, turned upright, shrunk and encoded again as a fresh
JPEG without any metadata.
"""

import hashlib
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse "decompression bombs" before decoding them
MAX_SIDE = 1600
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}


def process_photo(upload):
    """Return (ContentFile of a clean JPEG, sha256 of the bytes sent) or raise
    ValidationError with a message the caretaker can act on."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The photo is too large (%(size)d MB). It can be at most %(max)d MB."),
            code="too_large",
            params={"size": upload.size // (1024 * 1024), "max": MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
    raw = upload.read()
    digest = hashlib.sha256(raw).hexdigest()
    not_an_image = ValidationError(
        _("The file is not a photo. Choose a JPEG, PNG or WebP image."), code="not_image"
    )
    too_many_pixels = ValidationError(
        _("The photo has too many pixels. Take it with a lower resolution."),
        code="too_many_pixels",
    )
    try:
        # Pillow itself refuses (DecompressionBombError) an image of more than twice its
        # own limit as it opens it: that is a pixel bomb too, not "not a photo".
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise not_an_image
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise too_many_pixels
            probe.verify()
        with Image.open(io.BytesIO(raw)) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            if image.mode != "RGB":
                image = image.convert("RGB")
            # Drop everything the camera wrote besides the pixels (EXIF, XMP, comments).
            image.info = {}
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=82, optimize=True)
    except Image.DecompressionBombError:
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_an_image from None
    return ContentFile(out.getvalue(), name="photo.jpg"), digest
