"""Reads for reporting to Kela: the client counts reported and binding, and the realised
figures (new and active clients per month, per service line, site and wellbeing county), the
gap to the commitment and a forecast to the year's end. A fixed number of queries whatever the
number of clients: the months are counted in the database."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from itertools import accumulate

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from vahti.cases.access import clients_for
from vahti.cases.models import Decision
from vahti.cases.selectors import with_end
from vahti.core.counties import county_name
from vahti.core.duties import ProviderItem
from vahti.core.lines import registry, service_name
from vahti.organisations.selectors import is_manager, managed_organisation_id
from vahti.rules.evaluate import default_evaluator
from vahti.rules.reporting import CountReport

from .models import ClientCountReport

MONTHS = range(1, 13)
REMIND_DAYS = 61  # the work queue reminds of next year's count from about 1.9.


def _reports(organisation, service: str, year: int) -> list[CountReport]:
    return [
        CountReport(r.reported_on, r.count)
        for r in ClientCountReport.objects.filter(
            organisation=organisation, service=service, year=year
        ).order_by("reported_on", "pk")
    ]


def count_history(
    organisation, *, service: str, year: int, count: int, reported_on: dt.date
) -> tuple[CountReport, list[CountReport], int | None]:
    """A new report with the earlier reports of its year and the count in force for the year
    before (carried forward from the latest year with a report): what the rule needs."""
    by_year: dict[int, list[CountReport]] = {}
    for report in ClientCountReport.objects.filter(
        organisation=organisation, service=service, year__lte=year
    ).order_by("reported_on", "pk"):
        by_year.setdefault(report.year, []).append(CountReport(report.reported_on, report.count))
    earlier_years = {y: reports for y, reports in by_year.items() if y < year}
    before = default_evaluator().count_in_force(year - 1, earlier_years, on=reported_on)
    return (CountReport(reported_on, count), by_year.get(year, []), before)


@dataclass
class LineFigures:
    service: str
    name: str
    committed: int | None = None  # the count in force today for the year
    reported_on: dt.date | None = None
    new: list[int] = field(default_factory=lambda: [0] * 12)
    active: list[int] = field(default_factory=lambda: [0] * 12)

    @property
    def new_total(self) -> int:
        return sum(self.new)


@dataclass
class Figures:
    year: int
    months_done: int  # whole or current months of the year so far
    lines: list[LineFigures]
    sites: list[tuple[str, str, list[int]]]  # (key, name, new clients per month)
    counties: list[tuple[str, str, list[int]]]
    next_year_open: bool  # the window for next year's count is open today
    window_closes: dt.date | None

    @property
    def committed(self) -> int:
        return sum(line.committed or 0 for line in self.lines)

    @property
    def new_total(self) -> int:
        return sum(line.new_total for line in self.lines)

    @property
    def new_by_month(self) -> list[int]:
        return [sum(line.new[m] for line in self.lines) for m in range(12)]

    @property
    def active_by_month(self) -> list[int]:
        return [sum(line.active[m] for line in self.lines) for m in range(12)]

    @property
    def pace(self) -> list[float]:
        """The committed count spread evenly, cumulated by month."""
        return [round(self.committed * (m + 1) / 12, 1) for m in range(12)]

    @property
    def cumulative(self) -> list[int]:
        """The running total of new clients, up to the current month (none ahead of it)."""
        total, out = 0, []
        for value in self.new_by_month[: self.months_done]:
            total += value
            out.append(total)
        return out

    @property
    def forecast(self) -> int:
        """New clients by the year's end at this year's pace so far."""
        if not self.months_done:
            return 0
        return round(self.new_total * 12 / self.months_done)

    @property
    def gap(self) -> int:
        return self.forecast - self.committed


def _decisions(user, year: int):
    """Decisions of the user's clients that overlap ``year``, each with the day it ended."""
    return with_end(
        Decision.objects.filter(
            client__in=clients_for(user).values("pk"), received_on__lte=dt.date(year, 12, 31)
        )
    ).filter(Q(ended__isnull=True) | Q(ended__gte=dt.date(year, 1, 1)))


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _counted(decisions, year: int):
    """New clients per (key, month) and active clients per line and month, counted from one
    read of the decisions that overlap the year (their line, site, county, arrival, end). A
    decision is active from its arrival's month to its end's month: counted as a difference
    array (+1 at the first month, −1 after the last), one pass over the rows."""
    new = {"service": {}, "client__site": {}, "client__county": {}}
    steps: dict[str, list[int]] = {}
    rows = decisions.values_list(
        "service", "client__site", "client__county", "sequence", "received_on", "ended"
    )
    for service, site, county, sequence, received, ended in rows:
        if received.year == year:
            first = received.month - 1
            if sequence == 1:
                for key, value in (
                    ("service", service),
                    ("client__site", site),
                    ("client__county", county),
                ):
                    new[key].setdefault(value, [0] * 12)[first] += 1
        else:
            first = 0
        last = ended.month - 1 if ended is not None and ended.year == year else 11
        line = steps.setdefault(service, [0] * 13)
        line[first] += 1
        line[last + 1] -= 1
    active = {service: list(accumulate(line[:12])) for service, line in steps.items()}
    return new, active


