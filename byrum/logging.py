"""Keep secrets out of the application's logs.

RedactSecretsFilter sits on every log handler (config/settings LOGGING, and gunicorn's
access and error logs through GunicornLogger, which gunicorn.conf.py names). It rewrites the
formatted message so that

- values of password-, token-, secret-, code- and session-like parameters read "[redacted]";
- a secret in a URL's path (the calendar feed's token, which opens a user's feed without a
  login) reads "[redacted]";
- the query values of a protected list (incidents, the access log, the admin: search terms
  and filters may name a person) read "[redacted]", the parameter names stay;

and drops the request object that Django attaches to ``django.request`` records, so no
handler can print a request body.
"""

import logging
import re

SECRET_NAMES = (
    r"[\w-]*(?:password|passwd|pwd|token|secret|sessionid|session_key|csrf\w*|otp\w*"
    r"|api_?key|authorization|cookie)[\w-]*"
)

_PATTERNS = [
    # key=value, key: value, "key": "value", 'key': 'value'
    re.compile(
        r"(?P<key>[\"']?" + SECRET_NAMES + r"[\"']?\s*[=:]\s*)"
        r"(?P<value>\"[^\"]*\"|'[^']*'|[^\s&,;}\]]+)",
        re.IGNORECASE,
    ),
]


REDACTED = "[redacted]"

# Path segments that are secrets: /meetings/calendar/<token>.ics and
# /meetings/calendar/<token>/groups/<id>.ics.
_PATH_SECRETS = [
    re.compile(r"(?P<before>/meetings/calendar/)(?P<secret>[^/\s?#\"']+?)(?=\.ics|/groups/)"),
]

# Paths whose query strings may carry a person's name, a search term or a filter that
# narrows a protected list to a few people: every value is redacted.
PROTECTED_PATHS = ("/incidents", "/access-log", "/admin")
_PROTECTED_QUERY = re.compile(
    r"(?P<path>(?:" + "|".join(re.escape(p) for p in PROTECTED_PATHS) + r")(?:/[^\s?#\"']*)?)"
    r"\?(?P<query>[^\s#\"']*)"
)
_QUERY_VALUE = re.compile(r"(?P<key>(?:^|&)[^=&]*=)[^&]*")


def _redact_query(match: re.Match) -> str:
    query = _QUERY_VALUE.sub(lambda m: m.group("key") + REDACTED, match.group("query"))
    return match.group("path") + "?" + query


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group("key") + REDACTED, text)
    for pattern in _PATH_SECRETS:
        text = pattern.sub(lambda m: m.group("before") + REDACTED, text)
    return _PROTECTED_QUERY.sub(_redact_query, text)


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the record as it is
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if hasattr(record, "request"):
            record.request = None
        return True


def _gunicorn_logger_class():
    from gunicorn.glogging import Logger

    class GunicornLogger(Logger):
        """gunicorn's logger with RedactSecretsFilter on its access and error handlers, so
        the access log's request line (path and query) is redacted like every other line."""

        def setup(self, cfg):
            super().setup(cfg)
            for log in (self.error_log, self.access_log):
                for handler in log.handlers:
                    if not any(isinstance(f, RedactSecretsFilter) for f in handler.filters):
                        handler.addFilter(RedactSecretsFilter())

    return GunicornLogger


def __getattr__(name):
    # gunicorn is imported only where it runs (gunicorn.conf.py names this class).
    if name == "GunicornLogger":
        return _gunicorn_logger_class()
    raise AttributeError(name)
