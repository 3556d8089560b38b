"""Giving before asking: the introductions needs and offers suggest, and recording one made (needs and offers
themselves are journal/giving.py).

The matcher puts every open need against what other people can give: their open offers, their role, their
company and their tags. Text is compared as words: case and accents ignored, stop words dropped, each word
reduced to its stem by the Snowball English stemmer (`designer`, `designers` and `design` meet). A word
counts by how rare it is among everyone's offers, roles, companies and tags (idf), times how much its source
says (an offer says most, a company least). A suggestion must answer a third of the need's words and a
good share of their rarity, mostly from offers, roles or tags: one word of a long need, or a company name
alone, suggests nothing; of the rest, each need keeps its few best. Pairs already introduced (a favor
given that introduced them) or dismissed (a reminder dropped for good) never come back.

A word held by more than CROWD people (a tag everyone has) is read only for the people the need's rarer
words found and its CROWD strongest holders (offers first), so one common word does not make every need
cost a pass over everyone. The result depends only on the journal, so it is kept beside it for the
version it was computed from (`give.N.json`, N the matcher's version), and carried over to the next
version by a change that touches nothing it depends on (a `kith log`): `kith due` pays for it only after
a change to people, needs, offers or introductions. Even then it does not read everyone again: what the
matcher reads (everyone numbered in uid order, who holds each company, role and tag, the open needs and
offers, the pairs made and dismissed, each text's words) is kept too (`give.N.inputs.json`) and brought up
to date from the change log, and it is matched reading only the words the needs ask for. Who answers the
needs asking in some words best is kept with the result, and a change that moved none of those words
(nobody gained or lost a place holding one) leaves it as it was: a person added as "CTO at Acme" has needs
asking for a designer matched again only if the count of people who hold any word changed, and that count
is taken to DOCUMENTS_DIGITS significant digits, so at 30k people it changes once in a few dozen people
added, not with each. Every tie is broken by text or uid, never by the order records are stored in, so
that kept inputs brought up to date give exactly what reading the journal again gives
(tests/test_giving_kept.py).
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from datetime import date
from typing import Any

from journal.errors import Conflict, NotFound, RecordDamaged, UserError
from journal.giving import close, need_phrase, open_ones
from journal.journal import Journal
from journal.model import Favor, Interaction, Need, NeedOrOffer, Offer, Person, Record, normalise
from journal.store.changes import Change, Op

SOURCES = {"offer": 1.0, "tag": 0.6, "role": 0.5, "company": 0.3}  # how much a word found there says
MIN_WORDS = 3  # a suggestion answers at least one in three of a need's words…
MIN_SHARE = 0.34  # …and this share (by rarity) of the need's words that anyone has
MIN_WEIGHT = 0.5  # and the average weight of the places they were found: an offer, role or tag, not a company
MATCHER = 6  # bump when the matching changes: give.json of another matcher is computed again
DOCUMENTS_DIGITS = 3  # how many significant digits of the count of people holding words the rarity of a word reads
PER_NEED = 5  # the best answers kept for each need
CROWD = 500  # a word held by more people is read for its strongest holders and those its rarer words found
CLEAR = 1000  # the most held companies, roles and tags whose words no need asks for, kept with the suggestions
KEPT = 100  # suggestions kept in give.json; Today shows the first few that are not snoozed
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers him his how i if in into is it its just me more most my no nor not now of off on once only or other our
    out over own same she should so some such than that the their them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with would you your
    someone somebody something anyone anybody looking look need needs needed want wants wanted wanting seek seeks
    seeking find finding hire hires hiring help good great new intro introduction introduce introductions get
    like would please maybe kind sort person people us also etc via per""".split()
)
_WORD = re.compile(r"[^\W_]+")
_STEMS: dict[str, str] = {}


def pair_uid(a: str, b: str) -> str:
    """The stable name of a pair of people, whichever way round: the uid of their `introduce` reminder."""
    import hashlib  # here: loading it costs every `kith show` 10 ms, and few ask for a pair

    first, second = sorted((a, b))
    return hashlib.md5(f"{first}{second}".encode(), usedforsecurity=False).hexdigest()


def words(text: str) -> list[str]:
    """The stems of the words in `text` that say something, in order, each once."""
    stem = _stemmer()
    found: dict[str, None] = {}
    for word in _WORD.findall(normalise(text)):
        if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        stemmed = _STEMS.get(word)
        if stemmed is None:
            stemmed = _STEMS[word] = stem(word)
        found[stemmed] = None
    return list(found)


