import datetime
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from byrum import roles
from incidents.models import IncidentExport
from tests.actionplan.factories import UserFactory
from tests.matrix import PERSONAS, Row, everyone, only

from .factories import CaretakerPlaceFactory, IncidentFactory, PlaceFactory, SmallJobFactory

# Incidents are about vulnerable people: caretakers, consultants, the steering group and the
# administrator read them (the steering group without the detail: free text, follow-up note,
# photo, reporter, position); local group members and outsiders get nothing.
READERS = only({"consultant": 200, "caretaker": 200, "steering": 200, "admin": 200})
REPORTERS = only({"caretaker": 200, "admin": 200})
HIDDEN = {"local": 404, "outsider": 404}


def build(world):
    caretaker = world.people.users["caretaker"]
    other = UserFactory(username="matrixvicevaert", roles=[roles.CARETAKER])
    world.my_place = PlaceFactory(name="Klostertorvet", city="Aarhus")
    world.other_place = PlaceFactory(name="Kildeparken", city="Aalborg")
    CaretakerPlaceFactory(user=caretaker, place=world.my_place)
    # The persona caretaker's own report, and one by a colleague at a place not theirs.
    world.own_incident = IncidentFactory(place=world.other_place, reported_by=caretaker)
    world.colleague_at_my_place = IncidentFactory(place=world.my_place, reported_by=other)
    world.colleague_elsewhere = IncidentFactory(place=world.other_place, reported_by=other)
    world.own_incident.photo.save("p.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=True)
    world.own_job = SmallJobFactory(place=world.my_place, reported_by=caretaker)
    # A background export the consultant asked for, written and not yet expired.
    now = timezone.now()
    world.export = IncidentExport.objects.create(
        requested_by=world.people.users["consultant"],
        format="csv",
        status=IncidentExport.Status.DONE,
        rows_total=3,
        rows_written=3,
        file=default_storage.save("exports/matrix/haendelser.csv", ContentFile(b"ID\n")),
        finished_at=now,
        expires_at=now + datetime.timedelta(hours=1),
    )


def _detail(name, incident, expected, method="get", data=None):
    return Row(
        f"incidents:{name}",
        lambda w: reverse(f"incidents:{name}", args=[getattr(w, incident).pk]),
        expected,
        method=method,
        data=data,
    )


def _report(w):
    return {
        "client_uuid": str(uuid.uuid4()),
        "place": w.my_place.pk,
        "category": "waste",
        "severity": "1",
        "people_involved": "1",
        "occurred_at": "",  # filled below: a time just now
    }


def _report_now(w):
    from django.utils import timezone

    data = _report(w)
    data["occurred_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    return data


def _job(w):
    from django.utils import timezone

    return {
        "job-client_uuid": str(uuid.uuid4()),
        "job-other_place": w.my_place.pk,
        "job-task": "cleaning",
        "job-date": timezone.localdate().isoformat(),
        "job-participants": "2",
        "job-hours": "1.5",
    }


def _fresh_job(w):
    # Each persona's delete needs a small job still there.
    job = SmallJobFactory(place=w.my_place, reported_by=w.people.users["caretaker"])
    return reverse("incidents:smalljob_delete", args=[job.pk])


PUBLIC = {p: 200 for p in PERSONAS}

ROWS = [
    # The caretaker's installable app: worker, manifest and icon are public (the browser
    # checks the worker for updates also when the session has ended).
    Row("service_worker", lambda w: reverse("service_worker"), PUBLIC, public=True),
    Row("manifest", lambda w: reverse("manifest"), PUBLIC, public=True),
    Row("favicon", lambda w: reverse("favicon"), PUBLIC, public=True),
    Row("incidents:app_session", lambda w: reverse("incidents:app_session"), everyone(200)),
    Row("incidents:offline", lambda w: reverse("incidents:offline"), REPORTERS),
    # Small jobs: the caretaker corrects their own (within 24 hours), consultants any, and
    # only consultants delete; the steering group sees them but changes nothing.
    Row(
        "incidents:smalljob_edit",
        lambda w: reverse("incidents:smalljob_edit", args=[w.own_job.pk]),
        only({"consultant": 200, "caretaker": 200, "admin": 200, **HIDDEN}),
    ),
    Row(
        "incidents:smalljob_delete",
        _fresh_job,
        only({"consultant": 302, "admin": 302, **HIDDEN}),
        method="post",
    ),
    Row("incidents:list", lambda w: reverse("incidents:list"), READERS),
    Row("incidents:export_csv", lambda w: reverse("incidents:export_csv"), READERS),
    Row("incidents:export_xlsx", lambda w: reverse("incidents:export_xlsx"), READERS),
    # A background export: asked for by whoever may export; seen and fetched by its requester
    # only (everyone else, the administrator too, gets 404).
    Row(
        "incidents:export_start",
        lambda w: reverse("incidents:export_start"),
        only({"consultant": 302, "caretaker": 302, "steering": 302, "admin": 302}),
        method="post",
        data=lambda w: {"format": "csv", "query": "category=waste"},
    ),
    Row(
        "incidents:export_status",
        lambda w: reverse("incidents:export_status", args=[w.export.pk]),
        only({"consultant": 200}, denied=404),
    ),
    Row(
        "incidents:export_download",
        lambda w: reverse("incidents:export_download", args=[w.export.pk]),
        only({"consultant": 200}, denied=404),
    ),
    Row("incidents:new", lambda w: reverse("incidents:new"), REPORTERS),
    Row(
        "incidents:new",
        lambda w: reverse("incidents:new"),
        only({"caretaker": 302, "admin": 302}),
        method="post",
        data=_report_now,
    ),
    Row("incidents:mine", lambda w: reverse("incidents:mine"), REPORTERS),
    Row("incidents:smalljob_list", lambda w: reverse("incidents:smalljob_list"), READERS),
    Row("incidents:smalljob_new", lambda w: reverse("incidents:smalljob_new"), REPORTERS),
    Row(
        "incidents:smalljob_export",
        lambda w: reverse("incidents:smalljob_export", args=["csv"]),
        READERS,
    ),
    Row(
        "incidents:smalljob_export",
        lambda w: reverse("incidents:smalljob_export", args=["xlsx"]),
        READERS,
    ),
    Row(
        "incidents:smalljob_new",
        lambda w: reverse("incidents:smalljob_new"),
        only({"caretaker": 302, "admin": 302}),
        method="post",
        data=_job,
    ),
    # Details: the caretaker sees their own report and those at their places, not others.
    # The reporter field's suggestions: for those who see who reported (not the steering
    # group's external members); typed as the list's filter is (byrum/suggest.py).
    Row(
        "suggest",
        lambda w: reverse("suggest", args=["reporter"]) + "?q=matrix",
        only({"consultant": 200, "caretaker": 200, "admin": 200}),
    ),
    _detail("detail", "own_incident", only({**READERS, **HIDDEN}, denied=403)),
    _detail("detail", "colleague_at_my_place", only({**READERS, **HIDDEN})),
    _detail("detail", "colleague_elsewhere", only({**READERS, **HIDDEN, "caretaker": 404})),
    # The photo is part of a report's detail: not for the steering group (external members).
    _detail("photo", "own_incident", only({**READERS, **HIDDEN, "steering": 404})),
    _detail("photo", "colleague_elsewhere", only({**HIDDEN, "caretaker": 404}, denied=404)),
    # Only consultants (and the administrator) change someone else's report.
    _detail(
        "edit",
        "own_incident",
        only({"consultant": 200, "caretaker": 200, "admin": 200, **HIDDEN}),
    ),
    _detail(
        "edit",
        "colleague_at_my_place",
        only({"consultant": 200, "admin": 200, **HIDDEN}),
    ),
    _detail(
        "edit",
        "colleague_elsewhere",
        only({"consultant": 200, "admin": 200, **HIDDEN, "caretaker": 404}),
    ),
    _detail(
        "follow_up",
        "colleague_at_my_place",
        only({"consultant": 302, "admin": 302, **HIDDEN}),
        method="post",
        data=lambda w: {"status": "handled", "follow_up_note": "Talt med politiet."},
    ),
    _detail(
        "follow_up",
        "own_incident",
        only({"consultant": 302, "caretaker": 302, "admin": 302, **HIDDEN}),
        method="post",
        data=lambda w: {"status": "open", "follow_up_note": ""},
    ),
]
