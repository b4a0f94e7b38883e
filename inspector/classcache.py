"""What the classifier learnt about hosts and cookie names, kept between runs.

Most of a first scan's classification time goes into facts that do not change from one run
to the next: a host's registrable domain (Public Suffix List) and the catalogue's owner of
it, and the attribution of a cookie name on a kind of site (catalogue rules, consent names,
heuristics). They are saved after a scan to ``<data folder>/cache/classification`` and
loaded before the next one. The file is tied to everything that decides those answers — the
program version, the catalogue files (overlay and imports included), the heuristics, the
Public Suffix List, the classifier's own source — and is ignored when any of them differs
(inspector.cachefile says how that is checked without reading them all).
It holds host and cookie names (never values), so it is readable by its owner only.

``marshal`` keeps it fast to read and cannot run code when it is read. The facts are kept
as parallel lists — names, then indexes into a table of owners and one of distinct
attributions — so that loading a hundred thousand of them builds no per-fact tuple in
Python: the dictionaries are zipped together in C.
"""

from __future__ import annotations

import sys
from itertools import repeat
from pathlib import Path
from typing import Any

from inspector import cachefile
from inspector.catalogue.compiled import user_files
from inspector.catalogue.matcher import DomainOwner
from inspector.classify import Attribution, Classifier, Confidence, Place
from inspector.guess import Guess
from inspector.purposes import Purpose
from inspector.resources import resource
from inspector.speed import collection_paused

FILE_NAME = "classification"
FORMAT = "classification-4"  # change it with the layout of the file
MAX_ENTRIES = 2_000_000  # beyond this the file would cost more to read than it saves
# the file is pruned to the facts of the last scan's stores when it knows more than this many
# times their hosts (plus a margin): alternating between stores keeps both, the facts about a
# store gone never cost every later run their reading
KEEP_FACTOR = 2
KEEP_EXTRA = 10_000
_SOURCES = (
    "classify.py",
    "classcache.py",
    "catalogue/loader.py",
    "catalogue/model.py",
    "catalogue/compiled.py",
    "catalogue/matcher.py",
    "catalogue/consent_names.py",
    "catalogue/names.py",
    "heuristics.py",
    "psl.py",
    "consent/decode.py",
    "guess.py",
)

# attribution as plain data: organisation id, service id, purpose, confidence, rule text,
# index of the catalogue rule, index of the heuristic, consent platform
Encoded = tuple[str | None, str | None, str, str, str | None, int, int, str | None]

_PURPOSES = {purpose.value: purpose for purpose in Purpose}
_CONFIDENCES = {confidence.value: confidence for confidence in Confidence}


def cache_file(data_dir: Path) -> Path:
    return cachefile.folder(data_dir) / FILE_NAME


def fingerprint(data_dir: Path) -> str:
    """Everything that decides the cached answers, as one digest: the files the catalogue,
    the heuristics and the consent names are read from (the person's overlay and imports
    too), the classifier's own source, the Public Suffix List and the program version."""
    return _key(data_dir).digest


def _key(data_dir: Path) -> cachefile.Key:
    parts = (FORMAT, repr(Attribution._fields), repr(Place._fields), _psl_version())
    files: list[Any] = []
    for folder in ("catalogue", "consent"):
        files.extend(sorted(_walk(resource(folder)), key=str))
    files.append(resource("heuristics.toml"))
    files.append(resource("guess-model.json"))  # the guesses kept with the other facts
    files.extend(cachefile.source_files(*_SOURCES))
    return cachefile.make_key(parts, files, user_files(data_dir))


def _walk(folder: Any) -> list[Any]:
    found = []
    for entry in folder.iterdir():
        if entry.name == "__pycache__":
            continue  # Python's own, written whenever it likes: no part of the data
        if entry.is_dir():
            found.extend(_walk(entry))
        elif entry.is_file():
            found.append(entry)
    return found


