"""Outcome data (tuloksellisuustiedot): which year's delivery to Kela a measurement belongs to,
and the GAS scale (rules.md provider.outcome_data, kela.fi "Tietojen kerääminen ja
toimittaminen kuntoutuspalveluissa")."""

from __future__ import annotations

import datetime as dt

END, START = "end", "start"


def delivery_year(
    *,
    phase: str,
    measured_on: dt.date | None,
    end_measured_on: dt.date | None,
    ended_on: dt.date | None,
) -> int | None:
    """provider.outcome_data: data are delivered by the end of March of the year after each
    measurement (kela.fi); a start measurement travels with the delivery of its end measurement.
    Interpretation: a start measurement whose rehabilitation ended without an end measurement
    goes with the year of the end (it will never be paired); one still waiting for its end
    belongs to no delivery yet (None)."""
    if phase == END and measured_on is not None:
        return measured_on.year
    if end_measured_on is not None:
        return end_measured_on.year
    if ended_on is not None:
        return ended_on.year
    return None


def gas_scale(p: dict) -> tuple[int, int]:
    """provider.gas_scale: the lowest and highest GAS rating (a five-step scale)."""
    scale = p["provider.gas_scale"]
    return scale["lowest"], scale["highest"]
