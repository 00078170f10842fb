"""YAML that remembers line numbers, so a mistake in a rule pack is reported where it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from medlint.errors import RuleFileError

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C parser when built

#: How many nodes aliases may add to one file once expanded. An alias is a reference, but our
#: loader (and every walk over a rule) copies what it names, so nine aliases of nine aliases
#: ... (a "billion laughs" of under 1 kB) would become gigabytes. Our own packs add under 100.
MAX_ALIAS_NODES = 10_000


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
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> Any:
    """Parse YAML already read (``name`` is its file, for errors), aliases bounded, lines kept."""
    loader = _LineLoader(text)
    loader.medlint_path = name
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_aliases(node, name)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise RuleFileError(name, line, f"invalid YAML: {err.problem or err}") from None
    except yaml.YAMLError as err:
        raise RuleFileError(name, None, f"invalid YAML: {err}") from None
    except RecursionError:  # libyaml allows 1,000 levels; building them in Python may not
        raise RuleFileError(name, None, "invalid YAML: nested too deeply") from None
    finally:
        loader.dispose()


def _check_aliases(root: yaml.Node, name: str) -> None:
    """Refuse a file whose aliases would expand past ``MAX_ALIAS_NODES`` nodes, or into themselves.

    The composed graph shares one node per anchor; a node met again is an alias. Its expanded
    size is computed once per node (so the check itself stays linear in the written file) and
    charged each time the node is met again. The error names the collection holding the alias.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    seen: set[int] = set()
    added = 0

    def expanded(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise RuleFileError(name, node.start_mark.line + 1, "an alias refers to its own anchor")
        open_nodes.add(key)
        size = 1 + sum(expanded(child) for child in _children(node))
        open_nodes.discard(key)
        sizes[key] = size
        return size

    stack: list[yaml.Node] = [root]
    while stack:  # in document order, so the error names the first alias past the limit
        node = stack.pop()
        fresh: list[yaml.Node] = []
        for child in _children(node):
            if id(child) in seen:
                added += expanded(child)
                if added > MAX_ALIAS_NODES:
                    raise RuleFileError(
                        name,
                        node.start_mark.line + 1,
                        f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes; "
                        "write the values out or use fewer levels of aliases",
                    )
                continue
            seen.add(id(child))
            fresh.append(child)
        stack.extend(reversed(fresh))


def _children(node: yaml.Node) -> list[yaml.Node]:
    """The nodes directly under ``node``: items of a sequence, keys and values of a mapping."""
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
