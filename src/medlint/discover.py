"""Which files to lint: explicit files always, folders walked with include/exclude globs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path


def discover(
    paths: list[str], include: tuple[str, ...], exclude: tuple[str, ...]
) -> Iterator[tuple[str, Path | None]]:
    """Yield (display path, path) in a stable order; a missing path yields (name, None), "-" itself.

    A file named on the command line is linted whatever its extension (the user asked for
    it), unless an exclude pattern names it; folders contribute only files that match
    ``include``. Excluded folder names are pruned, so ``node_modules`` is never even walked.
    """
    for raw in paths:
        path = Path(raw)
        if raw == "-":
            yield raw, path  # standard input, read by the caller
        elif path.is_dir():
            yield from _walk(raw, include, exclude)
        elif path.exists():
            if not _excluded(raw, exclude):
                yield raw, path
        else:
            yield raw, None


def _walk(root: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> Iterator[tuple[str, Path]]:
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not _excluded(os.path.join(folder, d), exclude))
        for name in sorted(files):
            full = os.path.join(folder, name)
            if any(fnmatch(name, pattern) for pattern in include) and not _excluded(full, exclude):
                yield os.path.normpath(full), Path(full)


def _excluded(path: str, exclude: tuple[str, ...]) -> bool:
    normal = os.path.normpath(path).replace(os.sep, "/")
    name = normal.rsplit("/", 1)[-1]
    return any(fnmatch(name, pattern) or fnmatch(normal, pattern) for pattern in exclude)
