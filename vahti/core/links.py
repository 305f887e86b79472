"""Links from a page of a lower part of Vahti to pages of higher parts, without the lower part
knowing them (imports and links run one way, docs/architecture.md).

A page names a *place* ("decision.actions": the buttons of a decision on the client page) and
renders the links found there; each higher app lists the links it puts in places in its own
``links.py`` (``LINKS = [Link(...)]``), found like Django's admin modules. The client page in
``cases`` thus shows "Feedback" and "Notice to Kela" without ``cases`` naming ``feedback`` or
``notices``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.urls import reverse


@dataclass(frozen=True)
class Link:
    place: str
    label: str
    url_name: str
    # The URL's arguments from the page's objects (keyword arguments of ``links_at``).
    args: Callable[..., list] = field(default=lambda **objects: [])
    query: Callable[..., str] = field(default=lambda **objects: "")
    order: int = 0
    # Whether the link is shown for these objects (and the user, when the page gives one).
    when: Callable[..., bool] = field(default=lambda **objects: True)

    def url(self, **objects) -> str:
        query = self.query(**objects)
        return reverse(self.url_name, args=self.args(**objects)) + (f"?{query}" if query else "")


@lru_cache(maxsize=1)
def _links() -> dict[str, list[Link]]:
    import importlib
    import importlib.util

    from django.apps import apps

    by_place: dict[str, list[Link]] = {}
    for config in apps.get_app_configs():
        if importlib.util.find_spec(f"{config.name}.links") is None:
            continue
        module = importlib.import_module(f"{config.name}.links")
        for link in getattr(module, "LINKS", ()):
            by_place.setdefault(link.place, []).append(link)
    for links in by_place.values():
        links.sort(key=lambda link: link.order)
    return by_place


def links_at(place: str, **objects) -> list[tuple[str, str]]:
    """(label, address) of every link the higher apps put in ``place`` for these objects."""
    return [
        (str(link.label), link.url(**objects))
        for link in _links().get(place, ())
        if link.when(**objects)
    ]


def link_at(place: str, **objects) -> str | None:
    """The address of the first link in ``place`` (a page that leads on to one next step)."""
    found = links_at(place, **objects)
    return found[0][1] if found else None
