"""Scale benchmark: a full ``paperlake refresh`` against two scripts a user could write instead.

    python -m bench.scale_bench --pages 200 [2000 20000] [--corpus bench|variants] [--out results.json]

For each size it generates (or reuses) a synthetic corpus: ``bench`` (default) with
``tests.support.corpus.generate_corpus`` (spaced / compact / rich pages round-robin, 100 records per
page, 35 % repeats, perturbed repeats and hard negatives), or ``variants`` with
``bench.variant_corpus`` (papers in numbered variants, ~60 % repeats). It warms the page cache, then
times three subprocesses the way a user runs them, each into a fresh output folder:

* ``<venv>/bin/paperlake refresh --quiet`` with ``PAPERLAKE_RAW_DIR`` = the corpus and a fresh
  ``PAPERLAKE_DATA_DIR`` (``DAGSTER_HOME`` unset);
* ``python -m bench.baseline_pandas`` (the naive script: pair lines, drop duplicate titles);
* ``python -m bench.baseline_duckdb`` (a lean one-script DuckDB pipeline).

Per run: wall time; peak RSS (and PSS) of the whole process tree, sampled from /proc every 0.2 s
(ingest uses a process pool, so one process's RSS is not the footprint); the largest single
process's ``ru_maxrss`` and the tree's CPU seconds from ``os.wait4`` (the per-child form of
``getrusage(RUSAGE_CHILDREN)``). paperlake's per-stage times are read back from the record the
refresh appended to ``<data dir>/refresh_log.jsonl`` (each stage's own ``seconds``); wall minus the
refresh's seconds is process start, imports and shutdown.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.bytecode import compile_project

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = Path("/tmp/paperlake-scale")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
STAGES = ("parsed_pages", "papers", "warehouse")
GOALS = {2000: 0.5, 20000: 1.0}  # naive script / paperlake speed ratio the issue asks for
RSS_GOAL_MB = 4096  # at 20,000 pages


# --------------------------------------------------------------------------------------------
# Corpus


@dataclass
class Corpus:
    pages_dir: Path
    pages: int
    records: int
    papers: int
    bytes: int
    generated_s: float | None = None

    @property
    def mb(self) -> float:
        return self.bytes / 1e6


def corpus_key(pages: int, seed: int, perturb: bool, hard_negatives: bool) -> str:
    """Cache folder name: the generator is deterministic, so these arguments identify the pages."""
    extra = ("-perturb" if perturb else "") + ("-hardneg" if hard_negatives else "")
    return f"corpus-p{pages}-s{seed}{extra}"


def ensure_corpus(
    cache: Path, pages: int, seed: int, perturb: bool = True, hard_negatives: bool = True, kind: str = "bench"
) -> Corpus:
    """Reuse ``cache/<key>/pages`` if a previous run finished writing it, else generate it.

    The marker ``corpus.json`` is written last, so an interrupted generation is redone."""
    from tests.support.corpus import generate_corpus

    key = (
        f"variants-p{pages}-s{seed}"
        if kind == "variants"
        else corpus_key(pages, seed, perturb, hard_negatives)
    )
    folder = cache / key
    marker = folder / "corpus.json"
    if marker.exists():
        info = json.loads(marker.read_text())
        return Corpus(folder / "pages", pages, info["records"], info["papers"], info["bytes"])
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "variants":
        from bench.variant_corpus import write_corpus

        started = time.perf_counter()
        summary = write_corpus(folder / "pages", pages, 100, 0.6, seed)
        n_bytes = sum(p.stat().st_size for p in (folder / "pages").iterdir())
        info = {"records": summary["records"], "papers": summary["distinct_papers"], "bytes": n_bytes}
        marker.write_text(json.dumps(info, indent=1))
        seconds = time.perf_counter() - started
        return Corpus(folder / "pages", pages, info["records"], info["papers"], n_bytes, seconds)
    truth = generate_corpus(
        folder / "pages", pages, seed=seed, perturb=perturb, hard_negatives=hard_negatives, overwrite=True
    )
    info = {"records": truth.n_records, "papers": truth.n_papers, "bytes": truth.n_bytes, **truth.params}
    marker.write_text(json.dumps(info, indent=1))
    return Corpus(folder / "pages", pages, truth.n_records, truth.n_papers, truth.n_bytes, truth.seconds)


def warm_page_cache(folder: Path) -> float:
    """Read every page once so neither contender pays for cold disk reads (seconds taken)."""
    started = time.perf_counter()
    for page in folder.iterdir():
        with open(page, "rb") as handle:
            while handle.read(1 << 20):
                pass
    return time.perf_counter() - started


# --------------------------------------------------------------------------------------------
# Measuring a process tree


def _children_map() -> dict[int, list[int]]:
    """ppid -> pids, from /proc/<pid>/stat (field 4; the command name may contain spaces)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants alive right now."""
    children, tree, todo = _children_map(), [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def _rss_pss(pid: int) -> tuple[int, int]:
    """Resident and proportional set size in bytes (PSS splits pages shared by forked workers)."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith(b"Pss:"):
                    pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


