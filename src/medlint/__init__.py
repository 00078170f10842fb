"""medlint: a content-safety linter for health and drug articles.

``from medlint import Linter`` builds the (slow) spaCy pipeline once; ``lint_text`` and
``lint_file`` then return frozen ``Finding`` objects. Importing this package is cheap:
spaCy is only loaded when a Linter is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from medlint.errors import ConfigError, MedlintError, RuleFileError, SourceError
from medlint.finding import Finding

__version__ = "0.1.0"

if TYPE_CHECKING:
    from medlint.analysis.claim_frames import Claim
    from medlint.analysis.sentence_certainty import CueReport, SentenceReport
    from medlint.config import Config
    from medlint.linter import Linter, MedlintWarning, certainty, claims

_LAZY = {
    "Linter": "linter",
    "MedlintWarning": "linter",
    "certainty": "linter",
    "claims": "linter",
    "Claim": "analysis.claim_frames",
    "Config": "config",
    "SentenceReport": "analysis.sentence_certainty",
    "CueReport": "analysis.sentence_certainty",
}


def __getattr__(name: str) -> Any:
    """Load heavy modules on first use, so ``medlint --version`` stays instant."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'medlint' has no attribute {name!r}")


__all__ = [
    "Claim",
    "Config",
    "ConfigError",
    "CueReport",
    "Finding",
    "Linter",
    "MedlintError",
    "MedlintWarning",
    "RuleFileError",
    "SentenceReport",
    "SourceError",
    "__version__",
    "certainty",
    "claims",
]
