"""Stage 4, check: the engine and the registry of rule kinds (the ``kind:`` field of a rule names one)."""

from __future__ import annotations

from medlint.checks.base import Check, Hit
from medlint.checks.claim import ClaimCheck
from medlint.checks.dose import DoseLimitCheck
from medlint.checks.false_reassurance import FalseReassuranceCheck
from medlint.checks.frame import FrameCheck
from medlint.checks.link import LinkCheck
from medlint.checks.obfuscated import ObfuscatedCheck
from medlint.checks.pattern import PatternCheck
from medlint.checks.phrase import PhraseCheck
from medlint.checks.required_warning import RequiredWarningCheck

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
