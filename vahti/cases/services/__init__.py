"""Writes of cases: every change to a client, a decision or its records goes through a service.

A service is atomic (all or nothing), records who made the change in the history
(django-simple-history), checks the whole case with the rules core before committing (a day
inside a break, an event in the future… are refused with the core's message), and refreshes
the decision's status for the dashboard.

One module per topic; callers import from here."""

from .certificates import (  # noqa: F401
    CERTIFICATE_RULES,
    certificate_issue,
    certificates_issue_due,
)
from .clients import (  # noqa: F401
    _names_printable,
    client_admit,
    client_archive,
    client_create,
    client_update,
    decision_continue,
    decision_create,
    decision_update,
    rehabilitation_end,
)
from .evaluation import (  # noqa: F401
    CHUNK,
    STATUS_FIELDS,
    WEEKS_LISTED,
    _checked_result,
    _queue_items,
    _status_values,
    _statuses_store,
    decision_refresh,
    decision_status_store,
    decision_statuses_refresh,
    decisions_refresh,
    queue_items_placed,
)
from .invoiced import (  # noqa: F401
    days_invoice,
    invoiced_changes_checked,
    invoiced_days_release,
)
from .queue import queue_items_replace  # noqa: F401
from .records import (  # noqa: F401
    CORRECTABLE_EVENTS,
    DAY_FIELDS,
    DAYS_IN_WEEK,
    MIN_CORRECTION_REASON,
    RECORDS_YEARS_AFTER,
    RECORDS_YEARS_BEFORE,
    StaleWrite,
    _cell_entry,
    _near_decision,
    break_add,
    cancellation_add,
    correction_reason,
    event_add,
    event_correct,
    group_days_record,
    record_delete,
    recorded_change,
    stored_entry,
    week_grid_save,
    week_save,
    work_add,
)
