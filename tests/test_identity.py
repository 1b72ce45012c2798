"""What counts as the same paper."""

import random

from pipeline.identity import assign_papers
from pipeline.normalize import match_key, record_key


def row(title, abstract, arxiv=None):
    tk, ak = match_key(title), match_key(abstract)
    return {"record_key": record_key(arxiv, tk, ak), "arxiv_id": arxiv, "title_key": tk, "abstract_key": ak}


def papers_of(rows):
    by_key = {a.record_key: a.paper_id for a in assign_papers(rows)}
    return [by_key[r["record_key"]] for r in rows]


def test_cosmetic_variants_are_one_paper():
    a = row("Scaling Laws for Neural Language Models", "We study empirical scaling laws.")
    b = row("scaling laws for neural  language models*", "We study empirical scaling laws")
    c = row("Scaling Laws for Multilingual Neural Language Models", "We study empirical scaling laws.")
    assert match_key("“Quotes” — and ‘dashes’") == match_key("\"Quotes\" - and 'dashes'")
    d = row("Scaling Laws for Neural Language Models", "We study empirical scaling laws&#46;")
    ids = papers_of([a, b, d])
    assert ids[0] == ids[1] == ids[2]
    ids = papers_of([a, c])
    assert ids[0] != ids[1]  # an extra word is a different title


def test_same_title_different_abstract_are_two_papers():
    ids = papers_of(
        [
            row("Language Model Cascades", "Prompted models compose into programs."),
            row("Language Model Cascades", "Cascading small and large models saves cost."),
        ]
    )
    assert ids[0] != ids[1]


def test_arxiv_id_joins_a_sighting_without_id_with_the_same_content():
    ids = papers_of(
        [
            row("Differential Transformer", "Transformer overallocates attention.", "2410.05258"),
            row("Differential transformer", "Transformer overallocates attention."),
        ]
    )
    assert ids[0] == ids[1]


def test_different_arxiv_ids_are_never_merged():
    ids = papers_of(
        [
            row("Same", "Same abstract.", "2401.00001"),
            row("Same", "Same abstract.", "2401.00002"),
            row("Same", "Same abstract."),
        ]
    )
    assert len({ids[0], ids[1]}) == 2


def test_paper_ids_do_not_depend_on_input_order():
    rows = [
        row(f"Paper {i}", f"Abstract {i % 7}.", f"2401.{i:05d}" if i % 3 == 0 else None) for i in range(30)
    ]
    rows += [row("Paper 1", "Abstract 1."), row("Paper 3", "Abstract 3.")]
    expected = {a.record_key: a.paper_id for a in assign_papers(rows)}
    for seed in range(5):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        assert {a.record_key: a.paper_id for a in assign_papers(shuffled)} == expected