def _stemmer() -> Any:
    """The Snowball English stemmer's one-word function, imported only when text is compared."""
    global _STEM
    if _STEM is None:
        from snowballstemmer.english_stemmer import EnglishStemmer  # type: ignore[import-untyped]

        _STEM = EnglishStemmer().stemWord
    return _STEM


_STEM: Any = None


# introductions you could make


@dataclass(frozen=True)
class Suggestion:
    """An introduction worth making: someone with a need, and someone whose offer (or role, company, tags)
    answers it."""

    need: str  # the need's uid
    person: str  # who needs it
    other: str  # who can give it
    source: str  # offer, role, company or tag: where the words were found
    matched: str  # the offer's, role's, company's or tag's text
    offer: str | None  # the offer's uid, when it was an offer
    score: float

    @property
    def uid(self) -> str:
        """The pair's uid, the `introduce` reminder's."""
        return pair_uid(self.person, self.other)

    def to_doc(self) -> dict[str, Any]:
        """The form kept in give.json."""
        return {
            "need": self.need,
            "person": self.person,
            "other": self.other,
            "source": self.source,
            "matched": self.matched,
            "offer": self.offer,
            "score": self.score,
        }


def suggestions(journal: Journal) -> list[Suggestion]:
    """Introductions worth making, best first (each need's best before any need's second): one per pair of
    people, none already made or dismissed."""
    if not any(r.closed is None for r in journal.records(Need)):
        return []  # the common case costs one pass over the needs: nothing to match
    if journal.files.writing:  # inside a change the cache's key is the version before it
        return _suggest(journal)
    from journal.store.index import derived

    try:
        kept = derived(
            journal.files,
            f"give.{MATCHER}.json",
            lambda: _kept(_kept_inputs(journal)),
            update=lambda kept, changes: _rematched(kept, changes, journal),
        )
        return [Suggestion(**doc) for doc in kept["found"]]
    except (KeyError, TypeError, ValueError, AttributeError):  # a kept file damaged by hand
        return _suggest(journal)


# who answers a need asking in some words (joined by spaces) best: the `limit` it was ranked for, and the best
# that many, best first, each as [minus the score, uid, and the place they answer it best: source, text, offer]
# (kept in JSON, the pair is a list of two)
Rankings = dict[str, tuple[int, list[list[Any]]]]


def _kept(inputs: dict[str, Any], reusable: tuple[int | None, Rankings] | None = None) -> dict[str, Any]:
    """What give.N.json keeps: the suggestions; who answers each need's words best, for the count of people
    holding words they were ranked with (see `_matching`); what that count can be since (`span`: it was
    exact, and each person moving between places since may have changed it by one); and the CLEAR most held
    places' texts that have no word a need asks for (see `_unmoved`)."""
    found, giving, rankings = _matching(inputs, reusable)
    asked = {word for key in rankings for word in key.split()}
    stems: dict[str, list[str]] = inputs["stems"]
    held = [(len(numbers), text) for source in PERSONAL for text, numbers in inputs["held"][source].items()]
    clear = {text for _, text in heapq.nlargest(CLEAR, held) if asked.isdisjoint(stems[text])}
    return {
        "found": [s.to_doc() for s in found],
        "documents": giving and giving.documents,
        "span": giving and [giving.counted, giving.counted],
        "clear": sorted(clear),
        "ranked": rankings,
    }


def _rematched(kept: dict[str, Any], changes: list[Change], journal: Journal) -> dict[str, Any] | None:
    """Suggestions kept for an older version, as the changes since left them: the same, when the changes
    touched nothing they depend on; else matched again from the kept inputs, reusing who answers best the
    needs asking in words no change moved."""
    if _untouched(changes):
        return kept
    if (unmoved := _unmoved(kept, changes)) is not None:
        return unmoved
    inputs = _kept_inputs(journal)
    stems: dict[str, list[str]] = inputs["stems"]
    moved = {word for text in _texts_moved(changes, inputs) for word in stems.get(text) or words(text)}
    rankings: Rankings = kept["ranked"]
    reusable = {key: ranked for key, ranked in rankings.items() if moved.isdisjoint(key.split())}
    return _kept(inputs, (kept["documents"], reusable))


