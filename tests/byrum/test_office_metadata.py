"""Office documents are stored without who made them (byrum/office.py): an uploaded Word,
Excel or PowerPoint file, or an OpenDocument one, keeps its content and every part of it,
but loses its author, last editor, company, manager and custom fields."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from byrum import attachments
from byrum.models import Attachment
from meetings.models import Meeting
from tests.meetings.factories import MeetingFactory, at

pytestmark = pytest.mark.django_db

PEOPLE = [b"Karen Jensen", b"Ole Hansen", b"Aalborg Kommune, Familie", b"Bo Mortensen", b"K12"]

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Bilag til punkt 3</dc:title><dc:creator>Karen Jensen</dc:creator><cp:lastModifiedBy>Ole Hansen</cp:lastModifiedBy><cp:revision>4</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2018-11-20T09:12:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2018-11-28T14:03:00Z</dcterms:modified></cp:coreProperties>"""  # noqa: E501

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm</Template><Pages>1</Pages><Application>Microsoft Office Word</Application><Manager>Bo Mortensen</Manager><Company>Aalborg Kommune, Familie</Company><AppVersion>16.0000</AppVersion></Properties>"""  # noqa: E501

CUSTOM = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Sagsbehandler"><vt:lpwstr>K12</vt:lpwstr></property></Properties>"""  # noqa: E501

MAIN = {
    ".docx": ("word/document.xml", "<w:document><w:t>Referat af mødet 28.11.</w:t></w:document>"),
    ".xlsx": ("xl/workbook.xml", "<workbook><sheets><sheet name='Budget'/></sheets></workbook>"),
    ".pptx": ("ppt/presentation.xml", "<p:presentation><p:sldIdLst/></p:presentation>"),
}


def office_file(ending, core=CORE, app=APP, custom=CUSTOM):
    """An Office Open XML file as Office writes it: the content types, the relations, the
    main part, an image stored uncompressed, and the three metadata parts."""
    main, content = MAIN[ending]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(main, content)
        archive.writestr(
            zipfile.ZipInfo("media/image1.png", (2018, 11, 28, 14, 3, 0)), b"\x89PNG" + b"\0" * 64
        )
        archive.writestr("docProps/core.xml", core)
        archive.writestr("docProps/app.xml", app)
        if custom:
            archive.writestr("docProps/custom.xml", custom)
    return out.getvalue()


def parts(raw):
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        assert archive.testzip() is None
        return {
            info.filename: (archive.read(info), info.compress_type) for info in archive.infolist()
        }


@pytest.fixture
def meeting(people):
    return MeetingFactory(group=people.local_group, start=at(-1), state=Meeting.State.HELD)


def upload(client, meeting, name, content):
    return client.post(
        reverse("attachment_add", args=["meetings.meeting", meeting.pk]),
        {"file": SimpleUploadedFile(name, content), "title": "Bilag"},
    )


def stored(client, attachment):
    return b"".join(client.get(attachment.get_absolute_url()).streaming_content)


@pytest.mark.parametrize("ending", [".docx", ".xlsx", ".pptx"])
def test_an_office_document_keeps_its_content_but_loses_who_made_it(clients, meeting, ending):
    raw = office_file(ending)
    assert all(person in b"".join(p for p, _ in parts(raw).values()) for person in PEOPLE)
    response = upload(clients.consultant, meeting, f"bilag{ending}", raw)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    kept = stored(clients.local, attachment)
    assert attachment.size == len(kept)
    before, after = parts(raw), parts(kept)
    # Every part, in its order, with its compression; the content byte for byte.
    assert list(after) == list(before)
    assert {name: compression for name, (_, compression) in after.items()} == {
        name: compression for name, (_, compression) in before.items()
    }
    unchanged = [name for name in before if not name.startswith("docProps/")]
    assert all(after[name][0] == before[name][0] for name in unchanged)
    # No one is named anywhere in the stored file.
    everything = b"".join(data for data, _ in after.values())
    assert [person for person in PEOPLE if person in everything] == []
    core = after["docProps/core.xml"][0].decode()
    assert "<dc:title>Bilag til punkt 3</dc:title>" in core
    assert 'xsi:type="dcterms:W3CDTF">2018-11-20T09:12:00Z<' in core  # prefixes as they were
    assert "creator" not in core and "lastModifiedBy" not in core
    assert (
        "<Application>Microsoft Office Word</Application>" in after["docProps/app.xml"][0].decode()
    )


