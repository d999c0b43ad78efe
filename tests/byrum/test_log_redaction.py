"""Secrets in URLs never reach a log line whole: the calendar feed's token (it opens a
user's feed without a login) and the search terms and filters of protected lists, in
Django's own log lines and in gunicorn's access log."""

import datetime
import logging
import pathlib
import runpy
import types

import pytest
from gunicorn.config import Config

from byrum.logging import RedactSecretsFilter, redact
from tests.byrum.test_login_security import console_output  # noqa: F401 (a fixture)

TOKEN = "hemmelig-Kalender_Token123"


@pytest.mark.parametrize(
    ("line", "secret", "kept"),
    [
        (f'"GET /meetings/calendar/{TOKEN}.ics HTTP/1.1" 200', TOKEN, "/meetings/calendar/"),
        (f"Not Found: /meetings/calendar/{TOKEN}/groups/4.ics", TOKEN, "/groups/4.ics"),
        ('"GET /incidents/?q=Ole+Hansen&place=3 HTTP/1.1" 200', "Ole", "?q=[redacted]&place="),
        ("GET /incidents/export.xlsx?reporter=17&q=diabetiker", "diabetiker", "reporter="),
        ("https://byrum.example/admin/incidents/incident/?q=Ole", "Ole", "/admin/incidents/"),
        ("GET /access-log/?user=lokal&object_id=9", "lokal", "/access-log/?user="),
    ],
)
def test_path_tokens_and_protected_query_values_are_redacted(line, secret, kept):
    assert secret not in redact(line)
    assert kept in redact(line) and "[redacted]" in redact(line)


def test_other_paths_and_queries_are_left_alone():
    for line in (
        "GET /places/?city=Aalborg HTTP/1.1",
        "GET /meetings/calendar/ HTTP/1.1",
        "GET /incidents/42/ HTTP/1.1",
    ):
        assert redact(line) == line


def test_djangos_not_found_warning_does_not_print_the_calendar_token(
    client,
    db,
    console_output,  # noqa: F811
):
    response = client.get(f"/meetings/calendar/{TOKEN}.ics")
    assert response.status_code == 404
    written = console_output.getvalue()
    assert "Not Found: /meetings/calendar/[redacted].ics" in written
    assert TOKEN not in written


def test_an_incident_search_is_not_written_whole(clients, console_output):  # noqa: F811
    logging.getLogger("django.request").warning("Bad Request: %s", "/incidents/?q=Ole+Hansen")
    assert "Ole" not in console_output.getvalue()


def _gunicorn_access_line(tmp_path, uri, query):
    """What gunicorn's access log writes for a request, with the shipped gunicorn.conf.py."""
    conf = runpy.run_path(str(pathlib.Path(__file__).parents[2] / "gunicorn.conf.py"))
    cfg = Config()
    cfg.set("logger_class", conf["logger_class"])
    cfg.set("accesslog", str(tmp_path / "access.log"))
    logger = cfg.logger_class(cfg)
    assert any(
        isinstance(f, RedactSecretsFilter) for h in logger.access_log.handlers for f in h.filters
    )
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{uri}?{query}" if query else uri,
        "PATH_INFO": uri,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
    }
    response = types.SimpleNamespace(status="200 OK", headers=[], sent=10, response_length=10)
    request = types.SimpleNamespace(headers=[])
    logger.access(response, request, environ, datetime.timedelta(seconds=0.01))
    for handler in logger.access_log.handlers:
        handler.flush()
    return (tmp_path / "access.log").read_text()


def test_gunicorns_access_log_redacts_the_token_and_the_search(tmp_path):
    line = _gunicorn_access_line(tmp_path, f"/meetings/calendar/{TOKEN}.ics", "")
    assert "/meetings/calendar/[redacted].ics" in line and TOKEN not in line
    line = _gunicorn_access_line(tmp_path, "/incidents/", "q=Ole+Hansen+cpr")
    assert "/incidents/?q=[redacted]" in line and "Ole" not in line
