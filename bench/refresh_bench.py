"""Benchmark: what a refresh costs compared with a full build, in-process and through the CLI.

    python -m bench.refresh_bench [--pages 2000] [--corpus bench|variants] [--workdir DIR] [--no-cli]

Generates a synthetic corpus (``tests.support.corpus.generate_corpus``, or with ``--corpus
variants`` the numbered-variant corpus of ``bench.variant_corpus``; 100 papers per page), then times
(1) the core stages in-process and (2) ``python -m assets.cli refresh --quiet`` end to end, each in
its own data dir: a full build, a refresh after adding one page, after changing one page, and a
no-op refresh. An audit hook counts the raw pages opened in-process: the no-op refresh must open
none (it decides from size and mtime alone).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import variant_corpus
from pipeline.config import Settings
from pipeline.ingest import refresh_source_files
from pipeline.papers import build_papers
from pipeline.warehouse import build_warehouse
from tests.support.corpus import generate_corpus

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ("full", "add_one_page", "change_one_page", "no_op")

_watch: dict = {"dir": None, "opens": 0}


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _watch["dir"] is not None and args and isinstance(args[0], str | bytes | Path):
        path = os.fsdecode(args[0])
        if path.startswith(_watch["dir"]) and os.path.isfile(path):
            _watch["opens"] += 1


def _prepare(workdir: Path, n_pages: int, corpus: str) -> tuple[Path, Path]:
    """``n_pages`` pages in raw/, plus one more page held back in spare/ for the add scenario."""
    raw, spare = workdir / "raw", workdir / "spare"
    if raw.exists():
        shutil.rmtree(raw)
    if spare.exists():
        shutil.rmtree(spare)
    started = time.perf_counter()
    if corpus == "variants":
        summary = variant_corpus.write_corpus(raw, n_pages + 1, 100, 0.6, seed=7)
        n_records, n_files = summary["records"], n_pages + 1
    else:
        truth = generate_corpus(raw, n_pages + 1, seed=7, truth_path=workdir / "truth.parquet")
        n_records, n_files = truth.n_records, truth.n_files
    pages = sorted(raw.glob("*.txt"))
    spare.mkdir()
    shutil.move(str(pages[-1]), spare / pages[-1].name)
    print(
        f"corpus ({corpus}): {n_pages} pages (+1 held back), {n_records:,} records in {n_files} files, "
        f"{sum(p.stat().st_size for p in raw.glob('*.txt')) / 1e6:.1f} MB "
        f"(generated in {time.perf_counter() - started:.1f} s)",
        flush=True,
    )
    return raw, spare


def _change_page(raw: Path) -> None:
    """Append one record to the first spaced page (page 0 uses the spaced layout)."""
    page = sorted(raw.glob("*.txt"))[0]
    with open(page, "a", encoding="utf-8") as handle:
        handle.write(
            "\n\nA Benchmark Record Appended to Measure Incremental Refresh\n\n"
            "We append one record to one page and time the refresh that follows."
        )


def _step(raw: Path, spare: Path, scenario: str) -> None:
    if scenario == "add_one_page":
        for page in spare.glob("*.txt"):
            shutil.move(str(page), raw / page.name)
    elif scenario == "change_one_page":
        _change_page(raw)


def _undo(raw: Path, spare: Path, original_first: bytes, first_stat: os.stat_result, added: str) -> None:
    """Put the raw folder back as it was before the in-process run (for the CLI run)."""
    shutil.move(str(raw / added), spare / added)
    first = sorted(raw.glob("*.txt"))[0]
    first.write_bytes(original_first)
    os.utime(first, ns=(first_stat.st_atime_ns, first_stat.st_mtime_ns))


def run_core(raw: Path, spare: Path, data: Path) -> dict[str, dict[str, float]]:
    settings = Settings.from_env(raw, data)
    results: dict[str, dict[str, float]] = {}
    for scenario in SCENARIOS:
        _step(raw, spare, scenario)
        _watch.update(dir=str(raw) + os.sep, opens=0)
        t0 = time.perf_counter()
        ingest = refresh_source_files(settings)
        t1 = time.perf_counter()
        papers = build_papers(settings)
        t2 = time.perf_counter()
        build_warehouse(settings)
        t3 = time.perf_counter()
        _watch["dir"] = None
        if scenario == "full":
            print(f"  papers: {papers.papers:,}", flush=True)
        results[scenario] = {
            "ingest": t1 - t0,
            "papers": t2 - t1,
            "warehouse": t3 - t2,
            "total": t3 - t0,
            "pages_opened": _watch["opens"],
            "hashed": ingest.hashed,
            "parsed": ingest.parsed,
        }
        print(f"  core {scenario:<16} {t3 - t0:8.2f} s", flush=True)
    return results


def run_cli(raw: Path, spare: Path, data: Path) -> dict[str, dict[str, float]]:
    env = dict(os.environ, PAPERLAKE_RAW_DIR=str(raw), PAPERLAKE_DATA_DIR=str(data), PYTHONPATH=str(ROOT))
    env.pop("DAGSTER_HOME", None)
    results: dict[str, dict[str, float]] = {}
    for scenario in SCENARIOS:
        _step(raw, spare, scenario)
        t0 = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "assets.cli", "refresh", "--quiet"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - t0
        if done.returncode != 0:
            raise SystemExit(f"CLI refresh ({scenario}) failed:\n{done.stderr[-3000:]}")
        results[scenario] = {"total": elapsed}
        print(f"  cli  {scenario:<16} {elapsed:8.2f} s", flush=True)
    return results


def _cli_table(cli: dict) -> str:
    full = cli["full"]["total"]
    lines = [f"{'scenario':<16} {'CLI s':>8} {'CLI/full':>8}", "-" * 34]
    lines += [f"{s:<16} {cli[s]['total']:8.2f} {cli[s]['total'] / full:8.3f}" for s in SCENARIOS]
    return "\n".join(lines)


def _table(core: dict, cli: dict | None) -> str:
    full = core["full"]["total"]
    head = (
        f"{'scenario':<16} {'ingest s':>9} {'papers s':>9} {'wareh. s':>9} {'core s':>8} "
        f"{'core/full':>9} {'opened':>7} {'parsed':>7}"
    )
    if cli:
        head += f" {'CLI s':>8} {'CLI/full':>8}"
    lines = [head, "-" * len(head)]
    for scenario in SCENARIOS:
        r = core[scenario]
        line = (
            f"{scenario:<16} {r['ingest']:9.2f} {r['papers']:9.2f} {r['warehouse']:9.2f} "
            f"{r['total']:8.2f} {r['total'] / full:9.3f} {r['pages_opened']:7d} {r['parsed']:7d}"
        )
        if cli:
            c = cli[scenario]["total"]
            line += f" {c:8.2f} {c / cli['full']['total']:8.3f}"
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.refresh_bench", description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--corpus", choices=("bench", "variants"), default="bench")
    ap.add_argument("--workdir", type=Path, default=None, help="kept afterwards (default: a temp dir)")
    ap.add_argument("--no-cli", action="store_true", help="skip the end-to-end CLI timings")
    ap.add_argument("--no-core", action="store_true", help="skip the in-process timings")
    args = ap.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="paperlake-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    for old in ("data-core", "data-cli"):
        shutil.rmtree(workdir / old, ignore_errors=True)
    raw, spare = _prepare(workdir, args.pages, args.corpus)
    first = sorted(raw.glob("*.txt"))[0]
    original_first, first_stat = first.read_bytes(), first.stat()
    added = next(spare.glob("*.txt")).name

    core = cli = None
    if not args.no_core:
        sys.addaudithook(_audit)
        print("in-process core stages:", flush=True)
        core = run_core(raw, spare, workdir / "data-core")
        _undo(raw, spare, original_first, first_stat, added)
    if not args.no_cli:
        print("CLI (python -m assets.cli refresh --quiet):", flush=True)
        cli = run_cli(raw, spare, workdir / "data-cli")

    print()
    if core is None:
        print(_cli_table(cli) if cli else "nothing to do")
        return 0
    print(_table(core, cli))
    print(
        "\nopened = raw page files opened in-process (audit hook on 'open'); parsed = distinct "
        "contents parsed.\nIngest of a large batch uses a process pool, whose opens the hook does not "
        "see; the no-op\nand one-page refreshes are processed serially, so their counts are exact."
    )
    if core["no_op"]["pages_opened"] != 0:
        print("FAIL: the no-op refresh opened raw pages", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
