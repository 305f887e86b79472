"""A smoke test of a running production server (`make serve`), as a browser would use it:
security headers, static files, Finnish error pages, a coach signing in and reading, a manager
held at the second factor. Usage: python .ci/smoke.py http://127.0.0.1:8765"""

from __future__ import annotations

import http.cookiejar
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

PASSWORD = "vahti-esittely-2026"
# .ci/serve-smoke looks for these in the server's log afterwards: neither may be there.
SEARCHED = "010175-900U"
CALENDAR_TOKEN = "SmokeTokenSecret0123456789abcdefghijklmnopq"


class Browser:
    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path: str, data: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def sign_in(self, username: str):
        status, _, page = self.request("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(
            "/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD, "next": "/"},
        )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check(name: str, condition: bool) -> bool:
    print(("ok   " if condition else "FAIL ") + name)
    return condition


def main(base: str) -> int:
    results = []
    coach = Browser(base)
    status, headers, page = coach.request("/login/")
    results.append(check("login page in Finnish", status == 200 and "Kirjaudu" in page))
    results.append(
        check(
            "content security policy",
            "script-src 'self'" in headers.get("Content-Security-Policy", ""),
        )
    )
    results.append(check("no framing", headers.get("X-Frame-Options") == "DENY"))
    results.append(check("no development-mode note", "Kehitystila" not in page))
    status, headers, css = coach.request("/static/core/vahti.css")
    results.append(check("static files served", status == 200 and "body" in css))
    status, _, page = coach.request("/no-such-page/")
    results.append(check("Finnish 404", status == 404 and "Sivua ei löydy" in page))
    status, headers, _ = coach.sign_in("valmentaja")
    results.append(check("coach signs in", status == 302))
    status, headers, page = coach.request("/")
    results.append(check("work list with clients", status == 200 and 'href="/clients/' in page))
    results.append(
        check("client data not cached", headers.get("Cache-Control", "").startswith("no-store"))
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    status, headers, _ = coach.request(
        "/", {"csrfmiddlewaretoken": token.group(1) if token else "", "q": SEARCHED}
    )
    results.append(
        check(
            "a search is posted, its text kept out of the address",
            status == 302
            and SEARCHED not in headers.get("Location", "")
            and "search=" in headers.get("Location", ""),
        )
    )
    status, _, _ = coach.request(f"/calendar/{CALENDAR_TOKEN}.ics?q={SEARCHED}")
    results.append(check("an unknown calendar token is a 404", status == 404))
    trace = urllib.request.Request(base + "/login/", method="TRACE")
    try:
        status = coach.opener.open(trace, timeout=30).status
    except urllib.error.HTTPError as error:
        status = error.code
    results.append(check("TRACE refused", status == 405))
    client = re.search(r'href="(/clients/\d+/)"', page)
    status, _, page = coach.request(client.group(1)) if client else (0, {}, "")
    results.append(check("client page", status == 200))
    manager = Browser(base)
    manager.sign_in("demo")
    status, headers, _ = manager.request("/")
    results.append(
        check(
            "manager held at the second factor",
            status == 302 and "/login/second-factor/" in headers.get("Location", ""),
        )
    )
    print(f"{sum(results)}/{len(results)} checks passed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
