"""Office documents stored without who made them, as images are stored without their camera
(byrum/photos.py).

Word, Excel and PowerPoint files (Office Open XML: .docx, .xlsx, .pptx) are zip archives
whose docProps/core.xml names the author and the last one to save the file, docProps/app.xml
the company and the manager, and docProps/custom.xml holds the fields a case-management
system adds; OpenDocument files (.odt, .ods, .odp) keep the same in meta.xml. Those elements
are taken out of those parts; every other part of the archive is copied byte for byte, in
its order and with its compression (an OpenDocument file's uncompressed "mimetype" first),
so the document opens as before with the same content.

Taken out by text, not by writing the XML again: ElementTree would rename the namespace
prefixes, and a value such as xsi:type="dcterms:W3CDTF" names one. A namespace-aware parse
then checks that nothing named is left; if something is (an odd encoding, CDATA), or the
part cannot be read, or it declares a DOCTYPE (entities that could expand), the part is
replaced by an empty one of its kind.
"""

import io
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile

CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
APP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"

_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# The part, the (namespace, name) of each element that says who, and the part's empty form.
PARTS = {
    "docProps/core.xml": (
        {(DC, "creator"), (CORE, "lastModifiedBy")},
        _DECLARATION
        + f'<cp:coreProperties xmlns:cp="{CORE}" xmlns:dc="{DC}" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'.encode(),
    ),
    "docProps/app.xml": (
        {(APP, "Company"), (APP, "Manager"), (APP, "HyperlinkBase")},
        _DECLARATION + f'<Properties xmlns="{APP}" xmlns:vt="{VT}"/>'.encode(),
    ),
    # Every custom property: its names are the system's own, any of them may be a person.
    "docProps/custom.xml": (
        {(CUSTOM, "property")},
        _DECLARATION + f'<Properties xmlns="{CUSTOM}" xmlns:vt="{VT}"/>'.encode(),
    ),
    "meta.xml": (
        {(DC, "creator"), (META, "initial-creator"), (META, "printed-by"), (META, "user-defined")},
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + f'<office:document-meta xmlns:office="{OFFICE}" xmlns:meta="{META}" xmlns:dc="{DC}" '
        'office:version="1.2"><office:meta/></office:document-meta>'.encode(),
    ),
}
# A metadata part larger than this is not read: it is replaced by its empty form.
PART_MAX_BYTES = 1024 * 1024


def has_personal_parts(archive: zipfile.ZipFile) -> bool:
    return any(name in PARTS for name in archive.namelist())


def without_personal_metadata(raw: bytes) -> bytes:
    """The archive ``raw`` with the named elements taken out of its metadata parts; ``raw``
    itself when it has none of those parts. Raises zipfile.BadZipFile, RuntimeError
    (encrypted), NotImplementedError (unknown compression) or OSError for an archive that
    cannot be read; the caller checks the unpacked size first (``unpacked_size``)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        if not has_personal_parts(archive):
            return raw
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as result:
            for info in archive.infolist():
                copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                copy.compress_type = info.compress_type
                copy.external_attr = info.external_attr
                copy.create_system = info.create_system
                if info.filename in PARTS:
                    result.writestr(copy, _part_without(archive, info))
                else:
                    copy.file_size = info.file_size
                    with archive.open(info) as source, result.open(copy, "w") as target:
                        shutil.copyfileobj(source, target, 1024 * 1024)
        return out.getvalue()


def unpacked_size(raw: bytes) -> int:
    """What the archive's parts say they unpack to (reading stops there: zipfile reads no
    more of a part than its header says)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return sum(info.file_size for info in archive.infolist())


def _part_without(archive, info) -> bytes:
    named, empty = PARTS[info.filename]
    if info.file_size > PART_MAX_BYTES:
        return empty
    data = archive.read(info)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return empty
    try:
        prefixes = _prefixes(data)
    except ET.ParseError:
        return empty
    for namespace, name in named:
        for prefix in prefixes.get(namespace, ()):
            tag = re.escape(f"{prefix}:{name}" if prefix else name).encode()
            data = re.sub(
                rb"<" + tag + rb"(?:\s[^>]*?)?(?:/>|>.*?</" + tag + rb"\s*>)\s*",
                b"",
                data,
                flags=re.DOTALL,
            )
    try:
        left = {_split(element.tag) for element in ET.fromstring(data).iter()}
    except ET.ParseError:
        return empty
    return empty if left & named else data


def _prefixes(data: bytes) -> dict:
    """{namespace: {prefix, ...}} as the part declares them ("" for a default namespace)."""
    found: dict = {}
    for _event, (prefix, uri) in ET.iterparse(io.BytesIO(data), events=["start-ns"]):
        found.setdefault(uri, set()).add(prefix)
    return found


def _split(tag):
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag
