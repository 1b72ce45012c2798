"""Page parser speed (records/s on one core) and a dump of everything it gives, for equivalence checks.

```sh
python -m bench.parse_speed DIR [DIR ...] [--repeat 3] [--dump out.pickle] [--profile out.prof]
python -m bench.parse_speed --compare old.pickle new.pickle
```

Each file is read and decoded once (not timed); then ``summarise_bytes``' parsing part is timed: the
page parser (``parse_page``) and the sightings/rejects tables ingest builds from it (match keys,
pyarrow). Best of ``--repeat`` runs, one process, in CPU seconds (records/s per core, steadier than
wall time on a shared host). ``--dump`` writes every page's parse (layout,
records with all fields, rejects with line numbers, page facts, warnings) and its sighting table
rows; ``--compare`` says whether two dumps are identical, and where they first differ. Run the old
code with ``PYTHONPATH`` pointing at a copy of it (``git worktree add`` or ``git archive HEAD
pipeline``) to check that a speed-up changes no parsed output.
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import sys
import time
from dataclasses import asdict
from pathlib import Path

from pipeline.content_parse import rejects_table, sightings_table
from pipeline.decode import decode_page
from pipeline.html_pages import html_problem
from pipeline.parse import parse_page


def _texts(dirs: list[str], everything: bool) -> dict[str, str]:
    """Decoded pages under ``dirs``; a corpus's truth files (``*.jsonl``, ``*.parquet``) only
    with ``everything`` (the equivalence check reads them too, the timing does not)."""
    texts = {}
    for root in dirs:
        for path in sorted(p for p in Path(root).rglob("*") if p.is_file()):
            if not everything and path.suffix in (".jsonl", ".parquet"):
                continue
            decoded = decode_page(path.read_bytes())
            if decoded.text is not None and not html_problem(decoded.text):
                texts[str(path)] = decoded.text
    return texts


def _parse_all(texts: dict[str, str]) -> int:
    records = 0
    for text in texts.values():
        page = parse_page(text)
        sightings_table(page)
        rejects_table(page)
        records += len(page.records)
    return records


def _dump(texts: dict[str, str], out: str) -> None:
    pages = {}
    for name, text in texts.items():
        page = parse_page(text)
        sightings = sightings_table(page)
        rejects = rejects_table(page)
        pages[name] = {
            "page": asdict(page),
            "sightings": sightings.to_pylist() if sightings is not None else None,
            "rejects": rejects.to_pylist() if rejects is not None else None,
        }
    Path(out).write_bytes(pickle.dumps(pages))
    print(f"dumped {len(pages)} pages to {out}")


def _compare(old_path: str, new_path: str) -> int:
    old, new = (pickle.loads(Path(p).read_bytes()) for p in (old_path, new_path))
    if old.keys() != new.keys():  # a fixture added since: compare the pages both dumps hold
        print(f"only in one dump (not compared): {sorted(old.keys() ^ new.keys())[:5]}")
        old = {name: page for name, page in old.items() if name in new}
    differ = [name for name in old if old[name] != new[name]]
    for name in differ[:5]:
        for key in old[name]["page"]:
            if old[name]["page"][key] != new[name]["page"][key]:
                print(f"{name}: {key} differs")
        if old[name]["sightings"] != new[name]["sightings"]:
            print(f"{name}: sightings differ")
    records = sum(len(p["page"]["records"]) for p in old.values())
    rejects = sum(len(p["page"]["rejects"]) for p in old.values())
    print(f"{len(old)} pages, {records} records, {rejects} rejects: {len(differ)} page(s) differ")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="*")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dump")
    parser.add_argument("--profile")
    parser.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"))
    args = parser.parse_args(argv)
    if args.compare:
        return _compare(*args.compare)
    texts = _texts(args.dirs, everything=bool(args.dump))
    if args.dump:
        _dump(texts, args.dump)
        return 0
    if args.profile:
        cProfile.runctx("_parse_all(texts)", globals(), {"texts": texts}, args.profile)
        return 0
    best = float("inf")
    for _ in range(args.repeat):
        started = time.process_time()  # CPU seconds: records/s per core, whatever else the host runs
        records = _parse_all(texts)
        best = min(best, time.process_time() - started)
    rate = records / best
    print(f"{len(texts)} pages, {records} records, best of {args.repeat}: {best:.2f} CPU s, {rate:,.0f}/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