def _untouched(changes: list[Change]) -> bool:
    """Whether the changes touched nothing the suggestions depend on: people's roles, companies, tags and
    archiving, needs, offers, introductions made and dismissed. A `kith log`, a promise, a thank-you, a rename,
    a note, a person added with nothing to give yet leave them as they were."""
    ops = [op for change in changes for op in change.ops]
    return not any(op.table == "people" and _gives(op.before) != _gives(op.after) for op in ops) and not any(
        map(_asks_or_gives, ops)
    )


def _asks_or_gives(op: Op) -> bool:
    """Whether a change of a record other than a person's reaches the suggestions: a need or offer, an
    introduction made (a favor that introduced) or dismissed."""
    docs = [doc for doc in (op.before, op.after) if isinstance(doc, dict)]
    if op.table in ("needs", "offers"):
        return True
    if op.table == "favors":
        return any(doc.get("introduced") for doc in docs)
    return op.table == "snoozes" and any(str(doc.get("key", "")).startswith("introduce:") for doc in docs)


def _unmoved(kept: dict[str, Any], changes: list[Change]) -> dict[str, Any] | None:
    """The suggestions kept, as they are, when the changes only moved people between places that have no word a
    need asks for (kept as `clear`: the benchmark's CTO at Acme added) and the count of people holding words
    cannot have left its rounding: then not even the matcher's inputs are read. None otherwise, and when a
    person who was there before came or went (their offers, kept in the inputs, come or go with them)."""
    ops = [op for change in changes for op in change.ops]
    span, clear = kept.get("span"), set(kept.get("clear") or ())
    if any(map(_asks_or_gives, ops)) or not (isinstance(span, list) and len(span) == 2):
        return None
    moved = _moved(ops)
    for existed, before, after in moved.values():
        if (before is None) != (after is None) and existed:
            return None
        if not {text for _, text in set(before or ()) ^ set(after or ())} <= clear:
            return None
    low, high = span[0] - len(moved), span[1] + len(moved)
    if not _rounded(low) == _rounded(high) == kept["documents"]:
        return None
    return {**kept, "span": [low, high]}


def _texts_moved(changes: list[Change], inputs: dict[str, Any]) -> set[str]:
    """The texts (of companies, roles, tags, offers) someone began or stopped holding in the changes: a word
    of no other text has the same holders as before. `inputs`: the matcher's, as the changes left them (a
    person archived or brought back took or brings their open offers with them)."""
    ops = [op for change in changes for op in change.ops]
    texts: set[str] = set()
    for op in ops:
        if op.table == "offers":
            texts.update(doc["what"] for doc in (op.before, op.after) if isinstance(doc, dict) and "what" in doc)
    standing = set()  # came or went: numbered now and not before, or the other way round
    for uid, (_, before, after) in _moved(ops).items():
        texts.update(text for _, text in set(before or ()) ^ set(after or ()))
        if (before is None) != (after is None):
            standing.add(uid)
    texts.update(what for person, what in inputs["offers"].values() if person in standing)
    return {text for text in texts if isinstance(text, str)}


Places = list[tuple[str, str]] | None  # a person's places (`_places_of`): None for someone archived or no one


def _moved(ops: list[Op]) -> dict[str, tuple[bool, Places, Places]]:
    """Everyone whose places the ops changed: whether they were in the journal before the first op, their places
    then and after the last op."""
    first: dict[str, Any] = {}
    last: dict[str, Any] = {}
    for op in ops:
        if op.table == "people":
            first.setdefault(op.uid, op.before)
            last[op.uid] = op.after
    found = {uid: (doc is not None, _places_of(doc), _places_of(last[uid])) for uid, doc in first.items()}
    return {uid: moved for uid, moved in found.items() if moved[1] != moved[2]}


def _gives(doc: dict[str, Any] | None) -> tuple[Any, ...] | None:
    """What of a stored person the matcher reads: their company, role and tags, or that they are archived (their
    needs drop out). A person with none of these reads as someone absent: they answer nothing, and a need of
    theirs comes as a record of its own."""
    if not isinstance(doc, dict):
        return None
    if doc.get("archived"):
        return ("archived",)
    found = (doc.get("company") or "", doc.get("role") or "", doc.get("tags") or [])
    return found if any(found) else None


def _suggest(journal: Journal) -> list[Suggestion]:
    """The introductions the matcher finds, computed from the journal as it is (nothing kept is read)."""
    return _matched(_inputs(journal))


# what the matcher reads: computed from the journal once, then brought up to date from the changes


