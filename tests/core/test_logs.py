"""Logs carry no query strings, calendar tokens or identity codes: Vahti's own log lines and
gunicorn's access log (`make serve`)."""

from __future__ import annotations

import logging

from vahti.config.gunicorn import VahtiLogger
from vahti.core.logs import RedactingFilter, loggable

TOKEN = "Abc1DEF2ghi3JKL4mno5PQR6stu7VWX8yz9_-0abcde"


def test_query_strings_tokens_and_identity_codes_are_taken_out():
    assert loggable("GET /?q=010175-900U&tile=x HTTP/1.1") == "GET / HTTP/1.1"
    assert loggable(f"GET /calendar/{TOKEN}.ics HTTP/1.1") == "GET /calendar/Abc1….ics HTTP/1.1"
    assert loggable("Not Found: /clients/010175A900U/") == "Not Found: /clients/[henkilötunnus]/"
    assert loggable("GET /clients/12/ HTTP/1.1") == "GET /clients/12/ HTTP/1.1"


def test_every_log_line_passes_the_filter():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        (f"/calendar/{TOKEN}.ics",),
        None,
    )
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "Not Found: /calendar/Abc1….ics"


def test_gunicorns_access_log_writes_the_path_without_query_or_token():
    class Config:  # what gunicorn's Logger reads of its configuration
        errorlog = accesslog = "-"
        loglevel, syslog, logconfig, logconfig_dict, logconfig_json = "info", False, None, {}, None
        capture_output, user, group, umask, disable_redirect_access_to_syslog = (
            False,
            0,
            0,
            0,
            False,
        )
        access_log_format, env = '"%(r)s"', {}

    class Response:
        status, response_length, sent = "200 OK", 10, 10
        headers = []

    class Request:
        headers = []

    logger = VahtiLogger.__new__(VahtiLogger)
    logger.cfg = Config()
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": f"/calendar/{TOKEN}.ics",
        "QUERY_STRING": "q=010175-900U",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "RAW_URI": f"/calendar/{TOKEN}.ics?q=010175-900U",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": "https://vahti.example/?q=010175-900U",
    }
    import datetime as dt

    atoms = logger.atoms(Response(), Request(), environ, dt.timedelta(milliseconds=5))
    line = " ".join(str(value) for value in atoms.values())
    assert TOKEN not in line and "010175-900U" not in line
    assert atoms["r"] == "GET /calendar/Abc1….ics HTTP/1.1"
