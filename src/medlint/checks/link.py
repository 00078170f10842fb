"""``kind: link``: link targets (href, Markdown links, bare URLs) matched by regex or by seller signals.

``targets`` are regular expressions on the whole target. ``signals`` name what
``medlint.sellers.assess`` reads in the address (a drug name in the host, "rx"/"meds" host
words, "/pharm/" paths, a regulator's listing, a redirector); a link with any of them is a hit
unless it is legitimate: under ``allow``, under a ``sellers: legitimate`` suffix or register, or on
the site of a manufacturer whose prescribing information the same article links to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from medlint.checks.base import Check, Hit, drug_near
from medlint.rulebook import schema
from medlint.rulebook.conditions import compile_regex
from medlint.rulebook.sellers import (
    SIGNALS,
    SellerBook,
    assess,
    host_of,
    is_legitimate,
    load_sellers,
    registered_domain,
)

if TYPE_CHECKING:
    from medlint.analysis.article import Article
    from medlint.checks.base import Resources
    from medlint.rulebook.ruleset import Rule
    from medlint.rulebook.yamlio import Located

#: A link to prescribing information or a medication guide is the manufacturer's own site.
_LABEL_LINK = re.compile(
    r"prescrib\w*[-_ ]?info|[/_-]pi\.pdf|[/_-](?:ppi|uspi|medguide|medication[-_]guide)\b|/pi/|label\w*\.pdf",
    re.IGNORECASE,
)
_LABEL_TEXT = re.compile(r"\b(?:full\s+)?prescribing\s+information\b|\bmedication\s+guide\b", re.IGNORECASE)
_DEFAULT_CONFIDENCE = 0.9


@dataclass(frozen=True)
class LinkOptions:
    """Which targets offend (``targets`` or ``signals``) and which are always fine (``allow``)."""

    targets: tuple[re.Pattern[str], ...]
    allow: tuple[re.Pattern[str], ...]
    signals: tuple[str, ...] = ()


class LinkCheck(Check):
    """Flag links whose target matches; the finding points at the target in the source."""

    kind = "link"
    fields = frozenset({"targets", "allow", "signals"})
    placeholders = frozenset({"match", "drug", "host", "evidence"})

    def __init__(self, rule: Rule, resources: Resources) -> None:
        super().__init__(rule, resources)
        self.sellers: SellerBook = load_sellers(resources.book.sections.get("sellers", []))

    @classmethod
    def parse(cls, spec: Located) -> LinkOptions:
        """Compile ``targets`` and ``allow``; check ``signals`` names. One of the two is needed."""
        signals = tuple(schema.strings(spec, "signals", required=False))
        for name in signals:
            if name not in SIGNALS:
                raise schema.fail(
                    spec, "signals", f"unknown signal {name!r}; expected one of: {', '.join(SIGNALS)}"
                )
        targets = tuple(
            compile_regex(spec, "targets", p) for p in schema.strings(spec, "targets", required=not signals)
        )
        return LinkOptions(
            targets,
            tuple(compile_regex(spec, "allow", p) for p in schema.strings(spec, "allow", required=False)),
            signals,
        )

    def hits(self, article: Article) -> Iterator[Hit]:
        """One hit per offending link."""
        options: LinkOptions = self.rule.options
        trusted = manufacturer_domains(article) if options.signals else frozenset()
        seen: set[tuple[int, str]] = set()
        for link in article.links:
            target = link.target.lower()
            host = host_of(link.target)
            evidence = ""
            if any(p.search(target) for p in options.targets):
                pass
            elif options.signals:
                found = assess(target, self.sellers)
                if not set(found.signals) & set(options.signals):
                    continue
                evidence = found.evidence
                if "listed" not in found.signals and is_legitimate(host, self.sellers, trusted):
                    continue
            else:
                continue
            if any(p.search(target) for p in options.allow):
                continue
            sentence = article.sentence_index(link.anchor)
            if (sentence, target) in seen:
                continue  # <a href="URL">URL</a>: one link, written twice
            seen.add((sentence, target))
            values = {
                "match": link.target,
                "drug": drug_near(article, sentence),
                "host": host,
                "evidence": evidence or "address",
            }
            yield Hit(
                link.anchor,
                link.anchor + 1,
                sentence,
                values,
                (link.start, link.end),
                confidence=_DEFAULT_CONFIDENCE,
                evidence=evidence,
            )


def manufacturer_domains(article: Article) -> frozenset[str]:
    """Registered domains of links to prescribing information: the manufacturer's own site."""
    found = set()
    labelled: dict[int, bool] = {}  # each sentence read once, however many links it holds
    for link in article.links:
        sentence = article.sentence_index(link.anchor)
        if sentence not in labelled:
            labelled[sentence] = _LABEL_TEXT.search(article.sentence_text(sentence)) is not None
        if labelled[sentence] or _LABEL_LINK.search(link.target):
            found.add(registered_domain(host_of(link.target)))
    return frozenset(found)


__all__ = ["LinkCheck", "LinkOptions", "host_of"]
