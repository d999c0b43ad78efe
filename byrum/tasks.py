"""Byrum's own periodic job: the access log's purge, nightly (was a cron line)."""

from django.core.management import call_command
from procrastinate.contrib.django import app


@app.periodic(cron="30 2 * * *")
@app.task(name="byrum.purge_access_log", queueing_lock="purge_access_log")
def purge_access_log(timestamp):
    call_command("purge_access_log")
