"""The daily round in a real browser: Playwright driving Debian's Chromium, headless.

Outside CI the test is skipped when /usr/bin/chromium is missing (it says so); with CI=true a
missing browser fails the run (.ci/run installs it).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.db import connections

from tests.factories import PASSWORD, admit
from vahti.core.dates import today

CHROMIUM = Path(os.environ.get("VAHTI_CHROMIUM", "/usr/bin/chromium"))
IN_CI = os.environ.get("CI") == "true"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

if not CHROMIUM.exists() and not IN_CI:
    pytest.skip(
        f"no Chromium at {CHROMIUM}: browser tests run in CI (apt-get install chromium)",
        allow_module_level=True,
    )

# Playwright's sync API runs an event loop in this thread; the ORM calls here are ordinary
# blocking calls made between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), f"CI needs Chromium at {CHROMIUM}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(15_000)
        yield page
        # With Playwright's event loop running in this thread, Django keeps the ORM calls made
        # between browser steps on a connection of their own (asgiref's thread-critical local
        # follows the loop's context): closed here, or PostgreSQL cannot drop the test database.
        connections.close_all()
        browser.close()


def test_a_coach_enters_a_week_sees_the_flex_finding_and_fixes_it(
    page, live_server, transactional_db, coach
):
    client = admit(coach)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", coach.username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")

    page.click(f"text={client.last_name}")
    page.wait_for_url(f"**/clients/{client.pk}/")
    assert page.locator("h1").inner_text().startswith(client.last_name)

    page.click("text=Kirjaa viikko")
    monday = today() - dt.timedelta(days=today().weekday() + 7)
    page.goto(page.url.split("?")[0] + f"?week={monday.isoformat()}")
    page.select_option("#id_day-0-kind", "day")
    page.fill("#id_day-0-hours", "6")
    page.fill("#id_day-0-programme_hours", "5")
    page.fill("#id_day-0-travel_hours", "1")
    page.click("#fill-weekdays")
    page.fill("#id_day-4-hours", "3")
    page.fill("#id_day-4-programme_hours", "3")
    page.check("#id_day-4-flex")
    page.click("text=Tallenna viikko")
    page.wait_for_url(f"**/clients/{client.pk}/#findings")
    finding = page.locator('[data-rule="certificate.flex_unjustified"]')
    assert finding.count() == 1
    assert "ei ole kirjattu perustelua" in finding.inner_text()
    assert client.current_decision.days.count() == 5

    page.click("text=Kirjaa viikko")
    page.goto(page.url.split("?")[0] + f"?week={monday.isoformat()}")
    assert page.input_value("#id_day-4-hours") == "3.0"
    page.fill("#id_day-4-flex_reason", "Osa-aikatyö iltapäivisin")
    page.click("text=Tallenna viikko")
    page.wait_for_url(f"**/clients/{client.pk}/#findings")
    assert page.locator('[data-rule="certificate.flex_unjustified"]').count() == 0
