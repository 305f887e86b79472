"""Every page a coach and a manager use, in Chromium at a phone's width (390 px) and a laptop's
(1366 px): axe-core finds no critical or serious violation, and the work queue, the week screen
and the client page fit the screen without scrolling sideways.

axe-core is installed by .ci/run (npm, pinned) into .ci/axe. Outside CI the test is skipped when
Chromium or axe-core is missing (it says so); with CI=true a missing one fails the run.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, admit, version
from vahti.cases import services
from vahti.core.dates import today
from vahti.groups import services as groups
from vahti.notices import services as notices
from vahti.readiness import services as readiness
from vahti.staff import services as staff

CHROMIUM = Path(os.environ.get("VAHTI_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(
    os.environ.get(
        "VAHTI_AXE", Path(__file__).parents[2] / ".ci/axe/node_modules/axe-core/axe.min.js"
    )
)
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
WIDTHS = (390, 1366)
MUST_FIT = ("work_queue", "week_all", "client", "week")

if not IN_CI and not (CHROMIUM.exists() and AXE.exists()):
    pytest.skip(
        f"no Chromium at {CHROMIUM} or no axe-core at {AXE}: the accessibility test "
        "runs in CI (.ci/run installs both)",
        allow_module_level=True,
    )

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _pages(coach, manager):
    """(name, url, user) of every kind of page, with data on them."""
    patient = admit(coach, received_on=today() - dt.timedelta(days=40))
    decision = patient.current_decision
    monday = today() - dt.timedelta(days=today().weekday() + 14)
    services.week_save(
        actor=coach,
        decision=decision,
        monday=monday,
        entries=[
            {"kind": "day", "date": monday + dt.timedelta(days=i), "hours": 6, "mode": "onsite"}
            for i in range(4)
        ]
        + [
            {
                "kind": "absence",
                "date": monday + dt.timedelta(days=4),
                "reason": "",
                "reported_to_kela": False,
            }
        ],
        expected_version=int(version(decision)),
    )
    admit(coach)
    notice = notices.notice_create(actor=coach, decision=decision, kind="change", details="")
    coach_pages = [
        ("work_queue", reverse("workqueue:work_queue")),
        ("week_all", reverse("cases:week_all")),
        ("client", reverse("cases:client", args=[patient.pk])),
        ("week", reverse("cases:week", args=[decision.pk]) + f"?week={monday.isoformat()}"),
        ("records", reverse("cases:records", args=[decision.pk])),
        ("feedback", reverse("feedback:feedback", args=[decision.pk])),
        ("notices", reverse("notices:notices")),
        ("notice", reverse("notices:notice", args=[notice.pk])),
        ("notice_new", reverse("notices:notice_new", args=[decision.pk])),
        ("caseload", reverse("cases:dashboard")),
        ("client_create", reverse("cases:client_create")),
        ("client_edit", reverse("cases:client_edit", args=[patient.pk])),
        ("decision_new", reverse("cases:decision_new", args=[patient.pk])),
        ("end", reverse("cases:rehabilitation_end", args=[decision.pk])),
        ("rules", reverse("cases:rules")),
        ("calendar", reverse("reminders:calendar_settings")),
        ("account", reverse("organisations:account")),
    ]
    group = groups.group_create(actor=coach, name="Ryhmä", service=decision.service, planned_max=8)
    groups.group_member_add(actor=coach, group=group, decision=decision)
    coach_pages += [
        ("groups", reverse("groups:groups")),
        ("group", reverse("groups:group", args=[group.pk])),
        ("outcomes", reverse("outcomes:decision_outcomes", args=[decision.pk])),
    ]
    member = staff.staff_member_create(
        actor=manager,
        first_name="Eeva",
        last_name="Ensiapu",
        profession="nurse",
        services=[decision.service],
    ).member
    staff.qualification_add(
        actor=manager, member=member, kind="first_aid", gained_on=today() - dt.timedelta(days=1090)
    )
    audit = readiness.kela_audit_record(
        actor=manager,
        held_on=today(),
        auditors="Kela",
        findings=[{"category": "first_aid", "description": "EA1 vanhentunut."}],
    )
    readiness.corrective_action_add(
        actor=manager,
        finding=audit.findings.get(),
        description="EA1-koulutus",
        owner=manager,
        due_on=today(),
    )
    manager_pages = [
        ("staff", reverse("organisations:users")),
        ("access_log", reverse("cases:client_access_log", args=[patient.pk])),
        ("staff_list", reverse("staff:staff_list")),
        ("staff_member", reverse("staff:staff_member", args=[member.pk])),
        ("readiness", reverse("readiness:readiness")),
        ("kela_audit", reverse("readiness:kela_audit", args=[audit.pk])),
        ("reports", reverse("reporting:reports")),
        ("measures", reverse("outcomes:measures")),
    ]
    return [(name, url, coach) for name, url in coach_pages] + [
        (name, url, manager) for name, url in manager_pages
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("who", ["coach", "manager"])
def test_no_serious_accessibility_violation_and_the_daily_pages_fit_a_phone(
    live_server, transactional_db, coach, manager, settings, who, width
):
    """One test per user and width (each visits every page of that user once), so that the
    suite's workers share them."""
    from playwright.sync_api import sync_playwright

    # The manager signs in with a password only here (the second factor has its own tests).
    settings.SECOND_FACTOR_WAIVED_USERNAMES = frozenset({manager.username})
    assert CHROMIUM.exists(), f"CI needs Chromium at {CHROMIUM}"
    assert AXE.exists(), f"CI needs axe-core at {AXE} (.ci/run installs it)"
    axe = AXE.read_text(encoding="utf-8")
    user = coach if who == "coach" else manager
    pages = [(name, url) for name, url, owner in _pages(coach, manager) if owner == user]
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        # bypass_csp: axe is injected by the test, not served by Vahti.
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("button.primary")
        page.wait_for_url(f"{live_server.url}/")
        if width < 700:
            # The phone header: brand, menu button and the daily links; the rest behind "Menu".
            header = page.evaluate("document.querySelector('header.top').offsetHeight")
            if header > 0.15 * 900:
                problems.append(f"the header takes {header} px of 900 at {width} px")
            logout = page.locator("header.top .tools")
            if logout.is_visible():
                problems.append("the account tools show before the menu is opened")
            page.click("header.top .menu-toggle")
            if not logout.is_visible():
                problems.append("the menu button does not open the rest of the header")
        for name, url in pages:
            page.goto(live_server.url + url)
            page.add_script_tag(content=axe)
            found = page.evaluate("""async () => {
                const r = await axe.run(document, {
                  resultTypes: ['violations'],
                  runOnly: {type: 'tag', values: [
                    'wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
                  rules: {'target-size': {enabled: true}},  // WCAG 2.2 AA, off by default
                });
                return r.violations.filter(v => ['critical', 'serious'].includes(v.impact))
                  .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3)
                  .map(n => n.target.join(' ')).join(' | '));
            }""")
            problems += [f"{name} at {width} px: {v}" for v in found]
            if name == "week":
                # Only the fields of the day's entry show: a day with no entry shows no hours.
                if page.locator("#id_day-6-hours").is_visible():
                    problems.append(f"week at {width} px: an empty day shows its hours field")
                page.select_option("#id_day-6-kind", "day")
                if not page.locator("#id_day-6-hours").is_visible():
                    problems.append(f"week at {width} px: a rehabilitation day hides its hours")
            if name in MUST_FIT:
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if overflow > 0:
                    problems.append(f"{name} at {width} px: {overflow} px too wide")
        context.close()
        browser.close()
    assert problems == [], "\n".join(problems)
