"""The registry of rule kinds: the ``kind:`` field of a rule names one of these classes."""

from __future__ import annotations

from .base import Check, Hit
from .link import LinkCheck
from .pattern import PatternCheck
from .phrase import PhraseCheck

KINDS: dict[str, type[Check]] = {cls.kind: cls for cls in (PhraseCheck, PatternCheck, LinkCheck)}

__all__ = ["KINDS", "Check", "Hit"]
