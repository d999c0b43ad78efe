"""The meetings' jobs: the debounced agenda update and the daily follow-up reminder."""

from procrastinate.contrib.django import app

from byrum import tenancy

from . import notices


@app.task(name="meetings.tell_agenda_changed", queue="mail")
def tell_agenda_changed(meeting_id, municipality_id):
    with tenancy.working_in(municipality_id):
        notices.tell_agenda_changed(meeting_id)


# 04:30 UTC: before the working day in Copenhagen.
@app.periodic(cron="30 4 * * *")
@app.task(name="meetings.follow_ups_due", queueing_lock="follow_ups_due")
def follow_ups_due(timestamp):
    tenancy.for_each_municipality(lambda _municipality: notices.follow_ups_due())