@dataclass
class TreeSampler:
    """Polls the process tree under ``pid`` every ``interval`` s and keeps the peaks."""

    pid: int
    interval: float = 0.2
    peak_rss: int = 0
    peak_pss: int = 0
    max_procs: int = 0
    samples: int = 0
    timeline: list[tuple[float, int]] = field(default_factory=list)  # (epoch s, tree RSS bytes)
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self._stop.is_set():
            tree = process_tree(self.pid)
            sizes = [_rss_pss(p) for p in tree]
            self.timeline.append((time.time(), sum(r for r, _ in sizes)))
            self.peak_rss = max(self.peak_rss, sum(r for r, _ in sizes))
            self.peak_pss = max(self.peak_pss, sum(p for _, p in sizes))
            self.max_procs = max(self.max_procs, len(tree))
            self.samples += 1
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()


@dataclass
class Measured:
    returncode: int
    wall_s: float
    cpu_s: float
    peak_tree_rss_mb: float
    peak_tree_pss_mb: float
    max_single_rss_mb: float
    max_procs: int
    samples: int
    timeline: list[tuple[float, int]] = field(default_factory=list, repr=False)


def run_measured(cmd: list[str], env: dict[str, str], log_dir: Path) -> Measured:
    """Run ``cmd`` (stdout/stderr to ``log_dir``), sampling its tree's memory; wait4 gives rusage."""
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / "stdout.txt", "wb") as out, open(log_dir / "stderr.txt", "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err)
        sampler = TreeSampler(proc.pid)
        thread = threading.Thread(target=sampler.run, daemon=True)
        thread.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
        thread.join()
    return Measured(
        returncode=proc.returncode,
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_tree_rss_mb=sampler.peak_rss / 2**20,
        peak_tree_pss_mb=sampler.peak_pss / 2**20,
        max_single_rss_mb=usage.ru_maxrss / 1024,  # Linux reports KiB
        max_procs=sampler.max_procs,
        samples=sampler.samples,
        timeline=sampler.timeline,
    )


# --------------------------------------------------------------------------------------------
# The two contenders


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERLAKE_", "DAGSTER_"))}
    env.update(extra)
    return env


def paperlake_command() -> list[str]:
    """The installed console script of this venv, as a user runs it."""
    script = Path(sys.executable).parent / "paperlake"
    if not script.exists():
        raise SystemExit(f"{script} not found: pip install -e . in this venv first")
    return [str(script), "refresh", "--quiet"]


def run_paperlake(corpus: Corpus, work: Path) -> dict:
    data = work / "paperlake-data"
    shutil.rmtree(data, ignore_errors=True)
    env = _clean_env(PAPERLAKE_RAW_DIR=str(corpus.pages_dir), PAPERLAKE_DATA_DIR=str(data))
    measured = run_measured(paperlake_command(), env, work / "paperlake-logs")
    result = asdict(measured)
    timeline = result.pop("timeline")
    if measured.returncode != 0:
        tail = (work / "paperlake-logs" / "stderr.txt").read_text(errors="replace")[-2000:]
        raise SystemExit(f"paperlake refresh failed ({measured.returncode}):\n{tail}")
    result["stages"] = read_refresh_stages(data)
    result["stages"]["peak_rss_mb"] = stage_peaks(timeline, result["stages"].pop("intervals", {}))
    result["output_mb"] = _folder_mb(data)
    result["sightings"] = _manifest_records(data / "parquet" / "source_files.parquet")
    run = result["stages"].get("run_s")
    result["startup_s"] = measured.wall_s - run if run is not None else None
    return result


def run_baseline(corpus: Corpus, work: Path, module: str = "bench.baseline_pandas") -> dict:
    name = module.rsplit(".", 1)[-1]
    out = work / f"{name}-out"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", module, str(corpus.pages_dir), str(out)]
    measured = run_measured(cmd, _clean_env(PYTHONPATH=str(ROOT)), work / f"{name}-logs")
    if measured.returncode != 0:
        tail = (work / f"{name}-logs" / "stderr.txt").read_text(errors="replace")[-2000:]
        raise SystemExit(f"{module} failed ({measured.returncode}):\n{tail}")
    result = asdict(measured)
    del result["timeline"]
    lines = (work / f"{name}-logs" / "stdout.txt").read_text().strip().splitlines()
    result.update(json.loads(lines[-1]))
    result["output_mb"] = _folder_mb(out)
    return result


def _folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _manifest_records(path: Path) -> int | None:
    """Sightings the run found, from its own manifest (``source_files.n_records``)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    if not path.exists():
        return None
    return int(pc.sum(pq.read_table(path, columns=["n_records"]).column("n_records")).as_py() or 0)


def read_refresh_stages(data_dir: Path) -> dict:
    """Each stage's own ``seconds`` from the record the timed ``paperlake refresh`` appended to
    ``refresh_log.jsonl`` (reading what the run recorded measures exactly the run that was timed).

    The stages run one after the other; the record is written as the refresh ends, so the log's
    mtime less the refresh's seconds dates its start, and the stages' intervals (for the per-stage
    memory peaks) follow from their seconds."""
    from pipeline.refresh_log import last_record

    log = data_dir / "refresh_log.jsonl"
    record = last_record(log)
    if record is None:
        return {}
    out: dict = {"steps_s": {}, "core_s": {}, "intervals": {}, "run_s": record["seconds"]}
    begun = log.stat().st_mtime - record["seconds"]
    for asset in record["assets"]:
        seconds = asset["metadata"].get("seconds")
        if seconds is None:  # the warehouse's tables: its seconds are reported once, on build_info
            continue
        stage = asset["key"][0]
        out["steps_s"][stage] = out["core_s"][stage] = float(seconds)
        out["intervals"][stage] = (begun, begun + float(seconds))
        begun += float(seconds)
    return out


def stage_peaks(timeline: list[tuple[float, int]], intervals: dict[str, tuple[float, float]]) -> dict:
    """Peak tree RSS (MB) within each step's start..end, from the 0.2 s samples: which stage
    owns the memory peak matters more than the peak itself when sizing pods."""
    peaks = {}
    for step, (begun, ended) in intervals.items():
        inside = [rss for t, rss in timeline if begun <= t <= ended]
        peaks[step] = round(max(inside) / 2**20, 1) if inside else None
    return peaks


# --------------------------------------------------------------------------------------------
# Reporting


def one_size(pages: int, args: argparse.Namespace) -> dict:
    cache = args.reuse_corpus or DEFAULT_CACHE
    corpus = ensure_corpus(cache, pages, args.seed, kind=args.corpus)
    how = f"generated in {corpus.generated_s:.1f} s" if corpus.generated_s else "reused"
    print(f"[{pages} pages] corpus {corpus.pages_dir} ({corpus.mb:.1f} MB, {how})", flush=True)
    warmed = warm_page_cache(corpus.pages_dir)
    work = (args.workdir or cache / "runs") / f"p{pages}"
    row: dict = {"pages": pages, "corpus": asdict(corpus) | {"pages_dir": str(corpus.pages_dir)}}
    row["warm_read_s"] = warmed
    row["load_avg_before"] = os.getloadavg()
    runs: dict[str, list[dict]] = {"paperlake": [], "baseline": [], "lean": []}
    contenders = (
        ("paperlake", run_paperlake),
        ("baseline", run_baseline),
        ("lean", lambda c, w: run_baseline(c, w, "bench.baseline_duckdb")),
    )
    for _ in range(args.repeat):  # alternate, so a burst of load from elsewhere hits all of them
        for name, run in contenders:
            runs[name].append(run(corpus, work))
            print(f"[{pages} pages] {name:<9} {runs[name][-1]['wall_s']:.1f} s", flush=True)
    for name, results in runs.items():
        row[name] = median_run(results)
    row["ratio"] = row["baseline"]["wall_s"] / row["paperlake"]["wall_s"]
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return row


def median_run(results: list[dict]) -> dict:
    """The run with the median wall time (its own stages and memory), plus every run's wall time."""
    ranked = sorted(results, key=lambda r: r["wall_s"])
    chosen = dict(ranked[(len(ranked) - 1) // 2])
    chosen["wall_s_all"] = [r["wall_s"] for r in results]
    chosen["peak_tree_rss_mb_max"] = max(r["peak_tree_rss_mb"] for r in results)
    return chosen


def _stage_text(stages: dict) -> str:
    """``ingest 12.3 (11.9) / papers ...``: step wall time, the asset's own seconds in brackets."""
    parts = []
    for name, short in zip(STAGES, ("ingest", "papers", "warehouse"), strict=True):
        step = stages.get("steps_s", {}).get(name)
        core = stages.get("core_s", {}).get(name)
        if step is None:
            parts.append(f"{short} ?")
            continue
        own = f" ({core:.1f})" if core is not None and round(core, 1) != round(step, 1) else ""
        parts.append(f"{short} {step:.1f}{own}")
    return " / ".join(parts)


def _peaks_text(stages: dict) -> str:
    peaks = stages.get("peak_rss_mb", {})
    return " / ".join("?" if peaks.get(name) is None else f"{peaks[name]:,.0f}" for name in STAGES)


def markdown_table(rows: list[dict]) -> str:
    head = (
        "| N | pages | sightings | MB | paperlake s | naive script s | lean DuckDB s | naive/paperlake "
        "| pages/s | sightings/s | MB/s "
        "| peak RSS MB paperlake / naive (tree; largest process) | per-stage s "
        "| stage peak RSS MB | startup s |"
    )
    lines = [head, "|" + "---|" * 15]
    for n, r in enumerate(rows, 1):
        p, b, c = r["paperlake"], r["baseline"], r["corpus"]
        lean = r.get("lean", {}).get("wall_s")
        wall = p["wall_s"]
        sightings = p.get("sightings") or c["records"]
        startup = "?" if p.get("startup_s") is None else f"{p['startup_s']:.1f}"
        lines.append(
            f"| {n} | {r['pages']:,} | {sightings:,} | {c['bytes'] / 1e6:,.1f} | {wall:.1f} "
            f"| {b['wall_s']:.1f} | {'?' if lean is None else f'{lean:.1f}'} "
            f"| {r['ratio']:.2f} | {r['pages'] / wall:,.1f} | {sightings / wall:,.0f} "
            f"| {c['bytes'] / 1e6 / wall:.2f} "
            f"| {p['peak_tree_rss_mb']:,.0f} / {b['peak_tree_rss_mb']:,.0f} "
            f"({p['max_single_rss_mb']:,.0f} / {b['max_single_rss_mb']:,.0f}) "
            f"| {_stage_text(p['stages'])} | {_peaks_text(p['stages'])} | {startup} |"
        )
    return "\n".join(lines)


def verdicts(rows: list[dict]) -> list[str]:
    """The issue's goals, reported (never asserted: timings on a shared 2-core machine vary)."""
    notes = []
    for r in rows:
        goal = GOALS.get(r["pages"])
        if goal:
            ok = "met" if r["ratio"] >= goal else "NOT met"
            notes.append(f"{r['pages']:,} pages: naive/paperlake {r['ratio']:.2f} vs goal >= {goal}: {ok}")
        if r["pages"] == 20000:
            peak = r["paperlake"]["peak_tree_rss_mb"]
            ok = "met" if peak <= RSS_GOAL_MB else "NOT met"
            notes.append(f"20,000 pages: peak tree RSS {peak:,.0f} MB vs goal <= {RSS_GOAL_MB} MB: {ok}")
    if len(rows) >= 2:
        per_page = [r["paperlake"]["wall_s"] / r["pages"] for r in rows]
        spread = max(per_page) / min(per_page)
        notes.append(
            "linearity: paperlake s/page "
            + ", ".join(f"{r['pages']:,}: {x * 1000:.1f} ms" for r, x in zip(rows, per_page, strict=True))
            + f" (max/min {spread:.2f}; fixed startup cost inflates small N)"
        )
        notes.append(f"median ratio over sizes: {statistics.median(r['ratio'] for r in rows):.2f}")
    return notes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scale_bench", description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[200], help="corpus sizes (default 200)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpus", choices=("bench", "variants"), default="bench")
    ap.add_argument(
        "--reuse-corpus",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"cache folder for generated corpora, keyed by pages+seed (default {DEFAULT_CACHE})",
    )
    ap.add_argument(
        "--workdir", type=Path, default=None, help="output folders of the runs (default DIR/runs)"
    )
    ap.add_argument("--repeat", type=int, default=1, help="runs per size; the median run is reported")
    ap.add_argument("--keep", action="store_true", help="keep the runs' output folders and logs")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    args = ap.parse_args(argv)
    compile_project()

    rows = [one_size(n, args) for n in sorted(args.pages)]
    print()
    print(markdown_table(rows))
    print()
    for note in verdicts(rows):
        print(f"* {note}")
    if args.out:
        doc = {
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "node": platform.node()},
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "rows": rows,
            "verdicts": verdicts(rows),
        }
        args.out.write_text(json.dumps(doc, indent=1, default=str))
        print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
