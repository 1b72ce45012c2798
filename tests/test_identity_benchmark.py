"""Identity against generated pages with known truth: perturbed repeats merge, hard negatives don't."""

from bench.eval_identity import evaluate


def test_generated_corpus_has_no_wrong_merges_and_full_recall(tmp_path):
    result = evaluate(pages=12, seed=3, layouts=("spaced", "compact", "rich"), workdir=tmp_path)
    assert result["kinds"].get("perturbed", 0) > 0 and result["kinds"].get("hard_negative", 0) > 0
    assert result["wrong_merge_pairs"] == 0
    assert result["f1"] >= 0.995
