"""Keep secrets out of the application's logs.

RedactSecretsFilter sits on every log handler (config/settings LOGGING). It rewrites the
formatted message so that values of password-, token-, secret-, code- and session-like
parameters read "[redacted]", and drops the request object that Django attaches to
``django.request`` records, so no handler can print a request body.
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


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group("key") + "[redacted]", text)
    return text


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
