"""Small typed readers for YAML fields: each mistake names the file, the line and the fix."""

from __future__ import annotations

import importlib
import re
import string as _string
import sys
from typing import Any

from medlint.errors import RuleFileError
from medlint.rulebook.yamlio import Located, LocatedList

#: The parser ``re`` itself uses (private, but the only exact reading of a pattern's structure).
regex_parser: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")

#: Limits on a rule's regular expression (see ``check_regex``). Our packs' longest pattern has
#: about 150 characters, at most two unbounded repeats and three optional parts. Measured on the
#: shared machine, ``re.search`` failing on a run of "a": ``a*a*x`` 1 s at 1,000 characters,
#: ``a*a*a*x`` 0.55 s already at 200, ``a*a*a*a*x`` about 50 s at 200.
MAX_REGEX_LENGTH = 1_000
MAX_WIDE_REPEATS = 2
MAX_VARIABLE_REPEATS = 10


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


def check_regex(pattern: str, flags: int = 0) -> None:
    r"""Refuse, with ``re.error``, a regex that Python's backtracking engine could run for hours.

    The ``re`` engine checks no signal while it matches, so a time limit cannot stop it; the
    pattern must be safe before it is used. Exponential time needs a repeat inside a repeat,
    which backtracks through every way of splitting the text: ``(a+)+$``, ``(a|a)*$``, ``(a?)*``.
    So inside a repeated group (``+``, ``*``, ``{2,}``...) no other variable repeat and no
    alternation ``|`` is allowed, nor anywhere a backreference ``\1``. Polynomial time grows with
    the number of overlapping repeats in a row (``.*.*.*.*x``), so a pattern may have at most
    ``MAX_WIDE_REPEATS`` repeats of more than one step and ``MAX_VARIABLE_REPEATS`` in all.
    A character class (``[a-z0-9.-]+``) says the same as most nested groups, linearly.
    """
    if len(pattern) > MAX_REGEX_LENGTH:
        raise re.error(f"longer than {MAX_REGEX_LENGTH} characters")
    counts = {"wide": 0, "variable": 0}
    _walk_regex(regex_parser.parse(pattern, flags), False, counts)
    if counts["wide"] > MAX_WIDE_REPEATS:
        raise re.error(
            f"more than {MAX_WIDE_REPEATS} repeats such as + or * (time grows as a power of their number)"
        )
    if counts["variable"] > MAX_VARIABLE_REPEATS:
        raise re.error(f"more than {MAX_VARIABLE_REPEATS} optional or repeated parts")


def literal_start(pattern: str) -> str:
    r"""The characters every match of ``pattern`` begins with, lowercased ("vs" of ``vs\.?``).

    Read from the parse ``re`` itself makes: a leading ``\b`` is skipped, a ``+`` gives its
    character once, and the start ends at the first part that is anything else: a group, a
    class, an alternation (``a|b`` has no start), an optional or counted character, or one that
    is not ASCII (a regex folds "ſ" to "s", ``str.lower`` does not).
    """
    found: list[str] = []
    for index, (op, argument) in enumerate(regex_parser.parse(pattern)):
        name = str(op)
        if name == "AT" and index == 0 and str(argument) == "AT_BOUNDARY":
            continue
        if name == "LITERAL" and argument < 128:
            found.append(chr(argument))
            continue
        if name == "MAX_REPEAT" and argument[:2] == (1, regex_parser.MAXREPEAT):
            body = argument[2]
            if len(body) == 1 and str(body[0][0]) == "LITERAL" and body[0][1] < 128:
                found.append(chr(body[0][1]))
        break
    return "".join(found).lower()


def _walk_regex(tree: Any, repeated: bool, counts: dict[str, int]) -> None:
    """Walk a parsed regex; ``repeated`` says we are inside a group that can repeat."""
    for op, argument in tree:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, body = argument
            if low != high:
                if repeated:
                    raise re.error("a repeat inside a repeated group can take exponential time")
                counts["variable"] += 1
                counts["wide"] += high - low > 1
            _walk_regex(body, repeated or high > 1, counts)
        elif name == "BRANCH":
            if repeated:
                raise re.error(
                    "alternation (|) inside a repeated group can take exponential time; use a character class"
                )
            for branch in argument[1]:
                _walk_regex(branch, repeated, counts)
        elif name in ("GROUPREF", "GROUPREF_EXISTS"):
            raise re.error("backreferences are not allowed (they can take exponential time)")
        elif name == "SUBPATTERN":
            _walk_regex(argument[3], repeated, counts)
        elif name in ("ASSERT", "ASSERT_NOT"):
            _walk_regex(argument[1], repeated, counts)
        elif name == "ATOMIC_GROUP":
            _walk_regex(argument, repeated, counts)


class TemplateFieldError(ValueError):
    """A ``{field}`` of a message template that is more than a plain name (``written`` as given)."""

    def __init__(self, written: str, name: str) -> None:
        self.written = written
        self.name = name
        super().__init__(
            f"placeholder {written} must be a plain name, without attribute, index, conversion or format spec"
        )


def template_fields(text: str) -> list[str]:
    """The field names of a ``str.format`` template that may only name values.

    ``str.format`` does far more than fill names: ``{match.__class__}`` reads attributes,
    ``{match[0]}`` indexes, ``{match!r}`` converts, ``{match:>2000000000}`` pads to gigabytes and
    ``{match:{x}}`` nests a second field that a first parse never shows. Messages, fixes and
    replacements are prose, so anything but a bare name raises ``TemplateFieldError``; unbalanced
    braces raise a plain ``ValueError`` (from ``string.Formatter``).
    """
    names = []
    for _, name, format_spec, conversion in _string.Formatter().parse(text):
        if name is None:
            continue
        if conversion or format_spec or not name.isidentifier():
            written = "{" + name + (f"!{conversion}" if conversion else "")
            raise TemplateFieldError(written + (f":{format_spec}" if format_spec else "") + "}", name)
        names.append(name)
    return names
