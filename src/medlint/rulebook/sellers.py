"""Who a link points to: seller signals in a URL, reputation from regulators, legitimacy signals.

Rogue pharmacies put the product in the address ("4xenical.com", "quickrxmeds.com",
"/ch4/pharm/blue") because the mail text is filtered; news links point at manufacturers
("pharma.us.novartis.com"), universities and regulators. Reading a URL as words, not as a
substring soup, keeps those apart: the host is split into labels, each label into letter runs,
digits-for-letters are undone once ("v1agra" → "viagra"), and the words are compared with the
``sellers:`` vocabularies (``rules/sellers.yaml``) by prefix, suffix or containment, never
with a regex per drug. "medschl" does not end in "meds", "hsrxgroup" neither starts nor ends
with "rx", and "pharma" (a manufacturer) is not "pharmacy" (a shop).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from medlint.errors import RuleFileError
from medlint.rulebook import schema
from medlint.rulebook.yamlio import Located

#: Digits and symbols spammers put for letters; undone once per word.
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_LETTERS = re.compile(r"[a-z]+")
#: The signal names ``assess`` reports, for ``signals:`` in link rules.
SIGNALS = ("listed", "drug-host", "seller-host", "commerce-host", "seller-path", "buy-path", "redirect")
_WORDS_KINDS = ("seller", "seller-suffix", "commerce", "path", "drug", "redirect")
#: Second-level labels under which a registered domain has three labels ("nhs.uk", "co.uk").
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "nhs", "edu", "gc", "govt"})


@dataclass(frozen=True)
class Listing:
    """A domain or network named in a regulator's public warning."""

    name: str
    match: tuple[str, ...]
    source: str
    line: int


@dataclass(frozen=True)
class SellerBook:
    """The ``sellers:`` section: vocabularies, listings and legitimacy signals."""

    words: dict[str, frozenset[str]] = field(default_factory=dict)
    listed: tuple[Listing, ...] = ()
    legitimate: tuple[str, ...] = ()

    def vocabulary(self, kind: str) -> frozenset[str]:
        """One word list (empty when the packs define none)."""
        return self.words.get(kind, frozenset())

    @cached_property
    def listed_by_word(self) -> dict[str, int]:
        """Each host word of the listings, with the place of the first listing that names it.

        A link's host and labels are looked up here, instead of every listing being read per link.
        """
        first: dict[str, int] = {}
        for place, item in enumerate(self.listed):
            for token in item.match:
                first.setdefault(token, place)
        return first

    @cached_property
    def dotted(self) -> tuple[tuple[int, str], ...]:
        """The listings' host words with a dot ("pharmacy.example"), each after its listing's place."""
        return tuple(
            (place, token) for place, item in enumerate(self.listed) for token in item.match if "." in token
        )


@dataclass(frozen=True)
class Assessment:
    """What a URL says about its owner."""

    signals: tuple[str, ...]
    evidence: str
    listing: Listing | None = None


def load_sellers(specs: list[Located]) -> SellerBook:
    """Validate the ``sellers:`` entries; every mistake names its file and line."""
    words: dict[str, set[str]] = {}
    listed: list[Listing] = []
    legitimate: list[str] = []
    for spec in specs:
        if "words" in spec:
            schema.only_keys(spec, {"words", "values", "note"}, "a 'sellers: words' entry")
            kind = schema.choice(spec, "words", _WORDS_KINDS)
            words.setdefault(kind, set()).update(v.lower() for v in schema.strings(spec, "values"))
        elif "domain" in spec or "network" in spec:
            key = "domain" if "domain" in spec else "network"
            schema.only_keys(spec, {key, "match", "source"}, f"a 'sellers: {key}' entry")
            name = schema.string(spec, key)
            source = schema.string(spec, "source")
            match = [name.lower()] if key == "domain" else schema.strings(spec, "match")
            for token in match:
                if not re.fullmatch(r"[a-z0-9.-]+", token.lower()):
                    raise schema.fail(spec, "match" if key == "network" else key, f"bad host word {token!r}")
            listed.append(Listing(name, tuple(t.lower() for t in match), source, spec.line))
        elif "legitimate" in spec:
            schema.only_keys(spec, {"legitimate", "source"}, "a 'sellers: legitimate' entry")
            schema.string(spec, "source")
            legitimate.extend(v.lower() for v in schema.strings(spec, "legitimate"))
        else:
            raise RuleFileError(
                spec.path, spec.line, "a 'sellers' entry needs 'words', 'domain', 'network' or 'legitimate'"
            )
    return SellerBook({k: frozenset(v) for k, v in words.items()}, tuple(listed), tuple(legitimate))


def host_of(target: str) -> str:
    """The host name of a URL, bare domains included ("dosepharmacy.com/buy" → dosepharmacy.com)."""
    text = target if "//" in target else "//" + target
    try:
        return (urlsplit(text).hostname or target).lower()
    except ValueError:
        return target.lower()