def _kept_inputs(journal: Journal) -> dict[str, Any]:
    """The matcher's inputs for the version read, kept in give.N.inputs.json and brought up to date from the
    changes since the version they were kept for: at 30k people reading everyone's company, role and tags
    from the people's parts is most of what matching costs."""
    from journal.store.index import derived

    return derived(
        journal.files,
        f"give.{MATCHER}.inputs.json",
        lambda: _inputs(journal),
        update=lambda kept, changes: _applied(kept, changes, journal),
    )


def _inputs(journal: Journal) -> dict[str, Any]:
    """What the matcher reads from the journal, as JSON: everyone not archived (`people`, by uid: a person is
    their number in it), who holds each company, role and tag (`held`: source, text, numbers), the open needs
    and offers by uid, and the introductions made (the pair of each favor that made one) and dismissed."""
    people, held = _held(journal)
    needs = {r.uid: [r.person, r.what, r.added] for r in journal.records(Need) if r.closed is None}
    offers = {r.uid: [r.person, r.what] for r in journal.records(Offer) if r.closed is None}
    return {
        "people": people,
        "held": held,
        "needs": needs,
        "offers": offers,
        "made": {f.uid: pair_uid(f.person, f.introduced) for f in journal.records(Favor) if f.introduced},
        "dismissed": sorted(dismissed_pairs(journal)),
        "stems": _stems(held, needs, offers, {}),
    }


def _held(journal: Journal, *, archived: bool = False) -> tuple[list[str], dict[str, dict[str, list[int]]]]:
    """Everyone not archived (unless asked) in uid order, and who holds each company, role and tag, by source
    and text (a person as their number in that order), read from the stored records without building anyone."""
    standing = {
        uid: places for uid, doc in journal.stored(Person).items() if (places := _places_of(doc, archived)) is not None
    }
    people = sorted(standing)
    held: dict[str, dict[str, list[int]]] = {source: {} for source in PERSONAL}
    for number, uid in enumerate(people):
        for source, text in standing[uid]:
            held[source].setdefault(text, []).append(number)
    return people, held


def _personal(held: dict[str, dict[str, list[int]]]) -> dict[Place, list[int]]:
    """Who holds each company, role and tag, as places."""
    return {(source, text, None): numbers for source in PERSONAL for text, numbers in held[source].items()}


def _stems(
    held: dict[str, dict[str, list[int]]],
    needs: dict[str, list[str]],
    offers: dict[str, list[str]],
    kept: dict[str, Any],
) -> dict[str, list[str]]:
    """The words of each text the matcher reads (companies, roles, tags, needs, offers), those of `kept` taken as
    they are: a matching whose texts were all read before never loads the stemmer."""
    texts = [text for source in PERSONAL for text in held[source]] + [r[1] for r in (*needs.values(), *offers.values())]
    return {text: kept[text] if text in kept else words(text) for text in texts}


PERSONAL = ("company", "role", "tag")  # the places a person's words are found besides their offers


def _places_of(doc: Any, archived: bool = False) -> list[tuple[str, str]] | None:
    """A stored person's places: (source, text) of their company, role and each tag; None for someone archived
    (unless asked) or no one, who neither answers nor asks. Read leniently, as the stored form comes, without
    building them."""
    if not isinstance(doc, dict) or (doc.get("archived") and not archived):
        return None
    company, role, tags = doc.get("company"), doc.get("role"), doc.get("tags")
    found = dict.fromkeys(
        [("company", company), ("role", role), *(("tag", tag) for tag in (tags if isinstance(tags, list) else ()))]
    )
    return [(source, text) for source, text in found if isinstance(text, str) and text]


def _number(people: list[str], uid: str) -> int:
    """A person's number in the sorted `people`; -1 for someone not there (archived, or no one)."""
    at = bisect_left(people, uid)
    return at if at < len(people) and people[at] == uid else -1


