"""The notifications' jobs (procrastinate): one mail per notification, the digests, the mails
about a login, and the periodic runs that gather the digests. Workers: ``python manage.py
procrastinate worker``."""

from django.conf import settings
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from byrum import tenancy

from . import accounts, services

# While the mail server refuses or does not answer, try again after 3, 9, 27 ... seconds.
MAIL_RETRY = RetryStrategy(
    max_attempts=settings.NOTIFICATIONS_MAIL_ATTEMPTS,
    exponential_wait=settings.NOTIFICATIONS_MAIL_BACKOFF_SECONDS,
    retry_exceptions=services.MAIL_ERRORS,
)


# Each job works in the municipality of the change that deferred it (row-level security;
# ``working_in``: each mail still commits on its own).
@app.task(name="notifications.send_notification", queue="mail", retry=MAIL_RETRY)
def send_notification(notification_id, municipality_id):
    with tenancy.working_in(municipality_id):
        services.mail_notification(notification_id)


@app.task(name="notifications.send_notifications", queue="mail", retry=MAIL_RETRY)
def send_notifications(notification_ids, municipality_id):
    with tenancy.working_in(municipality_id):
        services.mail_notifications(notification_ids)


@app.task(name="notifications.send_digest", queue="mail", retry=MAIL_RETRY)
def send_digest(digest_id, municipality_id):
    with tenancy.working_in(municipality_id):
        services.mail_digest(digest_id)


# The mails about a login, each for the municipality it was queued in.
@app.task(name="notifications.send_invitation", queue="mail", retry=MAIL_RETRY)
def send_invitation(municipality_id, **invitation):
    with tenancy.working_in(municipality_id):
        accounts.mail_invitation(**invitation)


@app.task(name="notifications.send_password_reset", queue="mail", retry=MAIL_RETRY)
def send_password_reset(municipality_id, **reset):
    with tenancy.working_in(municipality_id):
        accounts.mail_password_reset(**reset)


# Periodic runs (cron in UTC, as procrastinate reads it): 05:00 UTC is 6 or 7 in Copenhagen.
# The queueing lock keeps one run queued at a time however many workers there are.
@app.periodic(cron="0 5 * * *")
@app.task(name="notifications.daily_digest", queueing_lock="daily_digest")
def daily_digest(timestamp):
    tenancy.for_each_municipality(lambda _municipality: services.gather_digests("daily"))


@app.periodic(cron="0 5 * * 1")
@app.task(name="notifications.weekly_digest", queueing_lock="weekly_digest")
def weekly_digest(timestamp):
    tenancy.for_each_municipality(lambda _municipality: services.gather_digests("weekly"))
