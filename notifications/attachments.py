"""Files a notification's mail carries, made by the app that knows them when the mail is sent.

This app knows nothing of meetings, yet the minutes mail carries the minutes as PDF. A
notification names its file (``Message(attachment="minutes:12")``); the app that owns the
name registers, in its AppConfig.ready(), a function that makes the file from what follows
the colon::

    from notifications import attachments

    attachments.register("minutes", minutes_attachment)  # "12" -> attachments.File, or None

The file is made by the mail job, never in the request that caused the mail (a PDF takes a
second, and publishing returns at once); a job that mails many recipients the same file makes
it once (``cache``).
"""

import dataclasses
from collections.abc import Callable


@dataclasses.dataclass(frozen=True)
class File:
    name: str
    content: bytes
    mimetype: str


_makers: dict[str, Callable] = {}


def register(prefix, make):
    """``make(rest)`` gives the file named ``"<prefix>:<rest>"``, or None when its record is
    gone."""
    _makers[prefix] = make


def make(name, cache=None):
    """The file ``name`` names, or None (no name, or its record is gone). ``cache``, a dict,
    keeps what was made for the next mail of the same job. A name no app makes is a
    programming error: it raises, and the job fails where an operator sees it."""
    if not name:
        return None
    if cache is not None and name in cache:
        return cache[name]
    prefix, _sep, rest = name.partition(":")
    if prefix not in _makers:
        raise LookupError(f"no app makes the attachment {name!r}")
    file = _makers[prefix](rest)
    if cache is not None:
        cache[name] = file
    return file
