"""Request helpers shared by the apps."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.shortcuts import redirect
from django.utils.http import urlencode


def client_address(request) -> str | None:
    """The client's address. Behind VAHTI_PROXY_COUNT trusted proxies, each of which appends
    the address it saw to X-Forwarded-For, the client is that many entries from the right; the
    entries left of it are whatever the client sent and are not trusted. Without proxies (the
    default), REMOTE_ADDR: a forged header is ignored."""
    proxies = settings.PROXY_COUNT
    if proxies:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:45]
    return request.META.get("REMOTE_ADDR") or None


def posted_version(request) -> int:
    """The data version a form was shown with (its hidden ``version``); a form posted without
    one counts as stale (-1), so nothing is overwritten unseen."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def query_int(params, name: str) -> int | None:
    """A positive whole number from the query string; anything else is as if not given."""
    value = params.get(name, "")
    return int(value) if value.isdigit() and len(value) <= 9 and int(value) > 0 else None


SEARCHES_KEPT = 10


def search_keep(request, text: str) -> str:
    """Keep a search in the session and return an opaque key for the address. A search may be a
    henkilötunnus or a name: in the query string it would land in the server's and the proxy's
    access logs and the browser's history. Pages carry ``?search=<key>`` instead."""
    searches = dict(request.session.get("searches", {}))
    key = secrets.token_urlsafe(6)
    searches[key] = text[:60]
    request.session["searches"] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return key


def search_of(request, key: str) -> str:
    """The search kept under ``key`` in this session ("" if none)."""
    return request.session.get("searches", {}).get(key, "") if key else ""


def search_redirect(request, url: str, keys: tuple[str, ...] = ()):
    """The answer to a posted search form: its text kept in the session (``search_keep``), the
    address carrying only its key and the form's other filters (``keys``)."""
    query = {key: request.POST.get(key, "")[:40] for key in keys}
    text = request.POST.get("q", "").strip()
    if text:
        query["search"] = search_keep(request, text)
    return redirect(url + "?" + urlencode({key: value for key, value in query.items() if value}))


API_PREFIX = "/api/"


def is_api(request) -> bool:
    """A request to the REST API, which answers in JSON (core/api.py), even when refused
    before a view runs."""
    return request.path.startswith(API_PREFIX)
