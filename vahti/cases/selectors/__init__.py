"""Reads of cases: a stored decision through the rules core (one path: ``decision_result``), the
caseload, the client page, records and certificates. Views call these; they never query.

One module per topic; callers import from here."""

from .caseload import (  # noqa: F401
    ARCHIVED,
    EVERYONE,
    PAGE_SIZE,
    clients_searched,
    dashboard_clients,
)
from .certificates import (  # noqa: F401
    STALE_RULE,
    _break_span,
    _keyed,
    certificate_changes,
    certificate_facts,
    certificate_of,
    certificate_stale,
    certificates_due,
    certificates_of,
    facts_hash,
    latest_certificates,
    stated_key,
)
from .client_page import (  # noqa: F401
    HISTORY_ACTIONS,
    WEEKDAY_NAMES,
    CalendarDay,
    _previous_records,
    allowance_months,
    client_history,
    client_page,
    finding_groups,
    rule_catalogue,
)
from .evaluation import (  # noqa: F401
    CASE_ROWS,
    DAYS_IN_WEEK,
    _driver_rows,
    case_data,
    case_reference,
    case_reference_of,
    cases_data,
    decision_result,
    decision_results,
    decisions_evaluated_on,
    with_end,
)
from .queue import TALLY_KEY, queue_listed, queue_tallies_counted  # noqa: F401
from .records import (  # noqa: F401
    RECORD_MODELS,
    invoiced_in,
    realised_uninvoiced,
    record_of,
    recorded_version,
    records_of,
    week_of,
)
from .weeks import (  # noqa: F401
    GRID_PAGE,
    WEEKDAYS,
    GridCell,
    GridRow,
    cell_state,
    week_grid,
)