def _applied(kept: dict[str, Any], changes: list[Change], journal: Journal) -> dict[str, Any] | None:
    """The matcher's inputs kept for an older version, as the changes since left them: people added, removed and
    moved between the places they hold, needs and offers opened and closed, introductions made and dismissed.
    None when the kept inputs do not hold a person where a change says they were (they are computed again).
    The kept value is shared with the file's reader: what changes is copied first."""
    people: list[str] = kept["people"]
    held: dict[str, dict[str, list[int]]] = {source: dict(kept["held"][source]) for source in PERSONAL}
    needs, offers, made = dict(kept["needs"]), dict(kept["offers"]), dict(kept["made"])
    dismissed = kept["dismissed"]
    ops = [op for change in changes for op in change.ops]
    for op in ops:
        if op.table in ("needs", "offers"):
            table, kind = (needs, Need) if op.table == "needs" else (offers, Offer)
            table.pop(op.uid, None)
            record = _loaded(kind, op.after)
            if isinstance(record, NeedOrOffer) and record.closed is None:
                table[record.uid] = [record.person, record.what, record.added][: 3 if kind is Need else 2]
        elif op.table == "favors":
            made.pop(op.uid, None)
            favor = _loaded(Favor, op.after)
            if isinstance(favor, Favor) and favor.introduced:
                made[favor.uid] = pair_uid(favor.person, favor.introduced)
        elif op.table == "snoozes" and any(
            str(doc.get("key", "")).startswith("introduce:") for doc in (op.before, op.after) if isinstance(doc, dict)
        ):
            dismissed = sorted(dismissed_pairs(journal))  # the journal read is the version the changes end at
    moved = _moved(ops)  # each person's places before the changes, and after
    first, last = {uid: m[1] for uid, m in moved.items()}, {uid: m[2] for uid, m in moved.items()}
    touched: dict[tuple[str, str], set[int]] = {}  # the places whose holders change, as sets of our own
    for uid in moved:  # out of the places they held
        number, places = _number(people, uid), first[uid]
        if (number < 0) != (places is None):
            return None
        for source, text in places or ():
            holders = held[source].get(text, [])
            at = bisect_left(holders, number)
            if at == len(holders) or holders[at] != number:
                return None
            touched.setdefault((source, text), set(holders)).discard(number)
    came, went = [uid for uid in moved if first[uid] is None], [uid for uid in moved if last[uid] is None]
    if came or went:  # everyone is numbered again, in uid order (which keeps each place's numbers in order)
        renumbered, now = _renumbered(people, came, went)
        for source in PERSONAL:
            for text, holders in held[source].items():
                if (source, text) in touched:
                    touched[(source, text)] = set(map(renumbered.__getitem__, touched[(source, text)]))
                else:
                    held[source][text] = list(map(renumbered.__getitem__, holders))
        people = now
    for uid in moved:  # into the places they hold now
        number = _number(people, uid)
        for source, text in last[uid] or ():
            place = (source, text)
            if place not in touched:
                touched[place] = set(held[source].get(text, ()))
            touched[place].add(number)
    for (source, text), numbers in touched.items():
        if numbers:
            held[source][text] = sorted(numbers)
        else:
            del held[source][text]
    stems = _stems(held, needs, offers, kept["stems"])
    return {
        "people": people,
        "held": held,
        "needs": needs,
        "offers": offers,
        "made": made,
        "dismissed": dismissed,
        "stems": stems,
    }


def _renumbered(people: list[str], came: list[str], went: list[str]) -> tuple[list[int], list[str]]:
    """Everyone's new number (-1: gone) once some came and some went, and everyone after, in uid order. Built
    a stretch of unchanged order at a time: at 30k people a pass per person costs more than the matching."""
    marks = sorted([(bisect_left(people, uid), 0) for uid in came] + [(_number(people, uid), 1) for uid in went])
    renumbered: list[int] = []
    start = shift = 0
    for at, gone in marks:  # one who came before the one at `at` moves them and all after up one
        renumbered.extend(range(start + shift, at + shift))
        start = at
        if gone:
            renumbered.append(-1)
            start, shift = at + 1, shift - 1
        else:
            shift += 1
    renumbered.extend(range(start + shift, len(people) + shift))
    now = list(people)
    for at in sorted((at for at, gone in marks if gone), reverse=True):
        del now[at]
    for uid in came:
        insort(now, uid)
    return renumbered, now


def _loaded(kind: type[Record], doc: Any) -> Record | None:
    """A record from its stored form in a change, as the journal builds it; None when it was removed, or does not
    fit the model (the journal skips it)."""
    if doc is None:
        return None
    try:
        return kind.load(doc)
    except RecordDamaged:
        return None


# matching


def _matched(inputs: dict[str, Any]) -> list[Suggestion]:
    """The introductions worth making that the matcher finds in its inputs (see `_inputs`), best first, at most
    KEPT."""
    return _matching(inputs)[0]


