"""Dated, sourced parameters: the numbers of Kela's service descriptions.

Each quantity is one YAML file under ``parameters/``, in the shape of
openfisca-country-template's parameters::

    description: Pre-contact deadline, counted from the decision's arrival
    unit: week
    values:
      2022-01-01:
        value: 2
        reference: 001_d263a293b2d95776.txt, "Kuntoutuksen aloitus"

A value holds from its date until the next one; ``value: null`` ends it
(Taito ends 31.12.2025). The file's path names the parameter:
``teak/tyohonvalmennus/window_months.yaml`` is
``teak.tyohonvalmennus.window_months``.

The loader is strict because a silently misread parameter is a wrong
deadline in a real client's case: anything unexpected stops the program with
an error naming the file.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

PARAMETERS_DIR = Path(__file__).parent / "parameters"

FILE_KEYS = frozenset({"description", "unit", "values", "documentation"})
REQUIRED_FILE_KEYS = ("description", "unit", "values")
VALUE_KEYS = frozenset({"value", "reference", "note"})

# What each unit's value must look like; the checks are in _check_value.
UNITS = frozenset(
    {
        "week",
        "month",
        "year",
        "day",
        "hour",
        "count",
        "share",
        "percent",
        "boolean",
        "names",
        "table",
        "address",
        "text",
    }
)
INTEGER_UNITS = frozenset({"week", "month", "year", "day", "hour", "count"})


class ParameterError(Exception):
    """A parameter file cannot be used, or a value was asked for where none exists."""


class ParameterNotInForce(ParameterError):
    """The parameter exists but has no value on the date asked for."""

    def __init__(
        self,
        message: str,
        *,
        name: str,
        on: dt.date,
        first: dt.date | None = None,
        ended: dt.date | None = None,
    ):
        super().__init__(message)
        self.name = name
        self.on = on
        self.first = first
        self.ended = ended


@dataclass(frozen=True, slots=True)
class DatedValue:
    start: dt.date
    value: object  # None ends the parameter
    reference: str
    note: str | None


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    description: str
    unit: str
    documentation: str | None
    values: tuple[DatedValue, ...]  # ordered by start
    path: str

    def entry(self, on: dt.date) -> DatedValue:
        """The dated value in force on ``on``; raises when there is none."""
        current = None
        for entry in self.values:
            if entry.start > on:
                break
            current = entry
        if current is None:
            first = self.values[0].start
            raise ParameterNotInForce(
                f"{self.name}: no value before {first.isoformat()} (asked for {on.isoformat()})",
                name=self.name,
                on=on,
                first=first,
            )
        if current.value is None:
            ended = current.start - dt.timedelta(days=1)
            raise ParameterNotInForce(
                f"{self.name}: not in force on {on.isoformat()} (ended {ended.isoformat()})",
                name=self.name,
                on=on,
                ended=ended,
            )
        return current

    def value(self, on: dt.date):
        return self.entry(on).value


# libyaml's parser when PyYAML has it (the wheels do): reading the files is most of the start-up.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(SAFE_LOADER):
    """SafeLoader that refuses duplicate keys (PyYAML keeps the last one silently)."""


class _DuplicateKey(Exception):
    def __init__(self, key, line):
        super().__init__(key)
        self.key = key
        self.line = line


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    result = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in result:
            raise _DuplicateKey(key, key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=deep)
    return result


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _fail(path: str, message: str):
    raise ParameterError(f"{path}: {message}")


def _check_value(path: str, key: str, unit: str, value) -> None:
    if value is None:
        return
    if unit in INTEGER_UNITS:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        wanted = "a whole number of at least 0"
    elif unit == "share":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1
        wanted = "a number from 0 to 1"
    elif unit == "percent":
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        ok = number and 0 <= value <= 100  # not a rule number
        wanted = "a number from 0 to 100"
    elif unit == "boolean":
        ok = isinstance(value, bool)
        wanted = "true or false"
    elif unit == "names":
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        wanted = "a list of names"
    elif unit == "table":
        ok = isinstance(value, dict) and bool(value)
        wanted = "a mapping"
    elif unit == "address":
        ok = isinstance(value, str) and "@" in value
        wanted = "an e-mail address"
    else:  # text
        ok = isinstance(value, str) and bool(value.strip())
        wanted = "a text"
    if not ok:
        _fail(path, f"value of {key} is {value!r}, expected {wanted} (unit {unit})")


def parse_parameter_file(path: Path, name: str, shown_path: str) -> Parameter:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except _DuplicateKey as exc:
        key = exc.key.isoformat() if isinstance(exc.key, dt.date) else exc.key
        _fail(shown_path, f"duplicate key {key} (line {exc.line})")
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        detail = " ".join(str(exc).split())
        _fail(shown_path, f"unreadable YAML ({detail})")
    if not isinstance(data, dict):
        _fail(shown_path, "expected a mapping with description, unit and values")
    unknown = sorted(str(k) for k in data if k not in FILE_KEYS)
    if unknown:
        _fail(shown_path, f"unknown key {unknown[0]}")
    for key in REQUIRED_FILE_KEYS:
        if key not in data:
            _fail(shown_path, f"missing key {key}")
    description, unit, raw_values = data["description"], data["unit"], data["values"]
    if not isinstance(description, str) or not description.strip():
        _fail(shown_path, "description must be a non-empty text")
    if unit not in UNITS:
        _fail(shown_path, f"unknown unit {unit!r}")
    if not isinstance(raw_values, dict) or not raw_values:
        _fail(shown_path, "values must be a mapping of dates to values")
    documentation = data.get("documentation")

    values: list[DatedValue] = []
    previous: dt.date | None = None
    for key, entry in raw_values.items():
        start = key
        if isinstance(key, str):
            try:
                start = dt.date.fromisoformat(key)
            except ValueError:
                _fail(shown_path, f"{key!r} is not a date (YYYY-MM-DD)")
        if isinstance(start, dt.datetime) or not isinstance(start, dt.date):
            _fail(shown_path, f"{key!r} is not a date (YYYY-MM-DD)")
        label = start.isoformat()
        if previous is not None and start <= previous:
            _fail(shown_path, f"dates out of order: {label} after {previous.isoformat()}")
        if not isinstance(entry, dict):
            _fail(shown_path, f"{label} must be a mapping with value and reference")
        extra = sorted(str(k) for k in entry if k not in VALUE_KEYS)
        if extra:
            _fail(shown_path, f"unknown key {extra[0]} in {label}")
        if "value" not in entry:
            _fail(shown_path, f"missing value in {label}")
        reference = entry.get("reference")
        if not isinstance(reference, str) or not reference.strip():
            _fail(shown_path, f"missing reference in {label}")
        _check_value(shown_path, label, unit, entry["value"])
        values.append(DatedValue(start, entry["value"], reference.strip(), entry.get("note")))
        previous = start
    if values[0].value is None:
        _fail(shown_path, f"the first value ({values[0].start.isoformat()}) cannot be null")
    return Parameter(name, description.strip(), unit, documentation, tuple(values), shown_path)


class ParameterStore:
    """Every parameter under one directory, with lookups by name and date."""

    def __init__(self, parameters: dict[str, Parameter]):
        self._parameters = parameters
        # Values change only on the dates in the files: between two such dates (an epoch) every
        # day sees the same values, so one resolved mapping serves the whole epoch.
        self._changes = sorted(
            {entry.start for parameter in parameters.values() for entry in parameter.values}
        )
        self._epochs: dict[int, dict[str, object]] = {}

    @classmethod
    def load(cls, *directories: Path) -> ParameterStore:
        """Every parameter file under ``directories`` (default: the bundled one). A later
        directory adds parameters (a test adds a fixture service line) and may not redefine one."""
        parameters: dict[str, Parameter] = {}
        for directory in directories or (PARAMETERS_DIR,):
            for path in sorted(directory.rglob("*")):
                if path.is_dir() or path.name.startswith(("_", ".")):
                    continue
                relative = path.relative_to(directory)
                shown = relative.as_posix()
                if path.suffix != ".yaml":
                    _fail(shown, "not a parameter file (expected .yaml)")
                name = ".".join(relative.with_suffix("").parts)
                if name in parameters:
                    _fail(shown, f"{name} is defined twice")
                parameters[name] = parse_parameter_file(path, name, shown)
            if not parameters:
                raise ParameterError(f"{directory}: no parameter files")
        return cls(parameters)

    def overlaid(self, directory: Path) -> ParameterStore:
        """This store with the parameter files under ``directory`` (laid out as the bundled
        one) in place of theirs, or added: a changed or new service description to try."""
        if not directory.is_dir():
            raise ParameterError(
                f"{directory}: not a directory laid out as rules/parameters "
                "(e.g. changes/teak/start_weeks.yaml)"
            )
        parameters = dict(self._parameters)
        for path in sorted(directory.rglob("*.yaml")):
            if path.name.startswith(("_", ".")):
                continue
            relative = path.relative_to(directory)
            name = ".".join(relative.with_suffix("").parts)
            parameters[name] = parse_parameter_file(path, name, relative.as_posix())
        return ParameterStore(parameters)

    def __contains__(self, name: str) -> bool:
        return name in self._parameters

    def __iter__(self):
        return iter(sorted(self._parameters))

    def parameter(self, name: str) -> Parameter:
        try:
            return self._parameters[name]
        except KeyError:
            raise ParameterError(f"{name}: no such parameter") from None

    def value(self, name: str, on: dt.date):
        return self.parameter(name).value(on)

    def epoch(self, on: dt.date) -> int:
        """The number of change dates on or before ``on``: days with the same epoch see the same
        values."""
        return bisect.bisect_right(self._changes, on)

    def at(self, on: dt.date) -> dict[str, object]:
        """Every parameter in force on ``on``, by name (one shared mapping per epoch: do not
        change it)."""
        epoch = self.epoch(on)
        resolved = self._epochs.get(epoch)
        if resolved is None:
            resolved = {}
            for name, parameter in self._parameters.items():
                try:
                    resolved[name] = parameter.value(on)
                except ParameterNotInForce:
                    continue
            self._epochs[epoch] = resolved
        return resolved


@functools.cache
def default_store() -> ParameterStore:
    return ParameterStore.load()
