"""Backups: one encrypted archive of the whole database (stored documents included: they live
in it) and its restore into an empty database.

The archive is Django's own serialisation (every model, history and access log included,
timestamps as stored; encrypted fields stay ciphertext, so identity codes are encrypted twice),
gzip-compressed and encrypted with VAHTI_BACKUP_KEY. Restoring needs that key and the field
keys the data was written with (README, "Backups"). Sessions, content types and permissions
are not copied: `migrate` makes the last two, and sessions are not worth keeping."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import itertools
import json
import os
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.test.utils import override_settings

from .identity import KeysDoNotMatch

MAGIC_V1 = b"VAHTI-BACKUP-1\n"
# Version 2 adds a line with the encrypted part's length and SHA-256, so that a file cut short
# (a copy interrupted, a full disk) is told apart from a wrong key.
MAGIC = b"VAHTI-BACKUP-2\n"
EXCLUDED = {"contenttypes", "auth.permission", "sessions"}


class BackupError(Exception):
    pass


def _fernet() -> Fernet:
    key = settings.BACKUP_KEY
    if not key:
        raise BackupError("VAHTI_BACKUP_KEY is not set: backups are always encrypted.")
    return Fernet(key.encode())


class _FullPrecision(DjangoJSONEncoder):
    # DjangoJSONEncoder cuts times to milliseconds; the access log's hash chain covers the
    # microseconds, so a backup keeps them.
    def default(self, o):
        if isinstance(o, (dt.datetime, dt.time)):
            return o.isoformat()
        return super().default(o)


def _models():
    by_app: dict = {}
    for model in apps.get_models():
        if (
            model._meta.label_lower in EXCLUDED
            or model._meta.app_label in EXCLUDED
            or not model._meta.managed
            or model._meta.proxy
        ):
            continue
        by_app.setdefault(model._meta.app_config, []).append(model)
    # Models whose natural keys others refer to come first.
    return serializers.sort_dependencies(by_app.items(), allow_cycles=True)


def backup_write(*, path: Path) -> int:
    """Write the archive (mode 0600); returns its size in bytes."""
    objects = serializers.serialize(
        "python",
        itertools.chain.from_iterable(
            model._base_manager.order_by("pk").iterator(chunk_size=2000) for model in _models()
        ),
        use_natural_foreign_keys=True,
    )
    dump = json.dumps(objects, cls=_FullPrecision, ensure_ascii=False)
    token = _fernet().encrypt(gzip.compress(dump.encode(), compresslevel=6))
    path = Path(path)
    fd = os.open(
        path.with_suffix(path.suffix + ".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600
    )
    with os.fdopen(fd, "wb") as out:
        out.write(MAGIC + f"{len(token)} {hashlib.sha256(token).hexdigest()}\n".encode() + token)
    os.replace(path.with_suffix(path.suffix + ".tmp"), path)
    return path.stat().st_size


def database_is_empty() -> bool:
    return not any(
        model._base_manager.exists()
        for model in apps.get_models()
        if model._meta.label_lower
        not in ("contenttypes.contenttype", "auth.permission", "sessions.session")
        and model._meta.managed
        and not model._meta.proxy
    )


def _caused_by_keys(error: BaseException | None) -> bool:
    # loaddata wraps a field's error in DeserializationError: look down the chain.
    while error is not None:
        if isinstance(error, KeysDoNotMatch):
            return True
        error = error.__cause__ or error.__context__
    return False


def _token(path: Path) -> bytes:
    """The encrypted part of a backup file, whole (or a BackupError saying what is wrong)."""
    data = path.read_bytes()
    if data.startswith(MAGIC_V1):
        return data[len(MAGIC_V1) :]
    if not data.startswith(MAGIC):
        raise BackupError(f"{path} is not a Vahti backup.")
    header, _newline, token = data[len(MAGIC) :].partition(b"\n")
    try:
        length, digest = header.decode().split()
        length = int(length)
    except ValueError:
        raise BackupError(f"{path} is damaged: its header cannot be read.") from None
    if len(token) < length:
        raise BackupError(
            f"{path} is incomplete: {len(token)} of {length} bytes (the file was "
            "cut short; copy it again from where it was made)."
        )
    if len(token) > length or hashlib.sha256(token).hexdigest() != digest:
        raise BackupError(f"{path} is damaged: its contents do not match its checksum.")
    return token


def backup_restore(*, path: Path) -> None:
    """Restore the archive into this (migrated, empty) database, all or nothing."""
    token = _token(Path(path))
    try:
        dump = gzip.decompress(_fernet().decrypt(token))
    except InvalidToken:
        raise BackupError("The backup cannot be decrypted with this VAHTI_BACKUP_KEY.") from None
    if not database_is_empty():
        raise BackupError("The database is not empty: restore into a new, migrated database.")
    with tempfile.TemporaryDirectory() as folder:
        fixture = Path(folder) / "vahti-restore.json"
        fd = os.open(fixture, os.O_WRONLY | os.O_CREAT, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(dump)
        # The history rows come from the archive: none may be made while loading it (links
        # between rows, such as a client's coaches, would otherwise add history of their own).
        try:
            with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", str(fixture), verbosity=0)
        except (KeysDoNotMatch, serializers.base.DeserializationError) as error:
            if not _caused_by_keys(error):
                raise
            raise BackupError(
                "The backup's encrypted fields cannot be read with this "
                "VAHTI_FIELD_KEY: set the field keys it was written with."
            ) from None
