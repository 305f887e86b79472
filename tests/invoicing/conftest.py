"""Shared set-up of the invoicing tests: an organisation's billing details."""

from __future__ import annotations

from vahti.invoicing import services


def billing_details(manager, **changes):
    """The billing details every run needs (an example account, not a real one)."""
    return services.billing_profile_save(
        actor=manager,
        **{
            "biller_name": "Testi Kuntoutus Oy",
            "biller_business_id": "1234567-1",
            "provider_business_id": "1234567-1",
            "email": "laskutus@testi.invalid",
            "street": "Testikatu 1",
            "post_code": "00100",
            "town": "Helsinki",
            "iban": "FI2112345600000785",
            "bic": "NDEAFIHH",
            "e_invoice_address": "003712345671",
            "e_invoice_operator": "TESTOPER",
            "payment_days": 14,
        }
        | changes,
    )
