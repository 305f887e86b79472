"""The work queue: everything open or overdue across the user's clients, read from the items the
rules core left when each decision was last evaluated (cases.QueueItem) and the notices not yet
sent. A fixed number of queries whatever the number of clients (tested)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vahti.cases.access import clients_for, queue_items_for
from vahti.cases.models import QueueItem, QueueTally
from vahti.cases.selectors import clients_searched
from vahti.core.dates import today
from vahti.core.duties import ProviderItem
from vahti.invoicing.selectors import unbilled_reminders
from vahti.notices.selectors import notices_of
from vahti.outcomes.selectors import delivery_reminders
from vahti.readiness.selectors import provider_items
from vahti.reporting.selectors import count_reminders

PAGE_SIZE = 50
ARCHIVED_SHOWN = 10  # archived clients a search lists below the queue
SOON_DAYS = 14  # "due soon": a deadline within two weeks

# The tiles: each is a count and the filter it opens. Each filter names the kind and the
# severity ("" but for findings) so that its list follows the organisation's index by date.
TILES = (
    (
        "overdue",
        _("overdue deadlines"),
        lambda day: Q(kind=QueueItem.DEADLINE, severity="", due__lt=day),
    ),
    (
        "soon",
        _("due within two weeks"),
        lambda day: Q(
            kind=QueueItem.DEADLINE,
            severity="",
            due__gte=day,
            due__lte=day + dt.timedelta(days=SOON_DAYS),
        ),
    ),
    ("errors", _("errors to correct"), lambda day: Q(kind=QueueItem.FINDING, severity="error")),
    ("warnings", _("warnings to check"), lambda day: Q(kind=QueueItem.FINDING, severity="warning")),
    ("weeks", _("weeks to record"), lambda day: Q(kind=QueueItem.WEEK, severity="")),
    (
        "certificates",
        _("certificates out of date"),
        lambda day: Q(kind=QueueItem.CERTIFICATE, severity=""),
    ),
    (
        "feedback",
        _("feedback due"),
        lambda day: Q(kind=QueueItem.DEADLINE, severity="", place="feedback"),
    ),
)
TILE_FILTERS = {key: condition for key, _label, condition in TILES}
# The default order puts the urgent first: overdue deadlines, then errors, then what is due
# soonest of the rest (open deadlines, out-of-date certificates, weeks), warnings last (the
# items' tier). Each order follows an index of the organisation's items, so a page reads what it
# shows.
SORTS = {
    "urgency": ("tier", "due", "pk"),
    "due": ("due", "pk"),
    "client": ("client_last_name", "client_first_name", "client_id", "due", "pk"),
    "what": ("kind", "rule", "due", "pk"),
}


class _Counted:
    """A queryset whose count is already known (from the tallies): the paginator slices it for
    its page and asks no COUNT of its own."""

    def __init__(self, items, count: int):
        self.items, self._count = items, count

    def count(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self.items[index]


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    count: int
    url: str


def queue_page(
    user,
    *,
    tile: str = "",
    search: str = "",
    sort: str = "urgency",
    page: int = 1,
    day: dt.date | None = None,
) -> dict:
    """One page of the queue, the tiles' counts and the unsent notices' count."""
    day = day or today()
    everyone = user.sees_all_clients and not search.strip()
    items = queue_items_for(user)
    if everyone:  # the manager's whole organisation: the tallies count, an index orders
        tallies = QueueTally.objects.filter(organisation_id=user.organisation_id)
        counts = tallies.aggregate(
            **{key: Sum("count", filter=condition(day)) for key, _label, condition in TILES},
            shown=Sum("count", filter=TILE_FILTERS[tile](day) if tile in TILE_FILTERS else None),
        )
    else:  # a coach's own clients or a search's: counted among those clients' items only
        if search.strip():
            found = clients_searched(clients_for(user).filter(active=True), search)
            items = items.filter(client__in=found.values("pk"))
        counts = items.aggregate(
            **{key: Count("pk", filter=condition(day)) for key, _label, condition in TILES}
        )
    notices = notices_of(user, status="draft").count()
    if tile in TILE_FILTERS:
        items = items.filter(TILE_FILTERS[tile](day))
    descending = sort.startswith("-")
    order = SORTS.get(sort.lstrip("-"), SORTS["urgency"])
    if tile in TILE_FILTERS and order == SORTS["urgency"]:
        # Within one tile the urgency order is the date order (its overdue come first).
        order = SORTS["due"]
    items = items.select_related("decision__client").order_by(
        *(f"-{field}" if descending else field for field in order)
    )
    tiles = [Tile(key, label, counts[key] or 0, f"?tile={key}") for key, label, _c in TILES]
    tiles.append(
        Tile("notices", _("unsent notices"), notices, reverse("notices:notices") + "?status=draft")
    )
    if everyone:
        items = _Counted(items, counts["shown"] or 0)
    shown = Paginator(items, PAGE_SIZE).get_page(page)
    for item in shown:
        item.link = item_link(item)
        item.overdue = item.kind == QueueItem.DEADLINE and item.due < day
        item.week_end = item.due + dt.timedelta(days=6)
    # Archived clients have nothing to do, but a search finds them too (with their page).
    archived = (
        list(clients_searched(clients_for(user).filter(active=False), search)[:ARCHIVED_SHOWN])
        if search.strip()
        else []
    )
    return {"page": shown, "tiles": tiles, "today": day, "archived": archived}


def item_link(item: QueueItem) -> str:
    """The exact place where the item is done."""
    decision_id = item.decision_id
    if item.place == "week":
        return reverse("cases:week", args=[decision_id]) + f"?week={item.due.isoformat()}"
    if item.place == "feedback":
        return reverse("feedback:feedback", args=[decision_id])
    if item.place == "notices":
        return reverse("notices:notice_new", args=[decision_id])
    if item.place == "decision":
        return reverse("cases:decision_edit", args=[decision_id])
    if item.place == "certificate":
        return reverse("cases:client", args=[item.decision.client_id]) + "#certificates"
    return reverse("cases:records", args=[decision_id])


def provider_duties(user, *, on: dt.date, lang: str) -> list[ProviderItem]:
    """The manager's own items beside the clients': staff findings and corrective actions,
    next year's client count, last year's outcome data, realised days not invoiced; soonest
    first (empty for others)."""
    return sorted(
        provider_items(user, on=on, lang=lang)
        + count_reminders(user, on=on)
        + delivery_reminders(user, on=on)
        + unbilled_reminders(user, on=on),
        key=lambda item: (item.due, item.text),
    )
