"""``kind: link``: link targets (href, Markdown links, bare URLs) matched by regular expression."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .. import schema
from ..conditions import compile_regex
from .base import Check, Hit, drug_near

if TYPE_CHECKING:
    from ..article import Article
    from ..yamlio import Located


@dataclass(frozen=True)
class LinkOptions:
    """Which targets offend (``targets``) and which are always fine (``allow``)."""

    targets: tuple[re.Pattern[str], ...]
    allow: tuple[re.Pattern[str], ...]


class LinkCheck(Check):
    """Flag links whose target matches; the finding points at the target in the source."""

    kind = "link"
    fields = frozenset({"targets", "allow"})
    placeholders = frozenset({"match", "drug", "host"})

    @classmethod
    def parse(cls, spec: Located) -> LinkOptions:
        """Compile ``targets`` and ``allow``."""
        return LinkOptions(
            tuple(compile_regex(spec, "targets", p) for p in schema.strings(spec, "targets")),
            tuple(compile_regex(spec, "allow", p) for p in schema.strings(spec, "allow", required=False)),
        )

    def hits(self, article: Article) -> Iterator[Hit]:
        """One hit per offending link."""
        options = self.rule.options
        for link in article.links:
            target = link.target.lower()
            if not any(p.search(target) for p in options.targets):
                continue
            if any(p.search(target) for p in options.allow):
                continue
            sentence = article.sentence_index(link.anchor)
            values = {
                "match": link.target,
                "drug": drug_near(article, sentence),
                "host": host_of(link.target),
            }
            yield Hit(link.anchor, link.anchor + 1, sentence, values, (link.start, link.end))


def host_of(target: str) -> str:
    """The host name of a URL, bare domains included ("dosepharmacy.com/buy" → dosepharmacy.com)."""
    text = target if "//" in target else "//" + target
    try:
        return (urlsplit(text).hostname or target).lower()
    except ValueError:
        return target.lower()
