"""The registry of rule kinds: the ``kind:`` field of a rule names one of these classes."""

from __future__ import annotations

from .base import Check, Hit
from .false_reassurance import FalseReassuranceCheck
from .link import LinkCheck
from .pattern import PatternCheck
from .phrase import PhraseCheck
from .required_warning import RequiredWarningCheck

KINDS: dict[str, type[Check]] = {
    cls.kind: cls
    for cls in (PhraseCheck, PatternCheck, LinkCheck, RequiredWarningCheck, FalseReassuranceCheck)
}

__all__ = ["KINDS", "Check", "Hit"]
