"""Writes of invoicing: a manager's, atomic, audited (history rows name who and when); the
checks refuse in words and nothing is saved half-way. One module per topic."""

from .contracts import (  # noqa: F401
    contract_create,
    contract_update,
    decision_contract_set,
    price_set,
    price_type_add,
)
from .runs import (  # noqa: F401
    billing_profile_save,
    invoice_mark_paid,
    invoice_reject,
    run_make,
    run_mark_sent,
)
from .unbilled import unbilled_summaries_refresh  # noqa: F401
