"""How an event's topic reads: on an end event the topic "interruption" means the
rehabilitation was interrupted, not that it was threatened."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def event_topic(event) -> str:
    if not event.topic:
        return ""
    if event.type == "end":
        return _("interrupted")
    return event.get_topic_display()
