"""The week of all one's clients: one screen, a row per client, copy the previous week, nothing
saved half-way, what the grid does not show is kept."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import admit, version
from vahti.cases import services
from vahti.cases.models import Absence, Day
from vahti.core.dates import today


def monday_before():
    day = today()
    return day - dt.timedelta(days=day.weekday() + 7)


def grid_post(monday, decisions, cells):
    """``cells``: {(decision, weekday index): (state, hours, reason)}; other cells empty."""
    data = {"week": monday.isoformat()}
    for decision in decisions:
        data[f"v{decision.pk}"] = version(decision)
        for index in range(5):
            state, hours, reason = cells.get((decision.pk, index), ("", "", ""))
            data[f"c{decision.pk}-{index}-state"] = state
            data[f"c{decision.pk}-{index}-hours"] = hours
            data[f"c{decision.pk}-{index}-reason"] = reason
    return data


def received_long_ago(coach):
    return admit(coach, received_on=today() - dt.timedelta(days=60)).current_decision


def test_a_coach_records_a_normal_week_of_two_clients_in_one_save(logged_in, coach):
    first, second = received_long_ago(coach), received_long_ago(coach)
    monday = monday_before()
    cells = {(d.pk, i): ("day", "6", "") for d in (first, second) for i in range(5)}
    cells[second.pk, 2] = ("sick", "", "")
    answer = logged_in.post(reverse("cases:week_all"), grid_post(monday, [first, second], cells))
    assert answer.status_code == 302
    assert first.days.count() == 5 and second.days.count() == 4
    assert Absence.objects.get(decision=second).reason == "sick"
    assert set(first.days.values_list("hours", flat=True)) == {6.0}


def test_one_bad_cell_saves_nothing_and_names_the_cell(logged_in, coach):
    first, second = received_long_ago(coach), received_long_ago(coach)
    monday = monday_before()
    cells = {
        (first.pk, 0): ("day", "6", ""),
        (second.pk, 1): ("day", "", ""),
        (second.pk, 2): ("flex_day", "", ""),
    }
    page = logged_in.post(reverse("cases:week_all"), grid_post(monday, [first, second], cells))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Anna päivän tunnit" in html and "Kirjaa joustopäivän peruste." in html
    assert Day.objects.filter(decision__in=[first, second]).count() == 0


def test_a_row_the_core_refuses_saves_no_row(logged_in, coach):
    early = admit(coach, received_on=monday_before() + dt.timedelta(days=2)).current_decision
    fine = received_long_ago(coach)
    monday = monday_before()
    # The cell before the decision arrived is not even offered; a later week's rule refusal
    # (a day on a break) is the service's, reported on the row.
    services.break_add(
        actor=coach,
        decision=fine,
        start=monday,
        end=monday + dt.timedelta(days=6),
        reason="illness",
        note="",
        expected_version=int(version(fine)),
    )
    cells = {(fine.pk, 0): ("day", "6", ""), (early.pk, 3): ("day", "6", "")}
    page = logged_in.post(reverse("cases:week_all"), grid_post(monday, [early, fine], cells))
    assert page.status_code == 200, page.get("Location")
    assert "Mitään ei tallennettu" in page.content.decode()
    assert not Day.objects.filter(decision__in=[early, fine]).exists()


def test_cells_before_the_decision_arrived_are_not_offered(logged_in, coach):
    monday = monday_before()
    decision = admit(coach, received_on=monday + dt.timedelta(days=2)).current_decision
    html = logged_in.get(reverse("cases:week_all"), {"week": monday.isoformat()}).content.decode()
    assert f'name="c{decision.pk}-1-state"' not in html
    assert f'name="c{decision.pk}-2-state"' in html


def test_copying_the_previous_week_fills_the_form_and_saves_nothing_until_saved(logged_in, coach):
    decision = received_long_ago(coach)
    before = monday_before() - dt.timedelta(days=7)
    services.week_save(
        actor=coach,
        decision=decision,
        monday=before,
        entries=[
            {"kind": "day", "date": before + dt.timedelta(days=i), "hours": 5, "mode": "workplace"}
            for i in range(3)
        ],
        expected_version=int(version(decision)),
    )
    monday = monday_before()
    page = logged_in.get(reverse("cases:week_all"), {"week": monday.isoformat(), "copy": "1"})
    row = next(r for r in page.context["rows"] if r.decision.pk == decision.pk)
    assert [c.state for c in row.cells] == ["day", "day", "day", "", ""]
    assert decision.days.filter(date__gte=monday).count() == 0


def test_saving_keeps_what_the_grid_does_not_show_and_leaves_unchanged_rows_alone(logged_in, coach):
    changed, untouched = received_long_ago(coach), received_long_ago(coach)
    monday = monday_before()
    for decision in (changed, untouched):
        services.week_save(
            actor=coach,
            decision=decision,
            monday=monday,
            entries=[
                {
                    "kind": "day",
                    "date": monday,
                    "hours": 5,
                    "programme_hours": 4,
                    "mode": "workplace",
                },
                {
                    "kind": "day",
                    "date": monday + dt.timedelta(days=5),
                    "hours": 3,
                    "mode": "onsite",
                },
            ],
            expected_version=int(version(decision)),
        )
    untouched_version = version(untouched)
    cells = {(changed.pk, 0): ("day", "6", ""), (untouched.pk, 0): ("day", "5", "")}
    answer = logged_in.post(
        reverse("cases:week_all"), grid_post(monday, [changed, untouched], cells)
    )
    assert answer.status_code == 302
    day = changed.days.get(date=monday)
    assert (day.hours, day.programme_hours, day.mode) == (6, 4, "workplace")
    assert changed.days.filter(date=monday + dt.timedelta(days=5)).exists()  # Saturday kept
    assert version(untouched) == untouched_version


def test_a_stale_grid_is_refused_naming_who_saved_in_between(logged_in, coach, manager):
    decision = received_long_ago(coach)
    monday = monday_before()
    data = grid_post(monday, [decision], {(decision.pk, 0): ("day", "6", "")})
    services.week_save(
        actor=manager,
        decision=decision,
        monday=monday,
        entries=[
            {"kind": "day", "date": monday + dt.timedelta(days=1), "hours": 4, "mode": "onsite"}
        ],
        expected_version=int(version(decision)),
    )
    page = logged_in.post(reverse("cases:week_all"), data)
    assert page.status_code == 200 and "Testaaja" in page.content.decode()
    assert not decision.days.filter(date=monday).exists()


def test_every_control_has_a_label_naming_the_client_and_the_day(logged_in, coach):
    decision = received_long_ago(coach)
    html = logged_in.get(
        reverse("cases:week_all"), {"week": monday_before().isoformat()}
    ).content.decode()
    for index in range(5):
        for field in ("state", "hours", "reason"):
            assert (
                f'<label class="visually-hidden" for="c{decision.pk}-{index}-{field}"' in html
                or f'<label for="c{decision.pk}-{index}-{field}"' in html
            )


def test_another_organisations_clients_are_not_in_the_grid_and_cannot_be_posted(
    client, coach, outsider
):
    decision = received_long_ago(coach)
    client.force_login(outsider)
    monday = monday_before()
    html = client.get(reverse("cases:week_all"), {"week": monday.isoformat()}).content.decode()
    assert f"c{decision.pk}-0-state" not in html
    client.post(
        reverse("cases:week_all"),
        grid_post(monday, [decision], {(decision.pk, 0): ("day", "6", "")}),
    )
    assert not decision.days.exists()


def test_the_grid_reads_in_the_same_number_of_queries_for_few_and_many_clients(logged_in, coach):
    received_long_ago(coach)
    url = reverse("cases:week_all")
    logged_in.get(url)
    with CaptureQueriesContext(connection) as few:
        logged_in.get(url)
    for _ in range(5):
        received_long_ago(coach)
    with CaptureQueriesContext(connection) as many:
        logged_in.get(url)
    assert len(many) == len(few)


def test_a_refused_save_is_summed_up_at_the_top_with_a_link_to_each_bad_cell(logged_in, coach):
    first, second = received_long_ago(coach), received_long_ago(coach)
    monday = monday_before()
    cells = {
        (first.pk, 0): ("day", "6", ""),
        (second.pk, 1): ("day", "", ""),
        (second.pk, 2): ("flex_day", "", ""),
    }
    html = logged_in.post(
        reverse("cases:week_all"), grid_post(monday, [first, second], cells)
    ).content.decode()
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert "Viikkoa ei tallennettu: 2 korjattavaa" in summary
    assert "Mitään ei tallennettu yhdellekään asiakkaalle" in summary
    assert f'href="#c{second.pk}-1-hours"' in summary
    assert f'href="#c{second.pk}-2-reason"' in summary
    # The summary comes before the grid, and each link's target exists in the page.
    assert html.index('id="error-summary"') < html.index('<table class="grid')
    assert f'id="c{second.pk}-1-hours"' in html and f'id="c{second.pk}-2-reason"' in html


def test_a_row_the_service_refuses_is_linked_from_the_summary(logged_in, coach):
    fine = received_long_ago(coach)
    monday = monday_before()
    services.break_add(
        actor=coach,
        decision=fine,
        start=monday,
        end=monday + dt.timedelta(days=6),
        reason="illness",
        note="",
        expected_version=int(version(fine)),
    )
    html = logged_in.post(
        reverse("cases:week_all"), grid_post(monday, [fine], {(fine.pk, 0): ("day", "6", "")})
    ).content.decode()
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert f'href="#row-{fine.pk}"' in summary and f'id="row-{fine.pk}"' in html


def test_after_a_save_the_new_warnings_are_said(logged_in, coach):
    decision = received_long_ago(coach)
    monday = monday_before()
    # One short day (2 h) breaks TEAK's day length: a new finding the save reports by name.
    answer = logged_in.post(
        reverse("cases:week_all"),
        grid_post(monday, [decision], {(decision.pk, 0): ("day", "2", "")}),
        follow=True,
    )
    said = " ".join(str(m) for m in answer.context["messages"])
    assert decision.client.last_name in said and ("uusi varoitus" in said or "uusi virhe" in said)
