#!/usr/bin/env python3
"""Debugging aid: show, sentence by sentence, the parse, mentions and candidates.

usage: python scripts/explain.py "sentence text" [--published 2021-12-15] [--parse]
       python scripts/explain.py FILE.txt
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from streams.extract import Pipeline
from streams.extract.actors import SentenceActors
from streams.extract.build import draft
from streams.extract.candidate import Sent
from streams.extract.dates import find_dates
from streams.extract.rules import RULES
from streams.records import Article
from streams.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("text")
    ap.add_argument("--published", default=None)
    ap.add_argument("--parse", action="store_true")
    a = ap.parse_args()
    path = Path(a.text) if len(a.text) < 255 else None
    body = path.read_text() if path is not None and path.exists() else a.text
    pub = datetime.fromisoformat(a.published + "T12:00:00+00:00") if a.published else None
    p = Pipeline.load(Settings(first_pass=False))
    prepared = p.prepare(Article(id="x", body=body, published_at=pub))
    for s in prepared.sentences:
        doc = p.nlp(s.text)
        ms = p.mentions.find(doc, prepared.when)
        actors = SentenceActors(doc, ms, prepared.index, prepared.when, s.start)
        sent = Sent(doc, s.start, 0, actors, find_dates(doc), prepared.when)
        cands = [c for r in RULES for c in r(sent)]
        if not cands and not a.parse:
            continue
        print("=" * 80)
        print(s.text)
        if a.parse:
            for t in doc:
                print(
                    f"  {t.i:>3} {t.text:<14} {t.dep_:<10} {t.head.i:>3} {t.pos_:<6} {t.tag_:<5} {t.lemma_:<12} {t.ent_type_}"
                )
        print("  mentions:", [(m.text, [e.country or e.org for e in m.entities]) for m in ms])
        for c in cands:
            d = draft(c)
            print(
                f"  -> {c.type:<16} {d.status:<12} trig={c.trigger.text!r} merge_only={c.merge_only} "
                f"date={d.date.value} roles={[(f.text, f.country or f.org, r) for f, r in c.roles]} "
                f"details={c.details} sub={c.subtype}"
            )


if __name__ == "__main__":
    main()
