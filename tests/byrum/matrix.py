from django.urls import reverse

from tests.matrix import PERSONAS, Row, everyone, only

# History: consultants (byrum.view_history) and the administrator; everyone else gets the
# same 404 as for a record that does not exist.
HISTORY_READERS = only({"consultant": 200, "admin": 200}, denied=404)
# The access log: only users granted byrum.view_accesslog (here the administrator).
AUDITORS = only({"admin": 200}, denied=403)


def build(world):
    pass


def _history_url(w):
    return reverse("history", args=["governance", "group", w.people.steering_group.pk])


ROWS = [
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
