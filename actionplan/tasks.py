"""The action plan's jobs: the daily reminders (due in three days, overdue)."""

from procrastinate.contrib.django import app

from byrum import tenancy

from . import notices


# 04:00 UTC: the reminders are there before the working day in Copenhagen.
@app.periodic(cron="0 4 * * *")
@app.task(name="actionplan.reminders", queueing_lock="action_reminders")
def reminders(timestamp):
    tenancy.for_each_municipality(lambda _municipality: notices.reminders())
