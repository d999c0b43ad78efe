"""The incidents' periodic job: the retention rule, nightly (was a cron line)."""

from django.core.management import call_command
from procrastinate.contrib.django import app


@app.periodic(cron="0 2 * * *")
@app.task(name="incidents.apply_retention", queueing_lock="apply_retention")
def apply_retention(timestamp):
    call_command("apply_retention")
