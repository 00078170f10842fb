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
        elif not _stats(path):
            # Name too long, permission denied on a parent...: let the reader name the error
            # for this path; the run goes on with the others.
            yield raw, path
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
    """True when the path, or any folder it sits in, matches an exclude pattern.

    Ancestors count so that a file named on the command line (as pre-commit names every
    staged file) is excluded exactly as a walk would exclude it, like ruff's ``--force-exclude``:
    ``extend-exclude = ["drafts"]`` skips ``drafts/draft.md`` however it is reached.
    Folders above the current one are not considered (an absolute path is taken relative to
    the current folder when it is inside it), so a checkout that happens to live under a
    folder named ``build`` or ``env`` is still linted.
    """
    normal = os.path.normpath(path)
    if os.path.isabs(normal):
        inside = os.path.relpath(normal)
        normal = inside if not inside.startswith(os.pardir) else normal
    parts = normal.replace(os.sep, "/").split("/")
    first = next((i for i, part in enumerate(parts) if part not in ("", os.pardir)), len(parts) - 1)
    if os.path.isabs(normal):
        first = len(parts) - 1  # outside the current folder: judge the file by its own name
    for end in range(len(parts), first, -1):
        prefix = "/".join(parts[:end])
        if any(fnmatch(parts[end - 1], pattern) or fnmatch(prefix, pattern) for pattern in exclude):
            return True
    return False


def _stats(path: Path) -> bool:
    """False when even asking what ``path`` is fails with an OS error other than "not there"."""
    try:
        path.stat()
    except FileNotFoundError:
        return True  # reported as missing by the caller
    except OSError:
        return False
    return True
