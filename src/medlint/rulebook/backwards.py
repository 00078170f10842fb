r"""A regex read backwards: one anchored try instead of a search from every position.

A pattern that must end where the text ends (``… such as\s*$``) is still tried by ``re.search``
from every start position, because ``re`` only scans forwards. Written backwards, the same
pattern is tried once, at the start of the reversed text: ``backwards(p).match(text[::-1])``
finds a match exactly when ``re.compile(p).search(text)`` does (for a text that does not end
in a newline, where ``$`` would also match before it).

The reversal is read from the parse ``re`` itself makes (as ``check_regex`` is): each sequence
is written in reverse order; classes, ``\b`` and repeats stay as they are; a lookahead becomes
a lookbehind and the other way round. Anything else (a backreference, an inline flag group,
an anchor other than the final ``$``, a lookbehind that would not have a fixed width) gives
None, and the caller searches forwards as before.
"""

from __future__ import annotations

import re
from typing import Any

from medlint.rulebook.schema import regex_parser

#: Class escapes by the parser's category name.
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


class _Unsupported(Exception):
    """A part of the pattern this module does not write backwards."""


def backwards(pattern: str, flags: int = 0) -> re.Pattern[str] | None:
    """``pattern`` (which must end in ``$``) reversed, to ``match`` at the start of reversed text."""
    items = list(regex_parser.parse(pattern, flags))
    if not items or str(items[-1][0]) != "AT" or str(items[-1][1]) != "AT_END":
        return None
    try:
        return re.compile(_reversed(items[:-1]), flags)
    except (_Unsupported, re.error):
        return None  # re.error: a lookahead that is not fixed-width cannot become a lookbehind


def _reversed(items: Any) -> str:
    return "".join(_item(op, argument) for op, argument in reversed(list(items)))


def _item(op: Any, argument: Any) -> str:
    name = str(op)
    if name == "LITERAL":
        return re.escape(chr(argument))
    if name == "NOT_LITERAL":
        return f"[^{re.escape(chr(argument))}]"
    if name == "ANY":
        return "."
    if name == "IN":
        return _character_class(argument)
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        low, high, body = argument
        count = f"{{{low},}}" if high == regex_parser.MAXREPEAT else f"{{{low},{high}}}"
        return f"(?:{_reversed(body)}){count}{'?' if name == 'MIN_REPEAT' else ''}"
    if name == "SUBPATTERN":
        _group, add_flags, del_flags, body = argument
        if add_flags or del_flags:
            raise _Unsupported("inline flags")
        return f"(?:{_reversed(body)})"
    if name == "BRANCH":
        return "(?:" + "|".join(_reversed(branch) for branch in argument[1]) + ")"
    if name == "AT" and str(argument) in ("AT_BOUNDARY", "AT_NON_BOUNDARY"):
        return r"\b" if str(argument) == "AT_BOUNDARY" else r"\B"
    if name in ("ASSERT", "ASSERT_NOT"):
        direction, body = argument
        # A lookahead reads the characters after a position; backwards they come before it.
        kind = ("<" if direction == 1 else "") + ("=" if name == "ASSERT" else "!")
        return f"(?{kind}{_reversed(body)})"
    raise _Unsupported(name)


def _character_class(items: Any) -> str:
    parts = []
    for op, argument in items:
        name = str(op)
        if name == "NEGATE":
            parts.append("^")
        elif name == "LITERAL":
            parts.append(re.escape(chr(argument)))
        elif name == "RANGE":
            parts.append(f"{re.escape(chr(argument[0]))}-{re.escape(chr(argument[1]))}")
        elif name == "CATEGORY" and str(argument) in _CATEGORIES:
            parts.append(_CATEGORIES[str(argument)])
        else:
            raise _Unsupported(name)
    return f"[{''.join(parts)}]"