def _matching(
    inputs: dict[str, Any], reusable: tuple[int | None, Rankings] | None = None
) -> tuple[list[Suggestion], _Giving | None, Rankings]:
    """The introductions `_matched` finds, with what everyone can give (`_Giving`: the count of people holding
    words they were ranked with) and who answers the needs asking in each set of words best (`Rankings`).
    Needs asking in the same words share the work of finding who answers them. `reusable`: such a count and
    rankings kept from before, each still true of the inputs if the count is the same (the caller dropped
    those of words a change moved)."""
    people: list[str] = inputs["people"]
    needs = sorted(
        (
            (uid, person, what, added)
            for uid, (person, what, added) in inputs["needs"].items()
            if _number(people, person) >= 0
        ),
        key=lambda need: (need[3], need[0]),
    )
    if not needs:
        return [], None, {}
    places = _personal(inputs["held"])
    offered = ((uid, _number(people, person), what) for uid, (person, what) in inputs["offers"].items())
    places.update({("offer", what, uid): [number] for uid, number, what in offered if number >= 0})
    stems: dict[str, list[str]] = inputs["stems"]
    giving = _giving(people, places, stems)
    done = set(inputs["made"].values()) | set(inputs["dismissed"])
    limit = PER_NEED + len(done) + 1  # the best few, and enough more to skip the asker and the pairs done
    kept = reusable[1] if reusable is not None and reusable[0] == giving.documents else {}
    rankings: Rankings = {}
    best: dict[str, tuple[Suggestion, str]] = {}  # by the pair's uid
    for uid, person, what, _ in needs:
        key = " ".join(stems[what])
        if key not in rankings:
            before = kept.get(key)
            rankings[key] = before if before is not None and before[0] >= limit else _ranking(key, giving, limit)
        for suggestion, pair in _answers(uid, person, rankings[key][1], done):
            found = best.get(pair)
            if found is None or suggestion.score > found[0].score:
                best[pair] = (suggestion, pair)
    # each need's best answer before any need's second: a few needs with many answers do not fill Today
    ranked = sorted(best.values(), key=lambda found: (-found[0].score, found[0].need, found[0].other))
    rank: dict[str, int] = {}
    rounds = {}
    for suggestion, pair in ranked:
        rounds[pair] = rank[suggestion.need] = rank.get(suggestion.need, -1) + 1
    ranked.sort(key=lambda found: rounds[found[1]])
    return [suggestion for suggestion, _ in ranked[:KEPT]], giving, rankings


def _ranking(key: str, giving: _Giving, limit: int) -> tuple[int, list[list[Any]]]:
    """Who answers a need asking in the words of `key` best, the `limit` best (see `Rankings`)."""
    ranked, rarity = _ranked(tuple(key.split()), giving, limit)
    return limit, [[negative, giving.people[n], *_best_place(n, rarity, giving)] for negative, n in ranked]


# a place a word is found: (source, text, offer uid or None)
Place = tuple[str, str, str | None]


@dataclass(frozen=True)
class _Giving:
    """What everyone can give, read word by word as needs ask: everyone by number (their uids in order), who
    holds each place, the places of each word (weakest first), and, built once a need asks for a word, its
    holders (each with their strongest place) and, for a word a crowd holds, its CROWD strongest holders."""

    people: list[str]
    places: dict[Place, list[int]]
    by_word: dict[str, list[Place]]
    counted: int  # how many people hold a word anywhere
    found: dict[str, dict[int, tuple[float, Place]]]
    strongest: dict[str, list[int]]

    @property
    def documents(self) -> int:
        """How many people hold a word anywhere, to DOCUMENTS_DIGITS significant digits, as a word's rarity reads
        it: one person more or less changes no ranking kept (`Rankings`) but those of the words they hold."""
        return _rounded(self.counted)

    def postings(self, word: str) -> dict[int, tuple[float, Place]]:
        """Everyone who holds a word, with the weight and place where it says most (of equally strong places,
        the last by text, so the result does not depend on the order records are stored in)."""
        postings = self.found.get(word)
        if postings is None:
            postings = self.found[word] = {}
            for place in self.by_word[word]:  # from the weakest: a stronger place wins
                postings.update(dict.fromkeys(self.places[place], (SOURCES[place[0]], place)))
        return postings

    def strongest_of(self, word: str) -> list[int]:
        """The CROWD people who hold a common word where it says most (offers first), then by uid."""
        kept = self.strongest.get(word)
        if kept is None:
            kept = self.strongest[word] = []
            seen: set[int] = set()
            places = self.by_word[word]
            for weight in sorted({SOURCES[place[0]] for place in places}, reverse=True):
                level = set().union(*(self.places[p] for p in places if SOURCES[p[0]] == weight)) - seen
                kept += sorted(level)
                seen |= level
                if len(kept) >= CROWD:
                    break
            del kept[CROWD:]
        return kept


