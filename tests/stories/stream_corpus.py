"""A generated news stream for the story tests: several events over several weeks, written here.

Each event has its own places, people and figures and a few sentences about it; an article is a
headline and a handful of its event's sentences (in a random order, some left out) with a
generic line or two that any report could carry. Events overlap in time, and two pairs are of
the same kind (two port strikes, two floods) so that only their names and dates tell them
apart. Some days have a live blog whose passages each follow a different event; a few articles
carry no date. Everything is drawn from a seeded random generator, so the corpus is the same in
every run.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from story_helpers import live_blog, make_article

from newsfuse.records import Article

START = dt.date(2026, 2, 2)


@dataclass(frozen=True)
class Event:
    key: str
    first: int  # days after START
    days: int
    reports: int
    titles: tuple[str, ...]
    sentences: tuple[str, ...]


EVENTS = (
    Event(
        "flood-velmora",
        0,
        5,
        34,
        (
            "Tovas River bursts its banks in Velmora",
            "Velmora evacuates 1,200 homes as the Tovas rises",
            "Floodwater cuts Velmora off from the coast road",
        ),
        (
            "The Tovas River burst its banks in Velmora overnight and flooded the old quarter.",
            "Mayor Anika Strand ordered 1,200 homes evacuated along the Tovas embankment.",
            "The Velmora Water Board said the river stood 4.8 metres above its usual level.",
            "Rescue boats took 340 residents from rooftops in the Lindgate district of Velmora.",
            "Anika Strand said the town's two pumping stations had failed under the water.",
            "Engineers from the Velmora Water Board worked through the night to shore up the dyke.",
            "Schools in Velmora stay closed while the Tovas is above the warning mark.",
        ),
    ),
    Event(
        "strike-haverlund",
        3,
        6,
        30,
        (
            "Haverlund dockworkers walk out over pay",
            "Container ships queue as the Haverlund strike drags on",
            "Union and port authority meet as Haverlund strike enters its fifth day",
        ),
        (
            "Dockworkers at the port of Haverlund walked out in a dispute over pay.",
            "Union chair Petra Solvang said 2,300 members had joined the strike at Haverlund.",
            "Forty container ships were waiting outside Haverlund harbour, the port authority said.",
            "Petra Solvang asked for a rise of 9 percent over two years for the Haverlund crews.",
            "The Haverlund Port Authority offered 5 percent and called the strike reckless.",
            "Hauliers said 600 lorries stood idle on the road into the Haverlund terminal.",
        ),
    ),
    Event(
        "strike-marrow-bay",
        18,
        5,
        24,
        (
            "Crane operators strike at Marrow Bay terminal",
            "Marrow Bay stoppage strands grain shipments",
            "Talks collapse in the Marrow Bay crane dispute",
        ),
        (
            "Crane operators at the Marrow Bay terminal stopped work over night-shift rosters.",
            "Shop steward Jonas Keel said 410 operators had downed tools at Marrow Bay.",
            "Grain exporters said 17 bulk carriers were stuck at anchor off Marrow Bay.",
            "The Marrow Bay Terminal Company said the roster change saved 11 million a year.",
            "Jonas Keel said the operators would not return until the night rota was withdrawn.",
            "Farmers warned that silos inland of Marrow Bay were filling up.",
        ),
    ),
    Event(
        "trial-korren",
        7,
        9,
        32,
        (
            "Former minister Ilse Korren goes on trial for bribery",
            "Korren trial hears from the procurement chief",
            "Defence says Korren never saw the Brenmark contract",
        ),
        (
            "Former transport minister Ilse Korren went on trial at the Castellan High Court.",
            "Prosecutors say Ilse Korren took 480,000 in bribes over the Brenmark rail contract.",
            "The procurement chief told the Castellan High Court that Korren had pressed for Brenmark.",
            "Defence lawyer Otto Varga said the Brenmark papers never crossed Ilse Korren's desk.",
            "Judge Mira Olsson warned the public gallery after an outburst during the Korren hearing.",
            "The Brenmark contract for 62 kilometres of track was signed in the spring of 2023.",
        ),
    ),
    Event(
        "flood-kessring",
        22,
        6,
        30,
        (
            "Kessring Dam spillway opened as the Velna rises",
            "Villages below Kessring Dam told to leave",
            "Velna crest passes Kessring without a breach",
        ),
        (
            "Operators opened the spillway of the Kessring Dam as the Velna reached a record height.",
            "Governor Rustem Aldane ordered eleven villages below the Kessring Dam evacuated.",
            "The Velna was carrying 2,900 cubic metres a second past Kessring, the dam operator said.",
            "Rustem Aldane said 7,500 people had left their homes along the lower Velna.",
            "Inspectors found seepage at the eastern abutment of the Kessring Dam.",
            "Army engineers stacked sandbags along the Velna levee at Dornholm.",
        ),
    ),
    Event(
        "election-zarnovia",
        12,
        8,
        30,
        (
            "Zarnovia votes in a snap election",
            "Liberal Alliance leads early Zarnovia count",
            "Zarnovia coalition talks begin after tight vote",
        ),
        (
            "Voters in Zarnovia went to the polls in a snap election called by Premier Dalia Voss.",
            "Turnout in Zarnovia reached 71 percent, the central election commission said.",
            "The Liberal Alliance of Tomas Herrick took 38 percent of the Zarnovian vote.",
            "Dalia Voss conceded that her party had lost 14 seats in the Zarnovian assembly.",
            "Tomas Herrick said coalition talks would start with the Green Union in Zarnovia.",
            "Observers from the Nordic Council reported no serious irregularities in Zarnovia.",
        ),
    ),
    Event(
        "bridge-lisko",
        26,
        7,
        28,
        (
            "Lisko bridge collapse kills three",
            "Inquiry opens into the Lisko bridge collapse",
            "Lisko bridge had failed inspection, papers show",
        ),
        (
            "A span of the Lisko road bridge collapsed into the Orla during the morning rush.",
            "Three drivers died and 12 people were hurt when the Lisko bridge came down.",
            "Transport safety chief Henrik Baal opened an inquiry into the Lisko collapse.",
            "Papers seen by reporters show the Lisko bridge failed an inspection in 2024.",
            "Henrik Baal said divers had recovered two cars from the Orla below Lisko.",
            "The Lisko bridge carried 18,000 vehicles a day before the collapse.",
        ),
    ),
    Event(
        "transfer-rovers",
        31,
        6,
        22,
        (
            "Rovers sign striker Leon Marek for a record fee",
            "Marek unveiled at Grange Park",
            "Marek scores twice on his Rovers debut",
        ),
        (
            "Grange Rovers signed the striker Leon Marek from Porto Vale for a club record fee.",
            "The fee for Leon Marek was reported at 27 million including add-ons.",
            "Rovers manager Sanne Holt said Marek would lead the line at Grange Park.",
            "Leon Marek scored 31 goals for Porto Vale last season.",
            "Sanne Holt said the Rovers had chased Marek since the winter window.",
            "Marek signed a contract at Grange Park that runs until 2030.",
        ),
    ),
)

GENERIC = (
    "Officials said more details would be released later in the day.",
    "Reporters at the scene described a tense atmosphere.",
    "The story is developing and will be updated.",
    "Residents were asked to follow official channels for updates.",
    "Several outlets carried the news within the hour.",
)


def _day(event: Event, rng: random.Random) -> dt.date:
    return START + dt.timedelta(days=event.first + rng.randrange(event.days))


def _body(event: Event, rng: random.Random, n: int) -> str:
    sentences = rng.sample(event.sentences, n) + rng.sample(GENERIC, rng.randrange(0, 2))
    rng.shuffle(sentences)
    return " ".join(sentences)


def stream(seed: int = 14) -> tuple[list[Article], dict[str, str]]:
    """The articles of the stream and the event of each item key (``article`` or
    ``article#passage``): reports, live blogs (one passage per event of their day) and
    a few undated reports."""
    rng = random.Random(seed)
    arts: list[Article] = []
    gold: dict[str, str] = {}
    n = 0
    for event in EVENTS:
        for _ in range(event.reports):
            day = _day(event, rng)
            hour = rng.randrange(6, 22)
            n += 1
            a = make_article(
                _body(event, rng, rng.randrange(3, 6)),
                source=f"{event.key}-{n}.txt",
                title=rng.choice(event.titles),
                published=f"{day.isoformat()}T{hour:02d}:{rng.randrange(60):02d}:00",
            )
            arts.append(a)
            gold[a.id] = event.key
    # live blogs: on a few days, one passage for each of two or three events of that day
    for k in range(6):
        day = START + dt.timedelta(days=4 + 5 * k)
        live = [e for e in EVENTS if e.first <= (day - START).days < e.first + e.days]
        if len(live) < 2:
            continue
        chosen = rng.sample(live, min(3, len(live)))
        blog = live_blog(
            [_body(e, rng, 3) for e in chosen],
            source=f"liveblog-{k}.txt",
            published=f"{day.isoformat()}T12:00:00",
        )
        arts.append(blog)
        for i, e in enumerate(chosen):
            gold[f"{blog.id}#{i}"] = e.key
    # undated reports (a page without a date line)
    for k in range(8):
        event = EVENTS[k % len(EVENTS)]
        n += 1
        a = make_article(
            _body(event, rng, 4), source=f"undated-{n}.txt", title=rng.choice(event.titles)
        )
        arts.append(a)
        gold[a.id] = event.key
    return arts, gold


__all__ = ["EVENTS", "START", "stream"]
