"""Invoicing Kela: which days of a decision are billable and why the others are not, the
invoicing deadline, and the check digits of the Finnish reference number (viitenumero) and the
business ID (rules.md "Invoicing Kela"; seed 001 "Kuntoutuksen toteutus"; kela.fi "Ohjeita
palveluntuottajille – laskutus").

Plain values in, plain results out: the workspace's invoicing (still to be built) reads these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from stdnum import iso11649
from stdnum.fi import ytunnus
from stdnum.iso7064 import mod_97_10

from .calendar import add_months, add_weeks
from .case import Case
from .facts import Facts
from .results import ERROR, WARNING, Finding
from .teak import granted_days

# Why a day is not billed, in the order the first that applies is given (rules.md).
PLANNED = "planned"
BEFORE_START = "before_start"
OUTSIDE_WINDOW = "outside_window"
AFTER_END = "after_end"
ABSENT = "absent"
LATE_CANCELLATION = "late_cancellation"
FLEX_WITHOUT_REHABILITATION = "flex_without_rehabilitation"
ALREADY_INVOICED = "already_invoiced"
OVER_GRANTED_DAYS = "over_granted_days"
REASONS = (
    PLANNED,
    BEFORE_START,
    OUTSIDE_WINDOW,
    AFTER_END,
    ABSENT,
    LATE_CANCELLATION,
    FLEX_WITHOUT_REHABILITATION,
    ALREADY_INVOICED,
    OVER_GRANTED_DAYS,
)
# The Finnish reference number's check digit (Finanssiala's standard, not a rule of Kela's):
# weights 7, 3, 1 from the right, a base of 3 to 19 digits.
WEIGHTS = (7, 3, 1)  # not a rule number
BASE_DIGITS = range(3, 20)  # not a rule number


@dataclass(frozen=True, slots=True)
class Unit:
    """A day of the period: billable, or not with its one reason (``why``)."""

    date: dt.date
    billable: bool
    why: str | None = None
    rule: str = "billing.billable"


def billable_days(
    case: Case,
    p: dict,
    *,
    start: dt.date,
    end: dt.date,
    on: dt.date,
    invoiced: frozenset[dt.date] = frozenset(),
    cancellations: tuple[tuple[dt.date, dt.date, dt.date | None], ...] = (),
    late_cancellation_billable: bool = False,
) -> list[Unit]:
    """billing.billable (001 "Kuntoutuksen toteutus": the provider invoices rehabilitation
    delivered as the service description says; rules.md): the days of ``start``–``end`` with a
    recorded day, absence or cancellation, each billable or with the first reason that applies.
    ``on``: the invoicing date (a later day is planned). ``invoiced``: days on sent invoices.
    ``cancellations``: (the time's date, the day the client was told it, the day the client
    cancelled or None for a no-show); billing.cancellation: a cancellation more than 7 days
    after the client was told the time, or a no-show, is late, and billed only when the contract
    says so; one in time is not a unit at all, nor is one on a date with a recorded day.
    Realised days count against the granted days whether invoiced or not; an absence does not."""
    facts = Facts(case)
    first = facts.first_day
    ended = case.first_event("end")
    months = case.window_months or p.get(f"{case.service}.window_months")
    window_end = add_months(first, months)[0] if first is not None and months else None
    granted = granted_days(case, p)
    notice = dt.timedelta(days=p["billing.cancellation_notice_days"])

    def why_not(date: dt.date) -> str | None:
        if date > on:
            return PLANNED
        if first is not None and date < first:
            return BEFORE_START
        if window_end is not None and date > window_end:
            return OUTSIDE_WINDOW
        if ended is not None and date > ended.date:
            return AFTER_END
        return None

    units: list[Unit] = []
    counted = 0  # realised days so far, against the granted days
    for day in case.days:
        why = why_not(day.date)
        realised = why != PLANNED and day.is_rehabilitation
        if realised:
            counted += 1
        if why is None and not day.is_rehabilitation:
            why = FLEX_WITHOUT_REHABILITATION
        if why is None and day.date in invoiced:
            why = ALREADY_INVOICED
        if why is None and granted is not None and counted > granted:
            why = OVER_GRANTED_DAYS
        if start <= day.date <= end:
            units.append(Unit(day.date, why is None, why))
    for absence in case.absences:
        if start <= absence.date <= end:
            units.append(Unit(absence.date, False, why_not(absence.date) or ABSENT))
    recorded = {day.date for day in case.days}
    for booked, told, cancelled in cancellations:
        late = cancelled is None or cancelled - told > notice
        if not start <= booked <= end or booked in recorded or not late:
            continue
        why = why_not(booked)
        if why is None and not late_cancellation_billable:
            why = LATE_CANCELLATION
        if why is None and booked in invoiced:
            why = ALREADY_INVOICED
        units.append(Unit(booked, why is None, why, rule="billing.cancellation"))
    return sorted(units, key=lambda unit: unit.date)


def invoicing_due(day: dt.date, p: dict) -> dt.date:
    """billing.deadline: a unit is invoiced within 2 months of the service (kela.fi)."""
    return add_months(day, p["billing.deadline_months"])[0]


def unbilled_findings(days: list[dt.date], p: dict, *, on: dt.date) -> list[Finding]:
    """billing.deadline (kela.fi "Laskutus"; rules.md): a realised day not yet invoiced is a
    warning from 2 weeks before its due date through the due date, an error after it."""
    findings = []
    for day in days:
        due = invoicing_due(day, p)
        if on > due:
            findings.append(Finding("billing.deadline", ERROR, due, "late", date=day, due=due))
        elif on >= add_weeks(due, -p["billing.deadline_warning_weeks"]):
            findings.append(Finding("billing.deadline", WARNING, due, "soon", date=day, due=due))
    return findings


def reference_number(base: str) -> str:
    """billing.fields: the Finnish reference number (viitenumero) of a base of 3–19 digits, its
    check digit appended: weights 7, 3, 1 from the right, check = (10 − sum mod 10) mod 10."""
    if not base.isdigit() or len(base) not in BASE_DIGITS:
        raise ValueError("a reference number's base is 3 to 19 digits")
    total = sum(int(digit) * WEIGHTS[i % len(WEIGHTS)] for i, digit in enumerate(reversed(base)))
    return base + str(-total % 10)  # not a rule number


def reference_number_valid(number: str) -> bool:
    """Whether a viitenumero (spaces allowed) has the right check digit and length."""
    digits = number.replace(" ", "")
    return (
        digits.isdigit()
        and len(digits) - 1 in BASE_DIGITS
        and reference_number(digits[:-1]) == digits
        and digits.lstrip("0") != ""
    )


def rf_reference(base: str) -> str:
    """The international RF reference (ISO 11649) of a viitenumero, through python-stdnum."""
    return iso11649.format("RF" + mod_97_10.calc_check_digits(base + "RF") + base)


def business_id_valid(business_id: str) -> bool:
    """billing.fields: a Y-tunnus with its check digit right (python-stdnum)."""
    return ytunnus.is_valid(business_id)


# Kela's 8 required fields of an e-invoice (kela.fi "Laskutus"; billing.fields), by name.
FIELDS = (
    "recipient_business_id",
    "recipient_name",
    "invoice_number",
    "reference",
    "biller_reference",
    "biller_business_id",
    "provider_business_id",
    "email",
)
BUSINESS_IDS = ("recipient_business_id", "biller_business_id", "provider_business_id")
CENT = Decimal("0.01")


def field_findings(fields: dict[str, str], *, on: dt.date) -> list[Finding]:
    """billing.fields (kela.fi "Laskutus": many e-invoicing systems cannot carry the fields Kela
    requires, and Kela then cannot process the invoice): each of the 8 fields present, every
    Y-tunnus and the viitenumero with the right check digit. Errors: they refuse a run."""
    findings = []
    for name in FIELDS:
        value = (fields.get(name) or "").strip()
        if not value:
            findings.append(Finding("billing.fields", ERROR, on, f"missing_{name}"))
        elif name in BUSINESS_IDS and not business_id_valid(value):
            findings.append(Finding("billing.fields", ERROR, on, f"invalid_{name}", value=value))
        elif name == "reference" and not reference_number_valid(value):
            findings.append(Finding("billing.fields", ERROR, on, "invalid_reference", value=value))
    return findings


def unpriced_findings(days: list[dt.date], *, on: dt.date) -> list[Finding]:
    """billing.fields: a billable day with no price of the price annex in force on it."""
    return [Finding("billing.fields", ERROR, on, "no_price", date=day) for day in days]


def reconcile_findings(
    *, certificate_issued: bool, certificate_stale: bool, on: dt.date
) -> list[Finding]:
    """billing.reconcile (rules.md; kela.fi: the decision, the days, the certificate and the
    invoice agree): no certificate for the days billed, or one older than a change to its days,
    is a warning on the run (issue a new certificate first)."""
    if not certificate_issued:
        return [Finding("billing.reconcile", WARNING, on, "no_certificate")]
    if certificate_stale:
        return [Finding("billing.reconcile", WARNING, on, "certificate_stale")]
    return []


def vat(amount: Decimal, *, exempt: bool, p: dict) -> tuple[Decimal, Decimal]:
    """(rate %, VAT in euros) of a VAT-exclusive ``amount`` on the day of service: nothing for
    an exempt price type, else the general rate in force (billing.vat_rate), to the cent."""
    if exempt:
        return Decimal(0), Decimal("0.00")
    rate = Decimal(str(p["billing.vat_rate"]))
    return rate, (amount * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)  # not a rule number