def _psl_version() -> str:
    module = sys.modules.get("publicsuffixlist")
    if module is None:
        try:
            import publicsuffixlist as module
        except ImportError:  # pragma: no cover - a dependency
            return ""
    return str(getattr(module, "__version__", ""))


def load(classifier: Classifier, data_dir: Path) -> int:
    """Teach ``classifier`` what an earlier run learnt; returns how many facts were taken
    (0 when there is no usable file: a missing, stale or unreadable one is ignored)."""
    with collection_paused():  # many objects, no cycles: see inspector.speed
        return _load(classifier, data_dir)


def _load(classifier: Classifier, data_dir: Path) -> int:
    saved = cachefile.read(data_dir, FILE_NAME, _key(data_dir))
    if saved is None:
        return 0
    try:
        (
            domains,
            hosts,
            sites,
            host_owners,
            names,
            site_keys,
            owners,
            indexes,
            table,
            guessed,
            partitions,
            partition_sites,
        ) = saved
        known = classifier.matcher.owners
        owner_of = [None, *(known[domain] for domain in domains)]
        decoded = [_decode(classifier, encoded) for encoded in table]
        # zip(strict=True): lists of different lengths are not a file this module wrote
        facts = zip(map(sys.intern, sites), map(owner_of.__getitem__, host_owners), strict=True)
        # the same string objects as the cookies' hosts (the readers intern them too)
        host_facts = dict(zip(map(sys.intern, hosts), facts, strict=True))
        owned = map(owner_of.__getitem__, owners)
        nothing: repeat[str | None] = repeat(None, len(names))  # values are never kept
        keys = zip(map(sys.intern, names), site_keys, owned, nothing, strict=True)
        attributions = dict(zip(keys, map(decoded.__getitem__, indexes), strict=True))
        guesses = _decode_guesses(guessed)
        partition_facts = dict(zip(partitions, partition_sites, strict=True))
        if not set(map(type, partition_sites)) <= {str}:
            raise TypeError("not a site")
    except (ValueError, TypeError, KeyError, IndexError):
        return 0
    classifier.remember_hosts(host_facts)
    classifier.remember_attributions(attributions)
    classifier.remember_guesses(guesses)
    classifier.remember_partitions(partition_facts)
    classifier.remembered = (
        len(host_facts) + len(attributions) + len(guesses) + len(partition_facts)
    )
    return classifier.remembered


def save(classifier: Classifier, data_dir: Path) -> None:
    """Keep what ``classifier`` learnt for the next run (best effort: a failure to write
    only costs the next run its head start)."""
    pruned = False
    if classifier.seen_hosts and len(classifier.known_hosts()) > (
        KEEP_FACTOR * len(classifier.seen_hosts) + KEEP_EXTRA
    ):
        # mostly hosts the stores no longer hold (a profile emptied or gone, a huge store
        # scanned once): keep what this run's stores need, not every host ever met
        classifier.forget_unseen()
        pruned = True
    known = classifier.known_hosts()
    # values never leave memory: only what was learnt from names is kept
    learnt = sum(1 for key, _ in classifier.known_attributions() if key[3] is None)
    learnt += len(classifier.known_guesses()) + len(classifier.known_partitions())
    if len(known) + learnt == classifier.remembered and not pruned:
        return  # nothing new since the file was read
    if len(known) + learnt > MAX_ENTRIES:
        return
    with collection_paused():  # many objects, no cycles: see inspector.speed
        _save(classifier, data_dir, known)


