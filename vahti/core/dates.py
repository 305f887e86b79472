"""Today's date and the user's language, and the one way Vahti writes a date or a number in
Finnish text (documents, notices, e-mails). Dates are dates, in Europe/Helsinki."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.formats import date_format
from django.utils.translation import get_language

LANGUAGES = ("fi", "sv", "en")
CLOCK = {"fi": "klo", "sv": "kl.", "en": "at"}  # before a time of day: klo 9.05, kl. 9.05


def today() -> dt.date:
    """The date in Helsinki (settings.TIME_ZONE)."""
    return timezone.localdate()


def language() -> str:
    """The active interface language, as the rules core names it (fi, sv or en)."""
    lang = (get_language() or "fi")[:2]
    return lang if lang in LANGUAGES else "fi"


def fi_date(value: str | dt.date | None) -> str:
    """1.9.2024; a dash for no date."""
    if not value:
        return "–"
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day}.{day.month}.{day.year}"


def month_names() -> list[str]:
    """Short month names for tables and charts alike: Finnish ones cut from the full name (tammi,
    helmi … marras, joulu, as Finnish writes them), others Django's three letters."""
    names = [str(MONTHS[m]) for m in range(1, 13)]
    if all(name.endswith("kuu") for name in names):
        return [name.removesuffix("kuu") for name in names]
    return [str(MONTHS_3[m]).capitalize() for m in range(1, 13)]


def fi_weekday(value: dt.date | None) -> str:
    """A weekday and a date without its year (ma 1.9.)."""
    return f"{date_format(value, 'D')} {value.day}.{value.month}." if value else "–"


def fi_datetime(value: dt.datetime | None, *, seconds: bool = False) -> str:
    """23.11.2026 klo 9.05 in Helsinki time (9.05.07 with seconds); a dash for none."""
    if value is None:
        return "–"
    local = timezone.localtime(value)
    time = f"{local.hour}.{local.minute:02d}" + (f".{local.second:02d}" if seconds else "")
    return f"{fi_date(local.date())} {CLOCK[language()]} {time}"


def fi_number(value) -> str:
    """4 or 4,5; a dash for no number."""
    if value is None:
        return "–"
    return f"{value:g}".replace(".", ",")


def fi_money(value) -> str:
    """An amount in euros as Finnish writes it: 1 234,50 € (a no-break space between thousands)."""
    if value is None:
        return "–"
    return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",") + "\u00a0€"


def day_ranges(dates) -> str:
    """Consecutive dates joined into ranges: '2.9.–6.9.2024, 9.9.2024'."""
    days = sorted(dt.date.fromisoformat(d) if isinstance(d, str) else d for d in dates)
    if not days:
        return "–"
    ranges, start, previous = [], days[0], days[0]
    for day in days[1:] + [None]:
        if day is not None and (day - previous).days == 1:
            previous = day
            continue
        ranges.append(
            fi_date(start)
            if start == previous
            else f"{start.day}.{start.month}.–{fi_date(previous)}"
        )
        if day is not None:
            start = previous = day
    return ", ".join(ranges)
