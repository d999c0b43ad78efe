import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook


def xlsx(headers, *rows, name="ark.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    stream = io.BytesIO()
    book.save(stream)
    return SimpleUploadedFile(name, stream.getvalue())


def csv_file(text, *, name="ark.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, text.encode(encoding))


def read_xlsx(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def upload(client, kind, sheet):
    response = client.post("/import/", {"kind": kind, "sheet": sheet})
    assert response.status_code == 302, response.content.decode()[:3000]
    return response["Location"]


def confirm(client, preview_url):
    response = client.post(preview_url + "confirm/")
    assert response.status_code == 302
    return client.get(preview_url).content.decode()


MEMBER_HEADERS = [
    "Gruppe",
    "Navn",
    "Organisation",
    "Titel",
    "E-mail",
    "Telefon",
    "Rolle",
    "Startdato",
]


def member_rows(count, *, groups, organisation, first=0):
    """``count`` rows of new people, each in one of ``groups`` (names), as a secretariat's
    member list has them."""
    return [
        [
            groups[i % len(groups)],
            f"Medlem {i}",
            organisation,
            "Frivillig",
            f"medlem{i}@example.dk",
            f"+45 20 00 {i // 100:02d} {i % 100:02d}",
            "Medlem",
            "01.02.2026",
        ]
        for i in range(first, first + count)
    ]


def sheet_id(url):
    return int(url.rstrip("/").rsplit("/", 1)[-1])
