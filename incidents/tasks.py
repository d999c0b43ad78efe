"""The incidents' jobs: the retention rule, nightly (was a cron line); the exports too large
to write while the browser waits, their mail, and the hourly removal of expired ones."""

from django.core.management import call_command
from procrastinate.contrib.django import app

from byrum import tenancy
from notifications.tasks import MAIL_RETRY

from . import background_exports


@app.periodic(cron="0 2 * * *")
@app.task(name="incidents.apply_retention", queueing_lock="apply_retention")
def apply_retention(timestamp):
    call_command("apply_retention")


# Not retried: a failed export is marked so on its page, and can be asked for again.
@app.task(name="incidents.write_export", queue="exports")
def write_export(export_id, municipality_id):
    background_exports.write(export_id=export_id, municipality_id=municipality_id)


@app.task(name="incidents.mail_export_ready", queue="mail", retry=MAIL_RETRY)
def mail_export_ready(export_id, municipality_id):
    background_exports.mail_ready(export_id=export_id, municipality_id=municipality_id)


@app.periodic(cron="15 * * * *")
@app.task(name="incidents.expire_exports", queueing_lock="expire_exports")
def expire_exports(timestamp):
    tenancy.for_each_municipality(
        lambda municipality_id: background_exports.expire(municipality_id=municipality_id)
    )
