"""Configuration from ``[tool.medlint]`` in pyproject.toml or from ``.medlint.yaml``.

Found from the current folder upward; the first file that configures medlint wins. Keys are
kebab-case, as in ruff; an unknown key is an error that names it (a typo must not be ignored).
"""

from __future__ import annotations

import fnmatch
import re
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from medlint.errors import ConfigError, RuleFileError
from medlint.finding import SEVERITIES

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
    extend_select: tuple[str, ...] = ()
    #: ``{glob: [selectors]}`` as pairs: rules ignored in the files a glob matches.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: ``{RULE CODE: severity}`` as pairs: the severity every finding of that rule gets.
    severity_overrides: tuple[tuple[str, str], ...] = ()
    require_reason: bool = False
    show_suppressed: bool = False
    exit_zero: bool = False
    quiet: bool = False
    color: bool | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    baseline: Path | None = None
    statistics: bool = False
    show_source: bool = False
    output_file: Path | None = None
    jobs: int | None = None
    source: Path | None = field(default=None, compare=False)

    @property
    def all_excludes(self) -> tuple[str, ...]:
        """Default (or replaced) excludes plus the extended ones."""
        return self.exclude + self.extend_exclude


_LISTS = {"select", "ignore", "include", "exclude", "extend_exclude", "extend_select"}
_FLAGS = {
    "require_reason", "show_suppressed", "exit_zero", "quiet", "fix", "unsafe_fixes", "diff", "statistics",
    "show_source",
}  # fmt: skip


def file_ignored(config: Config, path: str) -> tuple[str, ...]:
    """The selectors ``per-file-ignores`` switches off for ``path`` (globs, as in ruff).

    A glob with a ``/`` is matched against the whole path (``**`` crosses folders); one
    without is matched against the file name too, so ``"*.txt"`` and ``"drafts/*"`` both work.
    """
    if not config.per_file_ignores:
        return ()
    clean = path.replace("\\", "/").removeprefix("./")
    name = clean.rsplit("/", 1)[-1]
    chosen: list[str] = []
    for pattern, selectors in config.per_file_ignores:
        glob = pattern.removeprefix("./")
        if (
            fnmatch.fnmatchcase(clean, glob)
            or fnmatch.fnmatchcase(clean, glob.replace("**/", ""))
            or ("/" not in glob and fnmatch.fnmatchcase(name, glob))
        ):
            chosen.extend(selectors)
    return tuple(chosen)


def severity_for(config: Config, code: str, severity: str) -> str:
    """The severity a finding of rule ``code`` is reported at (``severity-overrides`` wins)."""
    for wanted, override in config.severity_overrides:
        if wanted == code:
            return override
    return severity


_CHOICES = {
    "min_severity": SEVERITIES,
    "format": ("text", "json", "json-lines", "sarif", "github", "gitlab", "junit", "rdjsonl"),
    "warning_scope": ("document", "section"),
}


def _table(value: Any, raw_key: str, where: str) -> dict[Any, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: '{raw_key}' must be a table/mapping")
    return value


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
    them, so a broken file stops the run as a broken ``.medlint.yaml`` does; so does one that
    cannot be read, or is not UTF-8 (which TOML requires).
    """
    return "medlint" in _parse_toml(_read_text(path), path).get("tool", {})


def _read_text(path: Path) -> str:
    """A config file's text; unreadable or not UTF-8 is an error naming the file."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read config: {err}") from None


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
    return config_from_mapping(read_settings(path), path)


def read_settings(path: Path) -> dict[str, Any]:
    """The raw medlint settings of one file (unvalidated), as ``medlint config`` shows their origin."""
    if path.exists() and not path.is_file():  # a FIFO given as --config would block for ever
        raise ConfigError(f"{path}: cannot read config: not a regular file")
    text = _read_text(path)
    if path.name == "pyproject.toml":
        data = _parse_toml(text, path).get("tool", {}).get("medlint", {})
    else:
        # The rule packs' parser: config arrives in pull requests too, so aliases are bounded.
        from medlint.rulebook.yamlio import parse_yaml

        try:
            data = parse_yaml(text, str(path)) or {}
        except RuleFileError as err:
            raise ConfigError(str(err)) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: medlint settings must be a table/mapping")
    return data


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
    if key in _FLAGS or key == "color":
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: '{raw_key}' must be true or false")
        return value
    if key == "jobs":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"{where}: '{raw_key}' must be a whole number ≥ 1")
        return value
    if key in ("baseline", "output_file"):
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: '{raw_key}' must be a file name")
        return ((path.parent if path else Path.cwd()) / value).resolve()
    if key == "per_file_ignores":
        table = _table(value, raw_key, where)
        pairs = []
        for glob, selectors in table.items():
            items = [selectors] if isinstance(selectors, str) else selectors
            if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
                raise ConfigError(f"{where}: '{raw_key}' value for {glob!r} must be a list of selectors")
            pairs.append((str(glob), tuple(items)))
        return tuple(pairs)
    if key == "severity_overrides":
        table = _table(value, raw_key, where)
        overrides = []
        for code, severity in table.items():
            if not isinstance(code, str) or not re.fullmatch(r"[A-Za-z]{2,8}[0-9]{3,4}", code):
                raise ConfigError(
                    f"{where}: '{raw_key}' keys must be rule codes such as MED105, not {code!r}"
                )
            if severity not in SEVERITIES:
                raise ConfigError(
                    f"{where}: '{raw_key}' for {code} is {severity!r}; "
                    f"expected one of: {', '.join(SEVERITIES)}"
                )
            overrides.append((code.upper(), severity))
        return tuple(overrides)
    if key in _LISTS or key == "rules":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise ConfigError(f"{where}: '{raw_key}' must be a list of strings")
        if key == "rules":
            base = path.parent if path else Path.cwd()
            folders = tuple((base / item).resolve() for item in items)
            if path is not None:
                _check_inside_project(path, items, folders)
            return folders
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


def _check_inside_project(path: Path, items: list[str], folders: tuple[Path, ...]) -> None:
    """Rule folders named in a config file must lie inside the folder holding that file.

    A config file arrives in pull requests like any other file: ``rules = ["/"]`` or
    ``["../../secrets"]`` would make medlint read (and echo in its errors) YAML from anywhere
    on the machine. Resolving first also catches a symlink that leads outside. A folder that
    really lives elsewhere is given on the command line (``--rules``), which is not checked.
    """
    project = path.parent.resolve()
    for item, folder in zip(items, folders, strict=True):
        if folder != project and project not in folder.parents:
            raise ConfigError(
                f"{path}:{_line_of(path, item)}: rule folder {item!r} is outside the project folder "
                f"{project}; give folders outside it with --rules on the command line"
            )


def _line_of(path: Path, needle: str) -> int:
    """The first line of ``path`` that quotes ``needle`` (else line 1), for ``file:line`` errors."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    quoted = (f'"{needle}"', f"'{needle}'")
    return next((n for n, text in enumerate(lines, 1) if any(q in text for q in quoted)), 1)
