"""Benchmark: what a refresh costs compared with a full build, in-process and through the CLI.

    python -m bench.refresh_bench [--pages 2000] [--corpus bench|variants] [--workdir DIR] [--no-cli]
                                  [--cli-modes cli dagster]

Generates a synthetic corpus (``tests.support.corpus.generate_corpus``, or with ``--corpus
variants`` the numbered-variant corpus of ``bench.variant_corpus``; 100 papers per page), then times
(1) the core stages in-process, (2) ``python -m assets.cli refresh --quiet`` end to end (the stages
in a new process, no Dagster run) and (3) the same with ``--dagster`` (a Dagster run of
``refresh_job``), each in its own data dir: a full build, a refresh after adding one page, after
changing one page, and a no-op refresh. An audit hook counts the raw pages opened in-process: the
no-op refresh must open none (it decides from size and mtime alone).
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
from bench.bytecode import compile_project
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


def run_cli(raw: Path, spare: Path, data: Path, extra: list[str]) -> dict[str, dict[str, float]]:
    env = dict(os.environ, PAPERLAKE_RAW_DIR=str(raw), PAPERLAKE_DATA_DIR=str(data), PYTHONPATH=str(ROOT))
    env.pop("DAGSTER_HOME", None)
    results: dict[str, dict[str, float]] = {}
    for scenario in SCENARIOS:
        _step(raw, spare, scenario)
        t0 = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "assets.cli", "refresh", "--quiet", *extra],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - t0
        if done.returncode != 0:
            raise SystemExit(f"CLI refresh ({scenario}) failed:\n{done.stderr[-3000:]}")
        results[scenario] = {"total": elapsed}
        print(f"  cli {' '.join(extra):<9} {scenario:<16} {elapsed:8.2f} s", flush=True)
    return results


CLI_MODES = {"cli": [], "dagster": ["--dagster"]}


def _table(core: dict | None, clis: dict[str, dict]) -> str:
    head = f"{'scenario':<16}"
    if core:
        head += (
            f" {'ingest s':>9} {'papers s':>9} {'wareh. s':>9} {'core s':>8} "
            f"{'core/full':>9} {'opened':>7} {'parsed':>7}"
        )
    for mode in clis:
        head += f" {mode + ' s':>10} {mode + '/full':>12}"
    lines = [head, "-" * len(head)]
    for scenario in SCENARIOS:
        line = f"{scenario:<16}"
        if core:
            r = core[scenario]
            line += (
                f" {r['ingest']:9.2f} {r['papers']:9.2f} {r['warehouse']:9.2f} "
                f"{r['total']:8.2f} {r['total'] / core['full']['total']:9.3f} "
                f"{r['pages_opened']:7d} {r['parsed']:7d}"
            )
        for cli in clis.values():
            c = cli[scenario]["total"]
            line += f" {c:10.2f} {c / cli['full']['total']:12.3f}"
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.refresh_bench", description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--corpus", choices=("bench", "variants"), default="bench")
    ap.add_argument("--workdir", type=Path, default=None, help="kept afterwards (default: a temp dir)")
    ap.add_argument("--no-cli", action="store_true", help="skip the end-to-end CLI timings")
    ap.add_argument(
        "--cli-modes",
        nargs="+",
        choices=sorted(CLI_MODES),
        default=["cli", "dagster"],
        help="which CLI refreshes to time: cli (no Dagster run), dagster (--dagster)",
    )
    ap.add_argument("--no-core", action="store_true", help="skip the in-process timings")
    args = ap.parse_args(argv)
    compile_project()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="paperlake-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    for old in ("data-core", *(f"data-{mode}" for mode in CLI_MODES)):
        shutil.rmtree(workdir / old, ignore_errors=True)
    raw, spare = _prepare(workdir, args.pages, args.corpus)
    first = sorted(raw.glob("*.txt"))[0]
    original_first, first_stat = first.read_bytes(), first.stat()
    added = next(spare.glob("*.txt")).name

    core, clis = None, {}
    if not args.no_core:
        sys.addaudithook(_audit)
        print("in-process core stages:", flush=True)
        core = run_core(raw, spare, workdir / "data-core")
        _undo(raw, spare, original_first, first_stat, added)
    for mode in [] if args.no_cli else args.cli_modes:
        print(f"CLI (python -m assets.cli refresh --quiet {' '.join(CLI_MODES[mode])}):", flush=True)
        clis[mode] = run_cli(raw, spare, workdir / f"data-{mode}", CLI_MODES[mode])
        _undo(raw, spare, original_first, first_stat, added)

    print()
    print(_table(core, clis) if core or clis else "nothing to do")
    if core is None:
        return 0
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
