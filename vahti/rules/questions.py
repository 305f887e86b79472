"""The provider's own questions to the rules core, one entry each, as ``evaluate`` is the entry
for a case: the staff on a date, a group, a client count, the outcome data's due date, where a
notice goes, and the refusals among findings. Each takes plain values, reads the parameters in
force on its own date and returns results that explain themselves; the workspace never fetches
parameters or sorts findings into refusals itself."""

from __future__ import annotations

import datetime as dt

from . import billing, groups, outcomes, reporting, staff
from .loader import ParameterNotInForce
from .results import ERROR, Finding

IN_FORCE = ".in_force"  # a service line's own parameter: when decisions can be made for it


class ProviderQuestions:
    """Mixed into the Evaluator (``self.store``, ``self.catalogue``, ``self.registry``)."""

    # --- staff (rules/staff.py) ----------------------------------------------------------------

    def staff_review(
        self, members, requirements, *, on: dt.date, horizon_days: int
    ) -> staff.StaffFindings:
        return staff.staff_findings(
            members,
            requirements,
            on=on,
            horizon_days=horizon_days,
            p=self.store.at(on),
            at=self.store.at,
        )

    def qualification_end(
        self, qualification: staff.Qualification, *, on: dt.date
    ) -> dt.date | None:
        return staff.qualification_end(qualification, self.store.at(on), self.store.at)

    # --- groups (rules/groups.py) --------------------------------------------------------------

    def group_review(
        self, group: groups.Group, *, on: dt.date
    ) -> tuple[dt.date, groups.GroupFindings]:
        """(the date whose parameters judge the group, its findings on ``on``)."""
        rules_on = groups.parameters_on(group, on)
        return rules_on, groups.group_findings(group, on=on, p=self.store.at(rules_on))

    def group_period(
        self, starts: list[dt.date], *, rules_on: dt.date
    ) -> tuple[list[dt.date], list[Finding]]:
        return groups.group_period_days(starts, p=self.store.at(rules_on))

    def group_start_rule(self, service: str) -> str | None:
        """The deadline a group member's start is judged by (the registry's family), or None
        for a line without groups."""
        return self.registry.family_of(service).group_start_rule

    # --- client counts (rules/reporting.py) ----------------------------------------------------

    COUNT_RULE = ("provider.client_count_report_window", "provider.client_count_binding_day")

    def _count_rule(self, on: dt.date) -> dict | None:
        """The client-count rule's parameters in force on ``on``; None before its first date
        (a question about then is answered in words, never a crash)."""
        p = self.store.at(on)
        return p if all(name in p for name in self.COUNT_RULE) else None

    def count_rule_first(self) -> dt.date:
        return max(self.store.parameter(name).values[0].start for name in self.COUNT_RULE)

    def count_window(self, year: int, *, on: dt.date) -> tuple[dt.date, dt.date] | None:
        """The days on which the count for ``year`` can be reported (the rule in force on
        ``on``); None before the rule's first date."""
        p = self._count_rule(on)
        return None if p is None else reporting.report_window(year, p)

    def count_in_force(self, year: int, reports_by_year: dict, *, on: dt.date) -> int | None:
        """The count for ``year`` that binds on its window's last day, carried forward from
        the latest earlier year with a report (``reports_by_year``: year → reports), by the rule
        in force on ``on``."""
        p = self._count_rule(on)
        return None if p is None else reporting.carried_count(year, reports_by_year, p)

    def counted_line(self, service: str, year: int) -> reporting.CountedLine:
        """The service line as the client-count rule sees it: its procedure (the registry) and
        whether it is in force in ``year`` (on its first or its last day)."""
        return reporting.CountedLine(
            name=self.registry.lines[service].name["fi"],
            procedure=self.registry.lines[service].procedure,
            in_force=any(
                self.line_not_in_force(service, day) is None
                for day in (dt.date(year, 1, 1), dt.date(year + 1, 1, 1) - dt.timedelta(days=1))
            ),
        )

    def count_review(
        self,
        year: int,
        report: reporting.CountReport,
        earlier,
        before: int | None,
        *,
        line: reporting.CountedLine | None = None,
    ) -> list[Finding]:
        p = self._count_rule(report.reported_on)
        if p is None:
            return [
                Finding(
                    "provider.client_count",
                    ERROR,
                    report.reported_on,
                    "not_in_force",
                    first=self.count_rule_first(),
                )
            ]
        return reporting.client_count(year, report, earlier, before, p, line=line)

    # --- outcome data and notices --------------------------------------------------------------

    def outcome_data_due(self, year: int) -> dt.date:
        """The year's outcome data is due by 31.3. of the next year (provider.outcome_data_due)."""
        p = self.store.at(dt.date(year + 1, 1, 1))
        return reporting.day_month(p["provider.outcome_data_due"], year + 1)

    def outcome_delivery_year(
        self, *, phase: str, measured_on, end_measured_on, ended_on
    ) -> int | None:
        """The year whose outcome delivery holds a measurement (rules/outcomes.py)."""
        return outcomes.delivery_year(
            phase=phase,
            measured_on=measured_on,
            end_measured_on=end_measured_on,
            ended_on=ended_on,
        )

    def billable(
        self,
        case,
        *,
        start: dt.date,
        end: dt.date,
        on: dt.date,
        invoiced: frozenset = frozenset(),
        cancellations: tuple = (),
        late_cancellation_billable: bool = False,
    ) -> list:
        """The days of a case in ``start``–``end``, billable or not with their reason
        (rules/billing.py): the case's own parameters with invoicing's in force on ``on``."""
        p = {**self.store.at(on), **self.parameters(case)}
        return billing.billable_days(
            case,
            p,
            start=start,
            end=end,
            on=on,
            invoiced=invoiced,
            cancellations=cancellations,
            late_cancellation_billable=late_cancellation_billable,
        )

    def kela_recipient(self, on: dt.date) -> tuple[str, str]:
        """Kela's business ID and name as an e-invoice's recipient on ``on`` (billing.fields)."""
        p = self.store.at(on)
        return p["billing.kela_business_id"], p["billing.kela_name"]

    def invoice_checks(
        self,
        fields: dict[str, str],
        *,
        unpriced: list[dt.date] = (),
        on: dt.date,
    ) -> list[Finding]:
        """What refuses an invoice or a run (billing.fields): a missing or wrong field among
        Kela's 8, a day with no price in force."""
        return billing.field_findings(fields, on=on) + billing.unpriced_findings(
            list(unpriced), on=on
        )

    def billing_reconcile(
        self, *, certificate_issued: bool, certificate_stale: bool, on: dt.date
    ) -> list[Finding]:
        """billing.reconcile's warnings for one client's invoice."""
        return billing.reconcile_findings(
            certificate_issued=certificate_issued, certificate_stale=certificate_stale, on=on
        )

    def vat(self, amount, *, exempt: bool, on: dt.date):
        """(rate %, VAT) of a VAT-exclusive amount for a day of service ``on``."""
        return billing.vat(amount, exempt=exempt, p=self.store.at(on))

    def unbilled(self, days: list[dt.date], *, on: dt.date) -> list[Finding]:
        """billing.deadline's warnings and errors for realised days not yet invoiced."""
        return billing.unbilled_findings(days, self.store.at(on), on=on)

    def invoicing_due(self, day: dt.date) -> dt.date:
        """The last day to invoice a unit of ``day`` (billing.deadline)."""
        return billing.invoicing_due(day, self.store.at(day))

    def gas_scale(self, on: dt.date) -> tuple[int, int]:
        """The GAS ratings' lowest and highest value in force on ``on``."""
        return outcomes.gas_scale(self.store.at(on))

    def notice_route(
        self, kind: str, *, on: dt.date, lang: str = "fi"
    ) -> tuple[str, str, str | None]:
        """(topic, Kela's address, its authority line in ``lang`` or None) for a notice of
        ``kind``."""
        topic = self.store.value("kela.notice_routes", on)[kind]
        address = self.store.value("kela.mailboxes", on)[topic]
        phone = (
            self.store.value("kela.authority_line", on)[lang] if topic == "client_matters" else None
        )
        return topic, address, phone

    def granted_days(self, service: str, *, on: dt.date) -> int | None:
        """The days a decision of ``service`` grants by default (the demo's decisions)."""
        return self.store.at(on).get(f"{service}.granted_days")

    def line_not_in_force(self, service: str, on: dt.date) -> dt.date | None | bool:
        """Why a decision made on ``on`` cannot be for ``service``: the day the line ended,
        True when it had not begun (or Vahti does not have its service description), or None
        when it is in force (its in_force parameter)."""
        if not self.registry.lines[service].supported:
            return True
        try:
            self.store.parameter(service + IN_FORCE).entry(on)
        except ParameterNotInForce as error:
            return getattr(error, "ended", None) or True
        return None

    # --- refusals ------------------------------------------------------------------------------

    def refusals(self, findings: list[Finding], lang: str) -> list[str]:
        """The messages of the findings that refuse (errors), in ``lang``: what a service raises
        on the form's field."""
        return [
            self.catalogue.messages(finding, lang, shown=True)
            for finding in findings
            if finding.severity == ERROR
        ]
