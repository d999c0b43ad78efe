from django.urls import reverse

from tests.matrix import PERSONAS, Row, everyone, only

# History: consultants (byrum.view_history) and the administrator; everyone else gets the
# same 404 as for a record that does not exist.
HISTORY_READERS = only({"consultant": 200, "admin": 200}, denied=404)
# The access log: only users granted byrum.view_accesslog (here the administrator).
AUDITORS = only({"admin": 200}, denied=403)


# Files follow their record: the local group's draft meeting is seen by its members, the
# steering group and consultants (outsider 404); changed by consultants and the administrator.
FILE_READERS = everyone(outsider=404)
FILE_WRITERS = only({"consultant": 200, "admin": 200}, denied=403) | {"outsider": 404}


def build(world):
    # After the other apps' worlds: the meetings and the plan are there.
    pass


def _attachment(target, name="bilag.pdf", content=b"%PDF-1.4 matrix"):
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    from byrum.models import Attachment

    attachment = Attachment(
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        name=name,
        mime_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


def _download(target_name):
    def url(w):
        key = f"_attachment_{target_name}"
        if not hasattr(w, key):
            setattr(w, key, _attachment(getattr(w, target_name)))
        return reverse("attachment_download", args=[getattr(w, key).pk])

    return url


def _add(target_name, key):
    return lambda w: reverse("attachment_add", args=[key, getattr(w, target_name).pk])


def _history_url(w):
    return reverse("history", args=["governance", "group", w.people.steering_group.pk])


ROWS = [
    Row("attachment_download", _download("meeting"), FILE_READERS),
    Row(
        "attachment_download",
        _download("steering_meeting"),
        FILE_READERS | {"local": 404, "caretaker": 404},
    ),
    Row("attachment_download", _download("item"), FILE_READERS),
    Row("attachment_download", _download("plan"), FILE_READERS),
    Row("attachment_download", _download("initiative"), FILE_READERS),
    Row("attachment_add", _add("meeting", "meetings.meeting"), FILE_WRITERS),
    Row("attachment_add", _add("item", "meetings.agendaitem"), FILE_WRITERS),
    Row("attachment_add", _add("plan", "actionplan.actionplan"), FILE_WRITERS),
    Row("attachment_add", _add("initiative", "actionplan.initiative"), FILE_WRITERS),
    # Only registered kinds of record take files.
    Row(
        "attachment_add",
        lambda w: reverse("attachment_add", args=["governance.group", w.people.local_group.pk]),
        everyone(404),
    ),
    # A fresh file per persona: the one before may have removed its own.
    Row(
        "attachment_delete",
        lambda w: reverse("attachment_delete", args=[_attachment(w.meeting).pk]),
        FILE_WRITERS | {"consultant": 302, "admin": 302},
        method="post",
    ),
    # Type to find (byrum/suggest.py): whoever reads a kind's list gets its suggestions; the
    # outsider (no role) is refused as by the list page.
    *[
        Row(
            "suggest",
            lambda w, k=kind, q=q: f"{reverse('suggest', args=[k])}?q={q}",
            everyone(outsider=403),
        )
        for kind, q in (
            ("place", "klo"),
            ("person", "mat"),
            ("organisation", "a"),
            ("group", "sty"),
        )
    ],
    Row("suggest", lambda w: reverse("suggest", args=["nothing"]) + "?q=a", everyone(404)),
    Row("suggest", lambda w: reverse("suggest", args=["place"]), everyone(405), method="post"),
    Row("home", lambda w: reverse("home"), everyone()),
    Row("healthz", lambda w: reverse("healthz"), {p: 200 for p in PERSONAS}, public=True),
    Row("login", lambda w: reverse("login"), {p: 200 for p in PERSONAS}, public=True),
    Row(
        "logout",
        lambda w: reverse("logout"),
        {p: 302 for p in PERSONAS},
        method="post",
        public=True,
    ),
    Row("password_change", lambda w: reverse("password_change"), everyone()),
    Row("password_change_done", lambda w: reverse("password_change_done"), everyone()),
    Row(
        "set_language",
        lambda w: reverse("set_language"),
        {p: 302 for p in PERSONAS},
        method="post",
        data=lambda w: {"language": "en", "next": "/"},
        public=True,
    ),
    Row("history", _history_url, HISTORY_READERS),
    Row("history", _history_url, everyone(405), method="post"),
    Row("access_log", lambda w: reverse("access_log"), AUDITORS),
    Row("access_log", lambda w: reverse("access_log"), everyone(405), method="post"),
    Row("access_log_export", lambda w: reverse("access_log_export"), AUDITORS),
    Row(
        "access_log_export",
        lambda w: reverse("access_log_export"),
        everyone(405),
        method="post",
    ),
    # Persona clients have finished the two-factor login: the code page sends them on, the
    # set-up page says it is done.
    Row("otp_verify", lambda w: reverse("otp_verify"), everyone(302)),
    Row(
        "otp_verify",
        lambda w: reverse("otp_verify"),
        everyone(302),
        method="post",
        data=lambda w: {"otp_token": "000000"},
    ),
    Row("otp_setup", lambda w: reverse("otp_setup"), everyone(200)),
    Row(
        "otp_setup",
        lambda w: reverse("otp_setup"),
        everyone(200),
        method="post",
        data=lambda w: {"otp_token": "000000"},
    ),
]

# Password reset by e-mail: for everyone, logged in or not (the same answer whether or not
# the address is known).
ROWS += [
    Row(
        "password_reset",
        lambda w: reverse("password_reset"),
        {p: 200 for p in PERSONAS},
        public=True,
    ),
    Row(
        "password_reset",
        lambda w: reverse("password_reset"),
        {p: 302 for p in PERSONAS},
        method="post",
        data=lambda w: {"email": "ingen@example.dk"},
        public=True,
    ),
    Row(
        "password_reset_done",
        lambda w: reverse("password_reset_done"),
        {p: 200 for p in PERSONAS},
        public=True,
    ),
    Row(
        "password_reset_confirm",
        lambda w: reverse("password_reset_confirm", args=["MQ", "ugyldig-token"]),
        {p: 200 for p in PERSONAS},
        public=True,
    ),
    Row(
        "password_reset_complete",
        lambda w: reverse("password_reset_complete"),
        {p: 200 for p in PERSONAS},
        public=True,
    ),
]
