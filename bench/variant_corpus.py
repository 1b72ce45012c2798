"""A corpus of papers in numbered variants: the worst case for identity's candidate search.

    python -m bench.variant_corpus --out DIR [--pages 2000] [--variants 100] [--repeat-share 0.6] [--seed 0]

Each base paper comes in ``--variants`` distinct papers ``<title> (variant k)`` whose abstracts are
the base abstract plus one sentence ``Variant k extends this study.``: a block of near-identical
records that share their whole abstract opening and all but one title word. They are different
papers (a number in the title differs), so a correct build has one paper per distinct title.

Pages hold 100 records: ``--repeat-share`` of each page repeats papers already shown, the rest are
papers not shown before (until every variant has been shown; then pages are all repeats). Layouts
rotate over the three of the sample captures (``rich`` shows arXiv ids, one per variant; ``spaced``
and ``compact`` show none). The number of base papers grows with ``--pages`` (one per four pages at
the defaults), so a corpus ten times the pages has ten times the papers.

Writes the pages into ``DIR`` and ``DIR.truth.parquet`` (file, position, truth_id) beside it.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tests.support.corpus import (
    CAPTURED_LAYOUTS,
    START_DATE,
    SynthPaper,
    page_file_name,
    render,
    synth_papers,
)

RECORDS_PER_PAGE = 100


def variant(base: SynthPaper, k: int, index: int) -> SynthPaper:
    """Variant ``k`` of ``base``: its own title number, abstract sentence and arXiv id."""
    return SynthPaper(
        truth_id=f"{base.truth_id}-v{k}",
        title=f"{base.title} (variant {k})",
        abstract=f"{base.abstract} Variant {k} extends this study.",
        arxiv_id=f"{2401 + index // 90_000 % 100}.{index % 90_000 + 10_000:05d}",
        n_authors=base.n_authors,
        published=base.published,
        upvotes=base.upvotes,
    )


def write_corpus(out: Path, pages: int, variants: int, repeat_share: float, seed: int) -> dict:
    rng = random.Random(seed)
    n_bases = max(1, round(pages * RECORDS_PER_PAGE / (variants * 4)))
    bases = synth_papers(n_bases, seed=seed)
    papers = [variant(b, k, i * variants + k) for i, b in enumerate(bases) for k in range(1, variants + 1)]
    rng.shuffle(papers)
    out.mkdir(parents=True, exist_ok=True)
    new_per_page = round(RECORDS_PER_PAGE * (1 - repeat_share))
    shown: list[SynthPaper] = []
    files, positions, truth = [], [], []
    for page in range(pages):
        fresh = papers[len(shown) : len(shown) + new_per_page] if len(shown) < len(papers) else []
        repeats = [rng.choice(shown) for _ in range(RECORDS_PER_PAGE - len(fresh))] if shown else []
        shown.extend(fresh)
        on_page = fresh + repeats
        if not shown:
            continue
        rng.shuffle(on_page)
        capture = START_DATE + timedelta(days=page // 10)
        name = page_file_name(capture, page)
        layout = CAPTURED_LAYOUTS[page % len(CAPTURED_LAYOUTS)]
        (out / name).write_text(render(layout, on_page, capture), encoding="utf-8")
        for position, paper in enumerate(on_page, 1):
            files.append(name)
            positions.append(position)
            truth.append(paper.truth_id)
    truth_path = out.with_name(out.name + ".truth.parquet")
    pq.write_table(pa.table({"file": files, "position": positions, "truth_id": truth}), truth_path)
    return {
        "pages": pages,
        "records": len(truth),
        "distinct_papers": len(set(truth)),
        "variants_per_base": variants,
        "truth": str(truth_path),
        "last_capture": (START_DATE + timedelta(days=(pages - 1) // 10)).isoformat(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.variant_corpus", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--variants", type=int, default=100)
    parser.add_argument("--repeat-share", type=float, default=0.6)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    summary = write_corpus(args.out, args.pages, args.variants, args.repeat_share, args.seed)
    print(f"{summary} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
