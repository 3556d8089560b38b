"""A synthetic journal for benchmarks and tests: `python -m journal.synth --people N --interactions M --out PATH`.

Deterministic for a seed and a day: events, how-met, introductions, promises both ways, favors,
cadences, tags, non-ASCII names, and reminders due on that day.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from journal.journal import Journal
from journal.model import INTERACTION_KINDS, Event, Favor, Interaction, Need, Offer, Person, Promise, Record

FIRST = "Ana Tom Lin Grace Zoë José Chloé Björn Aiyana Mei Omar Priya Kofi Lena Ivan Sofía Noa Yuki Ada Luis".split()
LAST = "López Baker Wei Hopper Müller Núñez Dubois Ståhl Tanaka Haddad Rao Mensah Novak Petrov Kim Silva".split()
COMPANIES = ["Zalando", "Acme", "Initech", "Globex", "Umbrella", "Hooli", "Stark & Sons", "Café Ñandú", None]
ROLES = ["CTO", "Founder", "Designer", "Head of Data", "Engineer", "Product Lead", None]
TAGS = ["ml", "berlin", "design", "investor", "client", "python", "climate", "friend"]
PLATFORMS = ["linkedin", "mastodon", "x", "bluesky", "github", "email"]
TOPICS = ["pricing models", "the API", "hiring", "a conference talk", "their launch", "coffee", "a referral"]


def build(people: int, interactions: int, *, seed: int, today: date) -> list[Record]:
    """The records of a synthetic journal, in the order they should be added."""
    rng = random.Random(seed)
    start = today - timedelta(days=720)

    def uid() -> str:  # from the seed, so the same arguments write the same journal
        return f"{rng.getrandbits(128):032x}"

    def day_between(first: date, last: date) -> date:
        return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))

    events = [
        Event(
            name=f"{rng.choice(['PyData', 'Founders', 'Design'])} meetup #{n}",
            on=day_between(start, today).isoformat(),
            uid=uid(),
        )
        for n in range(max(1, people // 200))
    ]
    crowd: list[Person] = []
    for n in range(people):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}"
        met = day_between(start, today)
        event = rng.choice(events) if rng.random() < 0.4 else None
        online = None if event or rng.random() < 0.5 else rng.choice(PLATFORMS)
        if n >= people - max(1, people // 100):
            met = today - timedelta(days=rng.randint(2, 10))  # recent: follow-ups due
        person = Person(
            name=name,
            uid=uid(),
            company=rng.choice(COMPANIES),
            role=rng.choice(ROLES),
            tags=rng.sample(TAGS, rng.randint(0, 3)),
            handles={"email": f"person{n}@example.com", rng.choice(PLATFORMS[:5]): f"@p{n}"},
            met_on=(date.fromisoformat(event.on) if event and event.on else met).isoformat(),
            met_event=event.uid if event else None,
            met_online=online,
            introduced_by=rng.choice(crowd).uid if crowd and rng.random() < 0.1 else None,
            every=rng.choice([30, 60, 90, 180]) if rng.random() < 0.15 else None,
            notes="Likes long walks and short meetings." if rng.random() < 0.3 else None,
        )
        crowd.append(person)
    old = crowd[: len(crowd) - max(1, people // 100)] or crowd
    talks: list[Interaction] = []
    for _ in range(interactions):
        person = rng.choice(old)
        on = day_between(date.fromisoformat(person.met_on or start.isoformat()), today)
        incoming = rng.random() < 0.4
        talks.append(
            Interaction(
                uid=uid(),
                people=[person.uid],
                on=on.isoformat(),
                kind=rng.choice(INTERACTION_KINDS),
                direction="in" if incoming else "out",
                reply_needed=incoming and rng.random() < 0.01,
                summary=f"talked about {rng.choice(TOPICS)}",
            )
        )
    promises = [
        Promise(
            uid=uid(),
            person=rng.choice(old).uid,
            what=f"send notes on {rng.choice(TOPICS)}",
            made=(made := day_between(today - timedelta(days=60), today)).isoformat(),
            mine=rng.random() < 0.5,
            due=(made + timedelta(days=rng.randint(1, 30))).isoformat() if rng.random() < 0.8 else None,
            status="open" if rng.random() < 0.3 else rng.choice(["done", "dropped"]),
        )
        for _ in range(max(1, people // 5))
    ]
    favors = [
        Favor(
            uid=uid(),
            person=rng.choice(old).uid,
            what=f"an intro about {rng.choice(TOPICS)}",
            on=(on := day_between(today - timedelta(days=365), today)).isoformat(),
            given=(given := rng.random() < 0.5),
            thanked=None if given or rng.random() < 0.1 else on.isoformat(),
        )
        for _ in range(max(1, people // 5))
    ]
    return [*events, *crowd, *talks, *promises, *favors, *_needs_and_offers(crowd, seed=seed, today=today)]


NEEDS = ["a freelance designer", "a python developer", "an intro to a seed investor", "a tax advisor",
         "a data engineer for our pipelines", "help with pricing", "a climate founder to talk to"]  # fmt: skip
OFFERS = ["brand design", "python contracting", "seed investment", "tax advice", "data engineering",
          "pricing workshops", "intros to climate founders", "copywriting"]  # fmt: skip


def _needs_and_offers(crowd: list[Person], *, seed: int, today: date) -> list[Record]:
    """Open needs for one person in a hundred and offers for one in twenty, some closed; from a random
    source of their own, so the records before them are what they were before needs existed."""
    rng = random.Random(seed * 7919 + 17)
    found: list[Record] = []
    for person in crowd:
        for cls, texts, chance in ((Need, NEEDS, 0.01), (Offer, OFFERS, 0.05)):
            if rng.random() < chance:
                added = today - timedelta(days=rng.randint(0, 120))
                closed = (added + timedelta(days=rng.randint(0, 30))).isoformat() if rng.random() < 0.2 else None
                found.append(
                    cls(person=person.uid, what=rng.choice(texts), added=added.isoformat(),
                        uid=f"{rng.getrandbits(128):032x}", closed=min(closed, today.isoformat()) if closed else None)
                )  # fmt: skip
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Write a synthetic journal."""
    parser = argparse.ArgumentParser(prog="python -m journal.synth", description=__doc__)
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--interactions", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} exists; synth writes only new journals")
    records = build(args.people, args.interactions, seed=args.seed, today=args.today)
    journal = Journal.open(args.out, clock=lambda: args.today)
    with journal.writing("python -m journal.synth"):
        count = journal.add_records(records)
    sys.stderr.write(f"wrote {count} records to {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
