"""What may be written to a log. Vahti's logs (its own, Django's, gunicorn's access log) must not
carry a client's identity code or name, nor a secret: request lines are logged without their
query strings, calendar tokens (the bearer secrets of calendar feeds, which calendar apps can
only carry in the address) with their first characters only, and anything that looks like a
henkilötunnus is replaced."""

from __future__ import annotations

import logging
import re

_QUERY = re.compile(r"(/[^\s\"?]*)\?[^\s\"]*")
_CALENDAR = re.compile(r"(/calendar/)([A-Za-z0-9_-]{4})[A-Za-z0-9_-]+(\.ics)")
_IDENTITY = re.compile(r"\b\d{6}[-+A-FYXWVU]\d{3}[0-9A-Ya-y]\b")


def loggable(text: str) -> str:
    """``text`` with query strings, calendar tokens and identity codes taken out."""
    text = _QUERY.sub(r"\1", text)
    text = _CALENDAR.sub(r"\1\2…\3", text)
    return _IDENTITY.sub("[henkilötunnus]", text)


class RedactingFilter(logging.Filter):
    """A handler's filter: the message as it will be written, made loggable."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = loggable(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
