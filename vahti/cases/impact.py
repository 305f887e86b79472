"""Reading a parameter change a manager uploads for the impact page: one changed parameter
file (named as the parameter: ``teak.start_weeks.yaml``) or a ZIP laid out as
rules/parameters. Returned as {relative path: text}; the job lays them over the bundled
parameters (rules/impact.py)."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from vahti.rules.evaluate import Evaluator
from vahti.rules.impact import store_with
from vahti.rules.loader import ParameterError
from vahti.rules.texts import CatalogueError

MAX_BYTES = 2_000_000  # parameter files are small; a larger upload is not one


def change_files(name: str, data: bytes) -> dict[str, str]:
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is too large to be a parameter change."))
    if name.lower().endswith(".zip"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            members = [m for m in archive.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > MAX_BYTES:
                raise ValidationError(_("The file is too large to be a parameter change."))
            files = {}
            for member in members:
                path = PurePosixPath(member.filename)
                if path.is_absolute() or ".." in path.parts:
                    raise ValidationError(_("The ZIP file has a path outside its folder."))
                if path.suffix == ".yaml":
                    # a folder "parameters/" around the files, as zipped, is not part of a name
                    parts = path.parts[1:] if path.parts[0] == "parameters" else path.parts
                    files["/".join(parts)] = archive.read(member).decode("utf-8")
        except (zipfile.BadZipFile, UnicodeDecodeError):
            raise ValidationError(_("The file is not a readable ZIP of parameter files.")) from None
    elif name.lower().endswith(".yaml"):
        stem = name[: -len(".yaml")]
        try:
            files = {stem.replace(".", "/") + ".yaml": data.decode("utf-8")}
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not text in UTF-8.")) from None
    else:
        raise ValidationError(_("Upload a parameter file (.yaml) or a ZIP of them."))
    if not files:
        raise ValidationError(_("The ZIP file has no parameter files (.yaml)."))
    return files


def changed_evaluator(files: dict[str, str], directory: Path | None = None) -> Evaluator:
    """The evaluator of the bundled parameters with ``files`` laid over them; a file the
    loader or the catalogue refuses is a ValidationError naming it."""
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(directory or temporary)
        for relative, text in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        try:
            return Evaluator(store_with(root))
        except (ParameterError, CatalogueError) as error:
            raise ValidationError(
                _("The parameter change cannot be read: %(why)s") % {"why": error}
            ) from None