def _giving(people: list[str], places: dict[Place, list[int]], stemmed: dict[str, list[str]]) -> _Giving:
    """What everyone can give, from who holds each place (people by their number in `people`, uids in order)
    and the words of each place's text. Roles, companies and tags repeat: each text is read once for all who
    hold it."""
    by_word: dict[str, list[Place]] = {}
    holding = []
    for place in sorted(places, key=lambda p: (SOURCES[p[0]], p[1], p[2] or "")):
        stems = stemmed[place[1]] if places[place] else []
        if stems:
            holding.append(places[place])
        for word in stems:
            by_word.setdefault(word, []).append(place)
    return _Giving(people, places, by_word, len(set().union(*holding)), {}, {})


def _rounded(count: int) -> int:
    """A count to DOCUMENTS_DIGITS significant digits: 30,041 is 30,000."""
    return round(count, min(0, DOCUMENTS_DIGITS - len(str(abs(count)))))


def _ranked(
    wanted: tuple[str, ...], giving: _Giving, limit: int | None
) -> tuple[list[tuple[float, int]], dict[str, float]]:
    """Who answers a need asking in these words enough to be suggested, as (minus the score, number), the `limit`
    best first (all, in no order, without one), and the rarity of each word someone holds.

    Enough is three things: the words found are a third of the need's words or more (MIN_WORDS); they cover
    a good share of the need's words that anyone has (MIN_SHARE, by rarity); and they were found, on average,
    where they say something (an offer, a role, a tag: MIN_WEIGHT, so a company name alone is not enough)."""
    documents = giving.documents
    sizes = {w: len(giving.postings(w)) for w in wanted if w in giving.by_word}
    # (a count rounded down may be below a word's holders: the word is then taken as held by everyone)
    rarity = {w: math.log((max(documents, size) + 1) / (size + 0.5)) for w, size in sizes.items()}
    findable = sum(rarity.values())
    if not findable:
        return [], rarity
    found: dict[int, list[float]] = {}  # number -> [score, rarity covered, words matched]
    for word in sorted(rarity, key=sizes.__getitem__):  # the rarest first: they find the candidates
        idf, postings = rarity[word], giving.postings(word)
        if len(postings) > CROWD:  # a word thousands hold: for those found already, and its strongest holders
            holders = [(uid, postings[uid]) for uid in {**found, **dict.fromkeys(giving.strongest_of(word))}
                       if uid in postings]  # fmt: skip
        else:
            holders = list(postings.items())
        for uid, (weight, _) in holders:
            held = found.get(uid)
            if held is None:
                found[uid] = [weight * idf, idf, 1.0]
            else:
                held[0] += weight * idf
                held[1] += idf
                held[2] += 1.0
    least, share = len(wanted) / MIN_WORDS, MIN_SHARE * findable
    good = [
        (-held[0], uid)
        for uid, held in found.items()
        if held[2] >= least and held[1] >= share and held[0] >= MIN_WEIGHT * held[1]
    ]
    # the best few: a full sort of thousands is slow
    return (good if limit is None else heapq.nsmallest(limit, good)), rarity


def _answers(need: str, person: str, ranked: list[list[Any]], done: set[str]) -> list[tuple[Suggestion, str]]:
    """The PER_NEED best answers to one need of a person, each with the pair's uid, from those who answer its
    words best (a ranking of `Rankings`): not the person themselves, nor anyone they were introduced to or whose
    introduction was dismissed."""
    out: list[tuple[Suggestion, str]] = []
    for negative, other, source, text, offer in ranked:
        if other == person or (pair := pair_uid(person, other)) in done:
            continue
        out.append((Suggestion(need, person, other, source, text, offer, round(-negative, 3)), pair))
        if len(out) == PER_NEED:
            break
    return out


def _best_place(number: int, rarity: dict[str, float], giving: _Giving) -> Place:
    """Where a person's words answer a need most: an offer, their role, company or a tag."""
    places: dict[Place, float] = {}
    for word, idf in rarity.items():
        held = giving.postings(word).get(number)
        if held is not None:
            places[held[1]] = places.get(held[1], 0.0) + held[0] * idf
    return max(places, key=lambda place: (places[place], SOURCES[place[0]]))


