"""Stage 6, report: findings → one output format. Each format is one small module with one function.

The registry below is the one list of formats: the CLI's ``--format`` choices come from it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from medlint.finding import Finding
    from medlint.rulebook.ruleset import Rule


class Reporter(Protocol):
    """findings, enabled rules, files linted, colour, files that could not be read → output."""

    def __call__(
        self, findings: list[Finding], rules: list[Rule], files: int, color: bool, unreadable: int = 0
    ) -> str: ...


#: Format name → (module in this package, its renderer). A run imports only the renderer it
#: uses: the JUnit one alone pulls in ``xml.sax``, ``urllib.request`` and ``http.client``
#: (a seventh of the start-up of a pre-commit run that prints text).
_RENDERERS: dict[str, tuple[str, str]] = {
    "text": ("text", "render_text"),
    "json": ("json", "render_json"),
    "json-lines": ("json_lines", "render_json_lines"),
    "sarif": ("sarif", "render_sarif"),
    "github": ("github", "render_github"),
    "gitlab": ("gitlab", "render_gitlab"),
    "junit": ("junit", "render_junit"),
    "rdjsonl": ("rdjsonl", "render_rdjsonl"),
}
FORMAT_NAMES: tuple[str, ...] = tuple(_RENDERERS)


def reporter(name: str) -> Reporter:
    """The renderer of format ``name`` (one of FORMAT_NAMES), imported on first use."""
    module, function = _RENDERERS[name]
    renderer: Reporter = getattr(import_module(f"{__name__}.{module}"), function)
    return renderer


__all__ = ["FORMAT_NAMES", "Reporter", "reporter"]
