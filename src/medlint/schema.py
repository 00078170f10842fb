"""Small typed readers for YAML fields: each mistake names the file, the line and the fix."""

from __future__ import annotations

from typing import Any

from .errors import RuleFileError
from .yamlio import Located, LocatedList


def fail(spec: Located, key: str | None, message: str) -> RuleFileError:
    """Build the error for ``key`` of ``spec`` (or the mapping itself when key is None)."""
    return RuleFileError(spec.path, spec.line_of(key) if key else spec.line, message)


def mapping(value: Any, where: Located, key: str) -> Located:
    """Return ``value`` if it is a YAML mapping, else fail at ``where[key]``."""
    if not isinstance(value, Located):
        raise fail(where, key, f"'{key}' must be a mapping")
    return value


def string(spec: Located, key: str, *, required: bool = True, default: str = "") -> str:
    """A non-empty string field."""
    if key not in spec:
        if required:
            raise fail(spec, None, f"missing required field '{key}'")
        return default
    value = spec[key]
    if not isinstance(value, str) or not value.strip():
        raise fail(spec, key, f"'{key}' must be a non-empty string")
    return value


def strings(spec: Located, key: str, *, required: bool = True) -> list[str]:
    """A non-empty list of non-empty strings (a single string is accepted as a list of one)."""
    if key not in spec:
        if required:
            raise fail(spec, None, f"missing required field '{key}'")
        return []
    value = spec[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise fail(spec, key, f"'{key}' must be a non-empty list of strings")
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            line = value.item_lines[index] if isinstance(value, LocatedList) else spec.line_of(key)
            raise RuleFileError(spec.path, line, f"'{key}' item {index + 1} must be a non-empty string")
    return [item.strip() for item in value]


def integer(spec: Located, key: str, default: int, *, minimum: int = 0) -> int:
    """An integer field with a lower bound."""
    value = spec.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise fail(spec, key, f"'{key}' must be a whole number ≥ {minimum}")
    return value


def choice(spec: Located, key: str, options: tuple[str, ...], *, default: str | None = None) -> str:
    """A string from a fixed set of options."""
    if key not in spec and default is not None:
        return default
    value = string(spec, key)
    if value not in options:
        raise fail(spec, key, f"'{key}' is {value!r}; expected one of: {', '.join(options)}")
    return value


def only_keys(spec: Located, allowed: set[str] | frozenset[str], what: str) -> None:
    """Reject unknown keys: a typo in a rule must never silently disable part of it."""
    for key in spec:
        if key not in allowed:
            raise fail(spec, key, f"unknown field '{key}' in {what}; allowed: {', '.join(sorted(allowed))}")
