"""YAML that remembers line numbers, so a mistake in a rule pack is reported where it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import RuleFileError

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C parser when built


class Located(dict[str, Any]):
    """A mapping from a YAML file with the line of the mapping and of each key."""

    path: str = ""
    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """Line of ``key`` if present, else of the mapping itself."""
        return self.key_lines.get(key, self.line)


class LocatedList(list[Any]):
    """A sequence from a YAML file with the line of each item."""

    path: str = ""
    line: int = 0
    item_lines: list[int]


class _LineLoader(_Loader):  # type: ignore[misc,valid-type]
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Located:
    mapping = Located()
    mapping.path = getattr(loader, "medlint_path", "")
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise RuleFileError(mapping.path, key_node.start_mark.line + 1, f"key {key!r} must be a string")
        if key in mapping:
            raise RuleFileError(mapping.path, key_node.start_mark.line + 1, f"duplicate key {key!r}")
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LocatedList:
    items = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    items.path = getattr(loader, "medlint_path", "")
    items.line = node.start_mark.line + 1
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path, display: str | None = None) -> Any:
    """Parse one YAML file; a syntax error becomes a RuleFileError with its line."""
    name = display or str(path)
    try:
        if path.exists() and not path.is_file():  # a FIFO named a.yaml would block the run forever
            raise RuleFileError(name, None, "cannot read: not a regular file")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RuleFileError(name, None, f"cannot read: {err}") from None
    loader = _LineLoader(text)
    loader.medlint_path = name
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise RuleFileError(name, line, f"invalid YAML: {err.problem or err}") from None
    except yaml.YAMLError as err:
        raise RuleFileError(name, None, f"invalid YAML: {err}") from None
    finally:
        loader.dispose()