def made_pairs(journal: Journal) -> set[str]:
    """The pairs I introduced: a favor given that introduced one to the other."""
    return {pair_uid(f.person, f.introduced) for f in journal.records(Favor) if f.introduced}


def dismissed_pairs(journal: Journal) -> set[str]:
    """The pairs whose introduction was dismissed for good."""
    return {
        key.partition(":")[2] for key, until in journal.snoozes().items() if until is None and key[:10] == "introduce:"
    }


def describe(journal: Journal, suggestion: Suggestion) -> str:
    """`Introduce Tom Baker (brand design) to Ana López (needs a freelance designer)`."""
    need, other, person = (
        journal.record_of(Need, suggestion.need),
        journal.person(suggestion.other),
        journal.person(suggestion.person),
    )
    matched = (
        suggestion.matched if suggestion.source in ("offer", "role") else f"{suggestion.source} {suggestion.matched}"
    )
    needs = need_phrase(need.what) if need else "a need"
    return f"Introduce {other.name if other else '?'} ({matched}) to {person.name if person else '?'} ({needs})"


# an introduction made


@dataclass(frozen=True)
class Introduction:
    """What `kith intro` recorded: the contact with both, the favor given to each, the need it closed."""

    interaction: Interaction
    favors: tuple[Favor, Favor]
    closed: NeedOrOffer | None


def introduce(
    journal: Journal,
    first: Person,
    second: Person,
    on: date,
    message: str | None = None,
    *,
    need: NeedOrOffer | None = None,
) -> Introduction:
    """Record that I introduced two people, as one change: one interaction with both, a favor given to each,
    and the need that was the reason closed (the one named, or the one the matcher pairs them by)."""
    if first.uid == second.uid:
        raise UserError(f"an introduction takes two people; both are {first.name}")
    with journal.writing():
        for person in (first, second):
            if journal.person(person.uid) is None:
                raise NotFound(f"{person.name} is no longer in the journal")
        if pair_uid(first.uid, second.uid) in made_pairs(journal):
            when = next(f.on for f in journal.records(Favor) if f.introduced in (first.uid, second.uid)
                        and f.person in (first.uid, second.uid))  # fmt: skip
            raise Conflict(f"you introduced {first.name} and {second.name} on {when}; `kith log` them to record more")
        if need is None:
            need = _reason(journal, first, second)
        elif need.person not in (first.uid, second.uid):
            raise UserError(f"{need.what!r} is not a need of {first.name} or {second.name}")
        summary = f"Introduced {first.name} and {second.name}" + (f": {message}" if message else "")
        interaction = Interaction(
            people=[first.uid, second.uid], on=on.isoformat(), kind="message", direction="out", summary=summary
        )
        favors = (
            Favor(person=first.uid, what=f"introduced to {second.name}", on=on.isoformat(), introduced=second.uid),
            Favor(person=second.uid, what=f"introduced to {first.name}", on=on.isoformat(), introduced=first.uid),
        )
        journal.add_records([interaction, *favors])
        closed = None
        if need is not None:
            other = second if need.person == first.uid else first
            closed = close(journal, need, on, f"introduced to {other.name}")
        if journal.files.summary is None:  # the change log says it in words, not as four records
            journal.files.summary = f"{first.name}, {second.name}: introduced them" + (
                f", closing the need {need.what!r}" if need else ""
            )
    return Introduction(interaction, favors, closed)


def _reason(journal: Journal, first: Person, second: Person) -> NeedOrOffer | None:
    """The open need of either that the other answers best, if the matcher finds one the other answers."""
    needs = [n for n in journal.records(Need) if n.closed is None and n.person in (first.uid, second.uid)]
    if not needs:
        return None
    people, held = _held(journal, archived=True)  # the archived too: an introduction is recorded whoever they are
    places = _personal(held)
    for offer in open_ones(journal, "offer"):
        if (number := _number(people, offer.person)) >= 0:
            places[("offer", offer.what, offer.uid)] = [number]
    giving = _giving(people, places, {place[1]: words(place[1]) for place in places})
    scores: list[tuple[float, NeedOrOffer]] = []
    for need in needs:
        other = _number(people, second.uid if need.person == first.uid else first.uid)
        ranked, _ = _ranked(tuple(words(need.what)), giving, None)
        scores += [(round(-negative, 3), need) for negative, number in ranked if number == other]
    best = max(scores, key=lambda s: s[0], default=None)
    return best[1] if best else None
