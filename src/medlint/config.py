"""Configuration from ``[tool.medlint]`` in pyproject.toml or from ``.medlint.yaml``.

Found from the current folder upward; the first file that configures medlint wins. Keys are
kebab-case, as in ruff; an unknown key is an error that names it (a typo must not be ignored).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .finding import SEVERITIES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DEFAULT_INCLUDE: tuple[str, ...] = ("*.md", "*.markdown", "*.mdx", "*.html", "*.htm", "*.txt")
DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".git", ".hg", ".svn", "node_modules", ".venv", "venv", ".env", "env", "__pycache__", ".tox", ".nox",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", "build", "dist", "*.egg-info",
)  # fmt: skip
CONFIG_FILES: tuple[str, ...] = (".medlint.yaml", ".medlint.yml", "pyproject.toml")


@dataclass(frozen=True)
class Config:
    """Settings shared by the CLI and the library; every field has a safe default."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    min_severity: str = "info"
    rules: tuple[Path, ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    format: str = "text"
    warning_scope: str = "document"
    discussed_mentions: int = 2
    min_confidence: float = 0.5
    source: Path | None = field(default=None, compare=False)

    @property
    def all_excludes(self) -> tuple[str, ...]:
        """Default (or replaced) excludes plus the extended ones."""
        return self.exclude + self.extend_exclude


_LISTS = {"select", "ignore", "include", "exclude", "extend_exclude"}
_CHOICES = {
    "min_severity": SEVERITIES,
    "format": ("text", "json", "sarif", "github"),
    "warning_scope": ("document", "section"),
}


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` that actually configures medlint."""
    for folder in (start.resolve(), *start.resolve().parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_section(candidate)):
                return candidate
    return None


def _has_tool_section(path: Path) -> bool:
    """Whether pyproject.toml configures medlint; a file that is not TOML is an error, not a no.

    Silently falling back to the defaults would run every rule on a team that meant to narrow
    them, so a broken file stops the run as a broken ``.medlint.yaml`` does.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "medlint" in _parse_toml(text, path).get("tool", {})


def _parse_toml(text: str, path: Path) -> dict[str, Any]:
    """Parse TOML; an error becomes ``path:LINE: invalid TOML: what`` (line from the message)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        if found:
            line = int(found.group(1))
            message = message.replace(found.group(0), "").strip()
        else:  # "at end of document"
            line = text.count("\n") + (0 if text.endswith("\n") else 1)
            message = re.sub(r"\s*\(at end of document\)", " at end of file", message).strip()
        raise ConfigError(f"{path}:{line}: invalid TOML: {message}") from None


def load_config(path: Path) -> Config:
    """Read one config file; any problem is a ConfigError naming the file and key."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read config: {err}") from None
    if path.name == "pyproject.toml":
        data = _parse_toml(text, path).get("tool", {}).get("medlint", {})
    else:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as err:
            raise ConfigError(f"{path}: invalid YAML: {err}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: medlint settings must be a table/mapping")
    return config_from_mapping(data, path)


def config_from_mapping(data: dict[str, Any], path: Path | None = None) -> Config:
    """Validate a mapping of settings (kebab-case keys) into a Config."""
    where = str(path) if path else "configuration"
    known = {f.name for f in fields(Config)} - {"source"}
    values: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = str(raw_key).replace("-", "_")
        if key not in known:
            options = ", ".join(sorted(k.replace("_", "-") for k in known))
            raise ConfigError(f"{where}: unknown setting '{raw_key}'; known settings: {options}")
        values[key] = _coerce(key, raw_key, value, where, path)
    return replace(Config(), **values, source=path)


def _coerce(key: str, raw_key: str, value: Any, where: str, path: Path | None) -> Any:
    if key in _LISTS or key == "rules":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise ConfigError(f"{where}: '{raw_key}' must be a list of strings")
        if key == "rules":
            base = path.parent if path else Path.cwd()
            return tuple((base / item).resolve() for item in items)
        return tuple(items)
    if key in _CHOICES:
        if value not in _CHOICES[key]:
            raise ConfigError(
                f"{where}: '{raw_key}' is {value!r}; expected one of: {', '.join(_CHOICES[key])}"
            )
        return value
    if key == "min_confidence":
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
            raise ConfigError(f"{where}: '{raw_key}' must be a number from 0 to 1")
        return float(value)
    if key == "discussed_mentions":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"{where}: '{raw_key}' must be a whole number ≥ 1")
        return value
    raise ConfigError(f"{where}: '{raw_key}' cannot be set here")  # pragma: no cover - every key is handled
