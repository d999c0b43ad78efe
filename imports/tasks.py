"""The import's jobs (procrastinate) for sheets too large to check or import within a
request: both deferred in the request's transaction, each run for one municipality. No
retry: a failed job says why on the sheet's page, and the person tries again from there.
Workers: ``python manage.py procrastinate worker`` (every queue, "imports" included)."""

from procrastinate.contrib.django import app

from . import services


@app.task(name="imports.check_sheet", queue="imports")
def check_sheet(sheet_id, municipality_id, language):
    services.check_job(sheet_id=sheet_id, municipality_id=municipality_id, language=language)


@app.task(name="imports.import_sheet", queue="imports")
def import_sheet(sheet_id, user_id, municipality_id, language):
    services.import_job(
        sheet_id=sheet_id, user_id=user_id, municipality_id=municipality_id, language=language
    )
