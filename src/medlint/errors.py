"""Errors the user has to act on; the CLI turns each into a message and exit status 2."""

from __future__ import annotations


class MedlintError(Exception):
    """Something medlint cannot work around: a broken rule pack, a bad config, an unreadable file."""


class RuleFileError(MedlintError):
    """A rule pack is wrong; carries the YAML file and line so an editor can jump straight there."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.detail = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class ConfigError(MedlintError):
    """The user's configuration (pyproject.toml or .medlint.yaml) names a key or value we do not know."""


class SourceError(MedlintError):
    """A file cannot be linted at all (missing, unreadable, binary); other files still are."""
