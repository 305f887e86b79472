"""Invoicing Kela in the rules core (rules/billing.py): each day billable or not with its one
reason, in the order rules.md gives; the invoicing deadline; the reference number's and the
business ID's check digits."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vahti.rules import billing
from vahti.rules.evaluate import default_evaluator

D = dt.date
BASE = {
    "as_of": "2024-12-20",
    "service": "teak.tyohonvalmennus",
    "decision": {"decided_on": "2024-08-28", "received_on": "2024-09-02", "granted_days": 3},
    "events": [{"type": "start", "date": "2024-09-23"}],
    "days": [
        {"date": "2024-09-23", "hours": 6},
        {"date": "2024-09-24", "hours": 0, "flex": True, "flex_reason": "sairas lapsi"},
        {"date": "2024-09-25", "hours": 6},
        {"date": "2024-09-26", "hours": 6},
        {"date": "2024-09-27", "hours": 6},
        {"date": "2024-12-30", "hours": 6},
    ],
    "absences": [{"date": "2024-09-30", "reason": "sick"}],
}


def units(case=BASE, **kwargs):
    evaluator = default_evaluator()
    read = evaluator.read(case)
    p = evaluator.parameters(read)
    options = {"start": D(2024, 9, 1), "end": D(2024, 12, 31), "on": D(2024, 12, 20)} | kwargs
    return {u.date: (u.billable, u.why) for u in billing.billable_days(read, p, **options)}


def test_each_day_is_billable_or_has_its_one_reason_in_the_order_of_the_rules():
    found = units(invoiced=frozenset({D(2024, 9, 25)}))
    assert found == {
        D(2024, 9, 23): (True, None),
        D(2024, 9, 24): (False, "flex_without_rehabilitation"),
        D(2024, 9, 25): (False, "already_invoiced"),
        D(2024, 9, 26): (True, None),
        # The granted three days are used up by the realised ones, invoiced or not.
        D(2024, 9, 27): (False, "over_granted_days"),
        D(2024, 9, 30): (False, "absent"),
        D(2024, 12, 30): (False, "planned"),
    }


def test_days_after_the_end_are_not_billed_and_the_end_comes_before_invoiced():
    case = BASE | {"events": [*BASE["events"], {"type": "end", "date": "2024-09-25"}]}
    found = units(case, invoiced=frozenset({D(2024, 9, 26)}))
    assert found[D(2024, 9, 26)] == (False, "after_end")
    assert found[D(2024, 9, 30)] == (False, "after_end")


def test_a_late_cancellation_is_not_billed_unless_the_contract_says_so():
    # Told the time on 20.9., cancelled on 28.9.: more than 7 days after being told — late.
    late = ((D(2024, 10, 1), D(2024, 9, 20), D(2024, 9, 28)),)
    assert units(cancellations=late)[D(2024, 10, 1)] == (False, "late_cancellation")
    billed = units(cancellations=late, late_cancellation_billable=True)
    assert billed[D(2024, 10, 1)] == (True, None)
    # A no-show is a late cancellation; one cancelled within 7 days is no unit at all.
    no_show = ((D(2024, 10, 2), D(2024, 9, 20), None),)
    assert units(cancellations=no_show)[D(2024, 10, 2)] == (False, "late_cancellation")
    in_time = ((D(2024, 10, 3), D(2024, 9, 20), D(2024, 9, 27)),)
    assert D(2024, 10, 3) not in units(cancellations=in_time, late_cancellation_billable=True)
    # A recorded day on the date is the day: the cancellation is not billed beside it.
    on_a_day = ((D(2024, 9, 23), D(2024, 9, 1), None),)
    assert units(cancellations=on_a_day, late_cancellation_billable=True)[D(2024, 9, 23)] == (
        True,
        None,
    )


def test_the_invoicing_deadline_warns_two_weeks_before_and_is_an_error_after():
    p = default_evaluator().store.at(D(2024, 9, 1))
    day = D(2024, 9, 23)
    assert billing.invoicing_due(day, p) == D(2024, 11, 23)
    assert billing.unbilled_findings([day], p, on=D(2024, 11, 8)) == []
    soon = billing.unbilled_findings([day], p, on=D(2024, 11, 9))
    late = billing.unbilled_findings([day], p, on=D(2024, 11, 24))
    assert [(f.severity, f.date) for f in soon] == [("warning", D(2024, 11, 23))]
    assert [(f.severity, f.date) for f in late] == [("error", D(2024, 11, 23))]
    text = default_evaluator().catalogue.messages(late[0], "fi", shown=True)
    assert text == (
        "Kuntoutuspäivä 23.9.2024 on laskuttamatta, ja laskutuksen määräaika 23.11.2024 on "
        "ylittynyt."
    )


@pytest.mark.parametrize(
    ("base", "number"), [("123456", "1234561"), ("1000", "10003"), ("2023001", "20230012")]
)
def test_the_reference_number_takes_the_7_3_1_check_digit(base, number):
    assert billing.reference_number(base) == number
    assert billing.reference_number_valid(number)


@given(st.text(alphabet="0123456789", min_size=3, max_size=19), st.integers(0, 18), st.data())
def test_a_reference_number_is_valid_and_a_changed_digit_is_not(base, position, data):
    number = billing.reference_number(base)
    assert billing.reference_number_valid(number) or not base.lstrip("0")
    position %= len(number)
    other = data.draw(st.sampled_from([d for d in "0123456789" if d != number[position]]))
    changed = number[:position] + other + number[position + 1 :]
    assert not billing.reference_number_valid(changed) or changed.lstrip("0") == ""


def test_the_rf_reference_and_business_ids_are_checked_with_python_stdnum():
    from stdnum import iso11649

    assert iso11649.is_valid(billing.rf_reference("1234561"))
    assert billing.business_id_valid("0246246-0")  # Kela
    assert not billing.business_id_valid("0246246-1")


@given(
    offsets=st.sets(st.integers(min_value=0, max_value=150), min_size=1, max_size=40),
    granted=st.integers(min_value=1, max_value=60),
    end_after=st.one_of(st.none(), st.integers(min_value=0, max_value=150)),
    invoiced=st.sets(st.integers(min_value=0, max_value=150), max_size=10),
)
def test_no_billable_unit_falls_outside_its_decision(offsets, granted, end_after, invoiced):
    """Property: whatever days are recorded, a billable day is realised by the invoicing date,
    on or after the first day, inside the window, not after the end, not already invoiced, and
    the billable days with the invoiced ones never exceed the granted days."""
    first = D(2024, 9, 23)
    days = sorted(first + dt.timedelta(days=n) for n in offsets | {0})
    end = first + dt.timedelta(days=end_after) if end_after is not None else None
    case = {
        "as_of": "2025-03-01",
        "service": "teak.tyohonvalmennus",
        "decision": {
            "decided_on": "2024-08-28",
            "received_on": "2024-09-02",
            "granted_days": granted,
            "window_months": 3,
        },
        "events": [{"type": "start", "date": first.isoformat()}]
        + ([{"type": "end", "date": end.isoformat()}] if end else []),
        "days": [{"date": d.isoformat(), "hours": 6} for d in days if not end or d <= end],
        "absences": [],
    }
    on = D(2025, 1, 31)
    done = frozenset(first + dt.timedelta(days=n) for n in invoiced)
    found = units(case, start=first, end=D(2025, 3, 1), on=on, invoiced=done)
    billable = [day for day, (ok, _why) in found.items() if ok]
    window_end = D(2024, 12, 23)
    for day in billable:
        assert first <= day <= min(on, window_end)
        assert end is None or day <= end
        assert day not in done
    assert len(billable) <= granted