def registered_domain(host: str) -> str:
    """The registrable part of a host: www.pharma.us.novartis.com → novartis.com, a.ac.uk → a.ac.uk."""
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def is_legitimate(host: str, book: SellerBook, trusted: frozenset[str] = frozenset()) -> bool:
    """A host under a legitimate suffix (".pharmacy", ".gov"), a listed register, or ``trusted``."""
    domain = registered_domain(host)
    if domain in trusted:
        return True
    for entry in book.legitimate:
        if entry.startswith("."):
            if host.endswith(entry) or "." + host == entry:
                return True
        elif host == entry or host.endswith("." + entry):
            return True
    return False


def _words(text: str) -> list[str]:
    """Letter runs of a URL part, lower-cased, digits-for-letters undone inside a word."""
    lowered = text.lower()
    runs = _LETTERS.findall(lowered)
    leet = [w for w in re.findall(r"[a-z0-9@$]+", lowered) if not w.isdigit()]
    undone = [w.translate(_LEET) for w in leet if w.translate(_LEET) != w]
    return runs + undone


def _affixed(word: str, vocabulary: frozenset[str], *, prefix: bool, suffix: bool) -> str | None:
    for item in vocabulary:
        if (word == item or (prefix and word.startswith(item)) or (suffix and word.endswith(item))) and len(
            word
        ) >= len(item):
            return item
    return None


def assess(target: str, book: SellerBook, drug_names: frozenset[str] = frozenset()) -> Assessment:
    """The seller signals of one link target (legitimacy is the caller's question).

    Signals: ``listed`` (a regulator named it), ``drug-host`` (a drug name plus something else
    in a host label: "4xenical", "viagra-online"; a label that is only the brand, "xenical.com",
    is the manufacturer's site), ``seller-host`` ("rx", "meds", "pharmacy"… starting or ending
    a host word), ``commerce-host`` (a shop word in the same host as a seller word),
    ``seller-path`` ("/pharm/", "/meds/"), ``buy-path`` ("/buy-viagra-online"), ``redirect``.
    """
    lowered = target.lower()
    host = host_of(target)
    split = urlsplit(lowered if "//" in lowered else "//" + lowered)
    labels = [label for label in host.split(".")[:-1] if label not in ("www", "")]
    signals: list[str] = []
    evidence: list[str] = []
    places = [book.listed_by_word[word] for word in (host, *labels) if word in book.listed_by_word]
    if not places:
        places = [place for place, token in book.dotted if host.endswith("." + token)]
    listing = book.listed[min(places)] if places else None
    if listing is not None:
        signals.append("listed")
        evidence.append(f"named in {listing.source}")
    drugs = drug_names | book.vocabulary("drug") if drug_names else book.vocabulary("drug")
    drug_label = _drug_in_labels(labels, drugs)
    if drug_label:
        signals.append("drug-host")
        evidence.append(f"drug name in the address ({drug_label})")
    seller = [
        found
        for label in labels
        for word in _words(label)
        if (
            found := _affixed(word, book.vocabulary("seller"), prefix=True, suffix=True)
            or _affixed(word, book.vocabulary("seller-suffix"), prefix=False, suffix=True)
        )
    ]
    if seller:
        signals.append("seller-host")
        evidence.append(f"seller word in the host ({', '.join(sorted(set(seller)))})")
        commerce = book.vocabulary("commerce")
        if len(set(seller)) >= 2 or any(c in label for label in labels for c in commerce):
            signals.append("commerce-host")
    path_words = [w for w in re.split(r"[/._\-]+", split.path) if w]
    if any(w in book.vocabulary("path") for w in path_words):
        signals.append("seller-path")
        evidence.append("seller word in the path")
    buy = {"buy", "order", "cheap", "purchase"}
    if buy & set(path_words) and any(w in drugs for w in path_words):
        signals.append("buy-path")
        evidence.append("sales page path")
    query = split.query
    if any(f"{key}=" in query for key in book.vocabulary("redirect")) and re.search(
        r"=(?:https?(?::|%3a)|www\.)", query
    ):
        signals.append("redirect")
        evidence.append("redirects to another site")
    return Assessment(tuple(signals), "; ".join(evidence), listing)


def _drug_in_labels(labels: list[str], names: frozenset[str]) -> str | None:
    """A drug name inside a host label with something added, or None.

    Each label is read as its letter runs and as its digits-for-letters reading; a name must be
    five letters or more (short names are ordinary words) and must start or end a run:
    "4xenical", "viagra-online", "buyviagra", but not "techspecialist" (which holds "cialis").
    """
    for label in labels:
        for reading in {label, label.translate(_LEET)}:
            for run in _LETTERS.findall(reading):
                if run in names and label != run:
                    return label
                # A name of five letters or more that is a proper prefix or suffix of the run.
                if any(run[:size] in names or run[-size:] in names for size in range(5, len(run))):
                    return label
    return None
