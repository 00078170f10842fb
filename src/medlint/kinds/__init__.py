"""The registry of rule kinds: the ``kind:`` field of a rule names one of these classes."""

from __future__ import annotations

from .base import Check, Hit
from .claim import ClaimCheck
from .dose import DoseLimitCheck
from .false_reassurance import FalseReassuranceCheck
from .frame import FrameCheck
from .link import LinkCheck
from .obfuscated import ObfuscatedCheck
from .pattern import PatternCheck
from .phrase import PhraseCheck
from .required_warning import RequiredWarningCheck

_ALL: tuple[type[Check], ...] = (
    PhraseCheck,
    PatternCheck,
    LinkCheck,
    RequiredWarningCheck,
    FalseReassuranceCheck,
    ClaimCheck,
    DoseLimitCheck,
    FrameCheck,
    ObfuscatedCheck,
)
KINDS: dict[str, type[Check]] = {cls.kind: cls for cls in _ALL}

__all__ = ["KINDS", "Check", "Hit"]
