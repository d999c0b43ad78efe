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
