"""Identity against generated pages with known truth: perturbed repeats merge, hard negatives don't.

Runs the benchmark as a user does (``python -m bench.eval_identity``) and reads its report, so tests
import nothing from ``bench/``."""

import ast
import re
import subprocess
import sys
from pathlib import Path

from tests.support.corpus import LAYOUTS

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_generated_corpus_has_no_wrong_merges_and_full_recall():
    # 15 pages: three of each layout (spaced, compact, rich, hard-wrapped CRLF, Markdown export).
    report = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.eval_identity",
            "--pages",
            "15",
            "--seed",
            "3",
            "--layouts",
            ",".join(LAYOUTS),
        ],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    sightings = int(re.search(r"^sightings ([\d,]+)", report, re.M).group(1).replace(",", ""))
    kinds = ast.literal_eval(re.search(r"^record kinds: (\{.*\})$", report, re.M).group(1))
    f1 = float(re.search(r"\bF1 ([\d.]+)", report).group(1))
    wrong_merge_pairs = int(re.search(r"^wrong merges: (\d+) pairs", report, re.M).group(1))
    assert sightings == 15 * 100  # every rendered record parsed, whatever the layout
    assert kinds.get("perturbed", 0) > 0 and kinds.get("hard_negative", 0) > 0
    assert wrong_merge_pairs == 0
    assert f1 >= 0.995
