"""The small-job list as a spreadsheet (CSV and XLSX, the list's filters applied), through
the shared writer and escape in byrum/spreadsheets.py."""

from django.utils.translation import gettext as _

from byrum.spreadsheets import spreadsheet_response


def small_jobs(jobs, fmt):
    header = [
        _("ID"),
        _("Date"),
        _("Place"),
        _("City"),
        _("Task"),
        _("What was done"),
        _("Participants"),
        _("Hours"),
        _("Initiative"),
        _("Logged by"),
    ]

    def rows():
        for job in jobs.iterator(chunk_size=1000):
            reporter = job.reported_by
            yield [
                job.pk,
                job.date,
                job.place.name,
                job.place.city,
                job.get_task_display(),
                job.note,
                job.participants,
                float(job.hours),
                job.initiative.title if job.initiative_id else "",
                (reporter.get_full_name() or reporter.get_username()) if reporter else "",
            ]

    return spreadsheet_response(
        fmt, filename="smaajobs", title=_("Small jobs"), header=header, rows=rows()
    )
