"""Rule selectors, shared by --select/--ignore, config and inline ``medlint-disable`` comments.

A selector is a rule code (MED101), a code prefix (MED1), a category (pharmacy-promotion),
a rule name (buy-medicine-online) or ALL: the same vocabulary everywhere, as in ruff.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol


class Named(Protocol):
    """What a selector looks at: a YAML rule, or one of the built-in directive checks."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def category(self) -> str: ...


def selector_matches(selector: str, rule: Named) -> bool:
    """True when ``selector`` names ``rule`` by code, prefix, category or name."""
    wanted = selector.strip()
    if not wanted:
        return False
    if wanted.upper() == "ALL":
        return True
    return rule.code.startswith(wanted.upper()) or wanted.lower() in (rule.category, rule.name)


def is_selected(rule: Named, select: Iterable[str], ignore: Iterable[str]) -> bool:
    """Selected when ``select`` is empty or names it, and ``ignore`` does not.

    The more specific selector wins, as in ruff: ``--select MED1 --ignore MED104`` drops only
    MED104, and ``--ignore MED1 --select MED104`` keeps only MED104 of that family. On a tie
    ignore wins, also as in ruff, so ``--ignore ALL`` switches everything off and
    ``--select MED101 --ignore buy-medicine-online`` (two names for one rule) drops it.
    """
    select, ignore = list(select), list(ignore)
    chosen = max((_specificity(s, rule) for s in select), default=0 if select else 1)
    dropped = max((_specificity(s, rule) for s in ignore), default=0)
    return chosen > 0 and chosen > dropped


def _specificity(selector: str, rule: Named) -> int:
    if not selector_matches(selector, rule):
        return 0
    wanted = selector.strip()
    if wanted.upper() == "ALL":
        return 1
    if wanted.lower() == rule.category:
        return 2
    if wanted.upper() == rule.code or wanted.lower() == rule.name:
        return 100
    return 2 + len(wanted)


def unknown_selectors(selectors: Iterable[str], rules: Sequence[Named]) -> list[str]:
    """Selectors that name no rule at all: almost always a typo the user should hear about."""
    return [s for s in selectors if s.strip() and not any(selector_matches(s, r) for r in rules)]