def test_an_opendocument_loses_its_creators_too(clients, meeting):
    meta = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-meta '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:meta>'
        "<meta:initial-creator>Karen Jensen</meta:initial-creator>"
        "<dc:creator>Ole Hansen</dc:creator><dc:title>Notat</dc:title>"
        '<meta:user-defined meta:name="Afdeling">Aalborg Kommune, Familie</meta:user-defined>'
        "</office:meta></office:document-meta>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )  # first, uncompressed, as the format demands
        archive.writestr("content.xml", "<office:document-content>Notat</office:document-content>")
        archive.writestr("meta.xml", meta)
    upload(clients.consultant, meeting, "notat.odt", out.getvalue())
    kept = parts(stored(clients.local, Attachment.objects.get()))
    assert list(kept)[0] == "mimetype" and kept["mimetype"][1] == zipfile.ZIP_STORED
    meta_kept = kept["meta.xml"][0].decode()
    assert "<dc:title>Notat</dc:title>" in meta_kept
    assert not [p for p in PEOPLE if p.decode() in meta_kept]


@pytest.mark.parametrize(
    "core, taken_out",
    [
        # The Dublin Core namespace as the default one, under no prefix: taken out by name.
        (
            CORE.replace("<dc:creator>Karen Jensen</dc:creator>", "")
            .replace("<cp:lastModifiedBy>Ole Hansen</cp:lastModifiedBy>", "")
            .replace(
                "</cp:coreProperties>",
                '<creator xmlns="http://purl.org/dc/elements/1.1/">Karen Jensen</creator>'
                "<cp:lastModifiedBy >Ole Hansen</cp:lastModifiedBy ></cp:coreProperties>",
            ),
            "by name",
        ),
        # A name the text cannot take out safely: the whole part goes.
        (CORE.replace("Karen Jensen", "<![CDATA[Karen Jensen </dc:creator>]]>"), "the part"),
        # Entities that could expand: never parsed, the whole part goes.
        (
            '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "Karen Jensen">]>'
            + CORE.split("?>", 1)[1].replace("Karen Jensen", "&lol;"),
            "the part",
        ),
        # Not XML at all.
        ("<cp:coreProperties>Karen Jensen", "the part"),
    ],
    ids=["default-namespace", "cdata", "entities", "broken"],
)
def test_odd_metadata_is_taken_out_all_the_same(clients, meeting, core, taken_out):
    upload(clients.consultant, meeting, "bilag.docx", office_file(".docx", core=core))
    kept = parts(stored(clients.local, Attachment.objects.get()))
    data = kept["docProps/core.xml"][0]
    assert b"Karen Jensen" not in data and b"Ole Hansen" not in data and b"ENTITY" not in data
    assert (b"<dc:title>Bilag til punkt 3</dc:title>" in data) == (taken_out == "by name")
    assert b"coreProperties" in data  # still a core-properties part
    assert kept["word/document.xml"][0] == MAIN[".docx"][1].encode()


def test_a_document_that_unpacks_to_too_much_is_refused(clients, meeting, settings):
    settings.ATTACHMENT_MAX_MB = 1
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:t>" + b" " * (12 * 1024 * 1024))
        archive.writestr("docProps/core.xml", CORE)
    raw = out.getvalue()
    assert len(raw) < 1024 * 1024  # small to upload
    response = upload(clients.consultant, meeting, "bombe.docx", raw)
    assert response.status_code == 200
    assert "Dokumentet fylder 12 MB pakket ud" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_damaged_document_is_refused(clients, meeting):
    raw = office_file(".docx")
    # The main part's compressed bytes, right after its name in its local header, garbled.
    start = raw.index(b"word/document.xml") + len(b"word/document.xml")
    damaged = raw[:start] + bytes(b ^ 0xFF for b in raw[start : start + 20]) + raw[start + 20 :]
    response = upload(clients.consultant, meeting, "skadet.docx", damaged)
    assert response.status_code == 200
    assert "Filens indhold passer ikke til navnet (.docx)" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_document_without_metadata_is_stored_as_it_came(clients, meeting):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    upload(clients.consultant, meeting, "ren.docx", out.getvalue())
    attachment = Attachment.objects.get()
    assert stored(clients.local, attachment) == out.getvalue()
    assert attachment.mime_type == attachments.OFFICE[".docx"]
