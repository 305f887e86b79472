"""Reads of invoicing: a manager's own organisation only (a 404 for anyone else). One module
per topic; callers import from here."""

from .contracts import (  # noqa: F401
    NO_PRICE,
    REASONS,
    contract_for,
    contracts_of,
    price_on,
    price_type_for,
    to_finish,
    unlinked_decisions,
)
from .runs import (  # noqa: F401
    ACCOUNT_PREFIX,
    INVOICE_PREFIX,
    ClientPlan,
    Plan,
    biller_reference,
    billing_plan,
    billing_profile_of,
    invoice_for,
    invoices_of_organisation,
    reference_for,
    run_for,
    runs_of,
    unbilled_reminders,
)
