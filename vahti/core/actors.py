"""Writes that record who made them: every service saves and deletes through these, so that the
history (django-simple-history) names the acting user and the model's own checks run."""

from __future__ import annotations


def save_with_actor(instance, actor, *, exclude=None):
    """Validate (full_clean) and save ``instance``, with ``actor`` in its history row."""
    instance._history_user = actor
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


def delete_with_actor(instance, actor) -> None:
    instance._history_user = actor
    instance.delete()
