"""``medlint config``: every resolved setting, and where its value came from.

A team debugging "why is MED105 still reported?" needs to see the settings medlint actually
uses, not the file they think it reads: the config file found (or none), each key's value,
and whether it came from that file or is the default.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

from medlint.config import Config, config_from_mapping, find_config, read_settings


def resolve(config_file: Path | None, start: Path) -> tuple[Config, dict[str, str]]:
    """The config ``check`` would use, and for each setting its origin (a file or "default")."""
    path = config_file or find_config(start)
    if path is None:
        return Config(), {}
    raw = read_settings(path)
    config = config_from_mapping(raw, path)
    return config, {str(key).replace("-", "_"): str(path) for key in raw}


_TABLES = frozenset({"per_file_ignores", "severity_overrides"})


def _plain(value: Any, table: bool = False) -> Any:
    """A setting as JSON shows it: paths as strings, the pair settings as tables."""
    if isinstance(value, Path):
        return str(value)
    if table:
        return {str(k): _plain(v) for k, v in value}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def settings(config: Config, origins: dict[str, str]) -> list[dict[str, Any]]:
    """One row per setting, in the order Config declares them: key, value, origin."""
    return [
        {
            "key": f.name.replace("_", "-"),
            "value": _plain(getattr(config, f.name), f.name in _TABLES),
            "origin": origins.get(f.name, "default"),
        }
        for f in fields(Config)
        if f.name != "source"
    ]


def render(config: Config, origins: dict[str, str], output_format: str = "text") -> str:
    """The report: ``key = value  # origin`` lines (TOML-like), or a JSON list of rows."""
    rows = settings(config, origins)
    if output_format == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    source = str(config.source) if config.source else "none found (defaults)"
    lines = [f"# config file: {source}"]
    for row in rows:
        lines.append(f"{row['key']} = {json.dumps(row['value'], ensure_ascii=False)}  # {row['origin']}")
    return "\n".join(lines) + "\n"