def report_figures(user, *, year: int, on: dt.date) -> Figures:
    """The year's figures for a manager's organisation (three queries)."""
    managed_organisation_id(user)
    organisation = user.organisation
    months_done = 12 if year < on.year else (on.month if year == on.year else 0)
    counted, active = _counted(_decisions(user, year), year)
    for months in active.values():  # a month still to come has no active clients yet
        months[months_done:] = [0] * (12 - months_done)
    new = counted["service"]
    reports: dict[str, list] = {}
    for report in ClientCountReport.objects.filter(organisation=organisation, year=year):
        reports.setdefault(report.service, []).append(report)
    lines = []
    for line in registry().lines:
        if line not in new and line not in active and line not in reports:
            continue
        made = [r for r in reports.get(line, []) if r.reported_on <= on]
        latest = max(made, key=lambda r: (r.reported_on, r.pk), default=None)
        lines.append(
            LineFigures(
                line,
                service_name(line),
                latest.count if latest else None,
                latest.reported_on if latest else None,
                new.get(line, [0] * 12),
                active.get(line, [0] * 12),
            )
        )
    sites = {row["pk"]: row["name"] for row in organisation.sites.values("pk", "name")}
    window = default_evaluator().count_window(on.year + 1, on=on)
    opens, closes = window or (None, None)
    return Figures(
        year=year,
        months_done=months_done,
        lines=lines,
        sites=sorted(
            (
                (str(pk or ""), sites.get(pk, "—"), values)
                for pk, values in counted["client__site"].items()
            ),
            key=lambda item: (item[1] == "—", item[1]),
        ),
        counties=sorted(
            (
                (key, county_name(key) or "—", values)
                for key, values in counted["client__county"].items()
            ),
            key=lambda item: (item[1] == "—", item[1]),
        ),
        next_year_open=window is not None and opens <= on <= closes,
        window_closes=closes,
    )


def clients_behind(
    user,
    *,
    year: int,
    month: int | None,
    service: str = "",
    kind: str = "new",
    site: str | None = None,
    county: str | None = None,
):
    """The clients behind a figure: new (first decision received in the month or year) or
    active in the month; of one line, site or county ("" for none recorded)."""
    managed_organisation_id(user)
    decisions = _decisions(user, year)
    if service:
        decisions = decisions.filter(service=service)
    if site is not None:
        decisions = (
            decisions.filter(client__site__isnull=True)
            if site == ""
            else decisions.filter(client__site_id=site)
        )
    if county is not None:
        decisions = decisions.filter(client__county=county)
    if kind == "new":
        decisions = decisions.filter(sequence=1, received_on__year=year)
        if month:
            decisions = decisions.filter(received_on__month=month)
    elif month:
        start, end = _month_range(year, month)
        decisions = decisions.filter(
            Q(received_on__lte=end), Q(ended__isnull=True) | Q(ended__gte=start)
        )
    return (
        decisions.select_related("client")
        .only("service", "received_on", "client__first_name", "client__last_name", "client__id")
        .order_by("client__last_name", "client__first_name", "pk")
    )


def count_reminders(user, *, on: dt.date) -> list[ProviderItem]:
    """For a manager, while next year's window is open and closes within two months: one item
    per service line with clients whose count for next year is not yet reported (the work
    queue). Two queries."""
    if not is_manager(user):
        return []
    core = default_evaluator()
    window = core.count_window(on.year + 1, on=on)
    if window is None or not window[1] - dt.timedelta(days=REMIND_DAYS) <= on <= window[1]:
        return []
    closes = window[1]
    lines = set(
        Decision.objects.filter(
            client__organisation_id=user.organisation_id, client__active=True
        ).values_list("service", flat=True)
    )
    reported = set(
        ClientCountReport.objects.filter(
            organisation_id=user.organisation_id, year=on.year + 1
        ).values_list("service", flat=True)
    )
    link = reverse("reporting:reports") + "#counts"
    return [
        ProviderItem(
            closes,
            _("Report the client count of %(line)s for %(year)s")
            % {"line": service_name(line), "year": on.year + 1},
            link,
            False,
            "",
        )
        for line in sorted(lines - reported)
        if core.counted_line(line, on.year + 1).reported  # the registration procedure's lines
    ]
