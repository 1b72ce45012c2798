"""Identity against generated pages with known truth: perturbed repeats merge, hard negatives don't."""

from bench.corpus import LAYOUTS
from bench.eval_identity import evaluate


def test_generated_corpus_has_no_wrong_merges_and_full_recall(tmp_path):
    # 15 pages: three of each layout (spaced, compact, rich, hard-wrapped CRLF, Markdown export).
    result = evaluate(pages=15, seed=3, layouts=LAYOUTS, workdir=tmp_path)
    assert result["sightings"] == 15 * 100  # every rendered record parsed, whatever the layout
    assert result["kinds"].get("perturbed", 0) > 0 and result["kinds"].get("hard_negative", 0) > 0
    assert result["wrong_merge_pairs"] == 0
    assert result["f1"] >= 0.995
