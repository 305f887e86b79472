"""Key rotation: every encrypted value re-encrypted with the newest field key, every lookup
digest recomputed with the current digest key. Generic over the models: any concrete field that
is encrypted (core.fields), and any model with both ``identity_code`` and ``identity_digest``."""

from __future__ import annotations

from django.apps import apps
from django.db import connection, transaction

from .db import maintenance
from .fields import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField
from .identity import identity_digest

ENCRYPTED = (EncryptedTextField, EncryptedJSONField, EncryptedBinaryField)
CHUNK = 500


def encrypted_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, ENCRYPTED)]


def keys_rotate(*, progress=None) -> dict[str, int]:
    """Re-encrypt (one transaction: all or nothing); returns rows rewritten per model label."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        maintenance(connection)  # run as the owner role (docs/deploy.md): history is rewritten
        for model in apps.get_models():
            names = encrypted_fields(model)
            if not names:
                continue
            digested = "identity_code" in names and any(
                f.name == "identity_digest" for f in model._meta.concrete_fields
            )
            manager = model._base_manager
            pks = list(manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), CHUNK):
                for row in manager.filter(pk__in=pks[start : start + CHUNK]).only("pk", *names):
                    values = {name: getattr(row, name) for name in names}
                    if digested:
                        values["identity_digest"] = identity_digest(values["identity_code"])
                    # update() writes through get_prep_value: encrypted with the first key.
                    manager.filter(pk=row.pk).update(**values)
            counts[model._meta.label] = len(pks)
            if progress is not None:
                progress(model._meta.label, len(pks))
    return counts