def _save(
    classifier: Classifier, data_dir: Path, known: dict[str, tuple[str, DomainOwner | None]]
) -> None:
    attributions = [
        (name, site_key, owner.domain if owner else None, attribution)
        for (name, site_key, owner, value), attribution in classifier.known_attributions()
        if value is None
    ]
    domains: dict[str | None, int] = {None: 0}

    def domain_index(domain: str | None) -> int:
        found = domains.get(domain)
        if found is None:
            found = domains[domain] = len(domains)
        return found

    strings: dict[str, str] = {}  # one object per distinct site: marshal writes it once
    hosts, sites, host_owners = [], [], []
    for host, (site, owner) in known.items():
        hosts.append(host)
        sites.append(strings.setdefault(site, site))
        host_owners.append(domain_index(owner.domain if owner else None))
    encode = _encoder(classifier)
    table: dict[Encoded, int] = {}
    names, site_keys, owners, indexes = [], [], [], []
    for name, site_key, domain, attribution in attributions:
        encoded = encode(attribution)
        index = table.get(encoded)
        if index is None:
            index = table[encoded] = len(table)
        names.append(name)
        site_keys.append(strings.setdefault(site_key, site_key))
        owners.append(domain_index(domain))
        indexes.append(index)
    data = (
        [domain for domain in domains if domain is not None],
        hosts,
        sites,
        host_owners,
        names,
        site_keys,
        owners,
        indexes,
        list(table),
        _encode_guesses(classifier.known_guesses()),
        list(classifier.known_partitions()),
        list(classifier.known_partitions().values()),
    )
    cachefile.write(data_dir, FILE_NAME, _key(data_dir), data)


def _encoder(classifier: Classifier) -> Any:
    """Attribution → plain data, each distinct attribution object encoded once."""
    rules = {id(rule): index for index, rule in enumerate(classifier.catalogue.rules)}
    heuristics = {id(h): index for index, h in enumerate(classifier.heuristics._entries)}
    done: dict[int, Encoded] = {}

    def encode(attribution: Attribution) -> Encoded:
        found = done.get(id(attribution))
        if found is None:
            organization, service = attribution.organization, attribution.service
            rule, heuristic = attribution.rule_entry, attribution.heuristic
            found = done[id(attribution)] = (
                organization.id if organization else None,
                service.id if service else None,
                attribution.purpose.value,
                attribution.confidence.value,
                attribution.rule,
                rules[id(rule)] if rule is not None else -1,
                heuristics[id(heuristic)] if heuristic is not None else -1,
                attribution.consent_platform,
            )
        return found

    return encode


def _decode(classifier: Classifier, encoded: Encoded) -> Attribution:
    catalogue = classifier.catalogue
    organization_id, service_id, purpose, confidence, rule, rule_index, heuristic, platform = (
        encoded
    )
    return Attribution(
        catalogue.organizations[organization_id] if organization_id is not None else None,
        catalogue.services[service_id] if service_id is not None else None,
        _PURPOSES[purpose],
        _CONFIDENCES[confidence],
        rule,
        catalogue.rules[rule_index] if rule_index >= 0 else None,
        classifier.heuristics._entries[heuristic] if heuristic >= 0 else None,
        platform,
    )


def _encode_guesses(
    guesses: dict[tuple[str, str, bool], Guess | None],
) -> tuple[list[str], list[str], list[bool], list[str | None], list[float]]:
    """The second opinion's answers as parallel lists: name, lifetime bucket, shared, then
    the purpose guessed (None: no guess) and its probability."""
    names, buckets, shared, purposes, probabilities = [], [], [], [], []
    for (name, bucket, is_shared), found in guesses.items():
        names.append(name)
        buckets.append(bucket)
        shared.append(is_shared)
        purposes.append(found.purpose.value if found is not None else None)
        probabilities.append(found.probability if found is not None else 0.0)
    return names, buckets, shared, purposes, probabilities


def _decode_guesses(saved: Any) -> dict[tuple[str, str, bool], Guess | None]:
    names, buckets, shared, purposes, probabilities = saved
    answers = [
        None if purpose is None else Guess(_PURPOSES[purpose], float(probability))
        for purpose, probability in zip(purposes, probabilities, strict=True)
    ]
    # the types checked per list, in C (marshal gives exactly these types, no subclasses)
    texts = set(map(type, names)) | set(map(type, buckets))
    if not texts <= {str} or not set(map(type, shared)) <= {bool}:
        raise TypeError("not a guess of this program's")
    return dict(zip(zip(names, buckets, shared, strict=True), answers, strict=True))
