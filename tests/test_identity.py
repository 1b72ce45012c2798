"""What counts as the same paper."""

import random

from pipeline.identity import Edge, assign_papers
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


def test_a_card_without_abstract_joins_its_titles_paper():
    """A listing shows a paper's abstract on one page and nothing (or a copy of the title, or a bot's
    message elsewhere) on another; a plain page shows no id. The title is what links them."""
    bare = row("AgentHazard: A Benchmark for Harmful Agents", "", "2604.02947")
    titled = row("AgentHazard: a benchmark for harmful agents", "AgentHazard: A Benchmark for Harmful Agents")
    full = row("AgentHazard: A Benchmark for Harmful Agents", LONG)
    ids = papers_of([bare, titled, full])
    assert ids[0] == ids[1] == ids[2]
    rules = {a.record_key: a.rule for a in assign_papers([bare, titled, full])}
    assert rules[bare["record_key"]] == "anchor"  # the arXiv id names the paper
    assert rules[titled["record_key"]] == rules[full["record_key"]] == "same_title"  # not "arxiv": no id
    assert papers_of([bare, row("AgentHazard: A Benchmark for Harmful Agents", "")])[0] == ids[0]


def test_a_card_without_abstract_stays_apart_when_its_title_names_two_papers():
    title = "Language Model Cascades"
    bare = row(title, "")
    ids = papers_of([bare, row(title, LONG), row(title, "Cascading small and large models saves cost.")])
    assert len(set(ids)) == 3
    two_ids = papers_of([row(title, "", "2401.00001"), row(title, LONG, "2401.00002"), row(title, "")])
    assert two_ids[0] != two_ids[1]  # different arXiv ids never merge, whatever the title


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


LONG = (
    "Large language models are trained on web-scale corpora. We study how pre-training data shapes "
    "downstream behaviour and propose a data selection method that improves accuracy on twelve "
    "benchmarks while halving the compute budget needed for comparable results."
)


def test_truncated_rewrapped_abstract_and_retitle_are_one_paper():
    base = row("Data Selection for Language Model Pretraining", LONG)
    truncated = row("Data Selection for Language Model Pretraining", LONG[:190] + "…")
    respaced = row(
        "Data selection for language model pretraining",
        LONG.replace("pre-training", "pretraining"),
    )
    retitled = row("Efficient Data Selection for Language Model Pretraining", LONG)
    ids = papers_of([base, truncated, respaced, retitled])
    assert len(set(ids)) == 1
    rules = {a.rule for a in assign_papers([base, truncated, respaced, retitled])}
    assert "near_duplicate" in rules
    evidence = [a.evidence for a in assign_papers([base, retitled]) if a.rule == "near_duplicate"]
    assert evidence and "title_similarity=" in evidence[0]


def test_hard_negatives_stay_apart():
    nmt = row("Scaling Laws for Neural Machine Translation", "We present an empirical study of scaling " * 6)
    multi = row(
        "Scaling Laws for Multilingual Neural Machine Translation",
        "In this work we provide a large-scale empirical study of multilingual scaling " * 4,
    )
    cascades_a = row("Language Model Cascades", "Prompted models compose into probabilistic programs " * 4)
    cascades_b = row("Language Model Cascades", "A cascade routes queries from small to large models " * 4)
    assert len(set(papers_of([nmt, multi, cascades_a, cascades_b]))) == 4


def test_an_abstract_cut_with_any_marker_is_the_full_one():
    full = row("Data Selection for Language Model Pretraining", LONG, "2401.00001")
    for marker in ("…", "...", " […]", " [...]", " (…)", " Read more", "… see more", "... (read more)"):
        cut = row("DATA SELECTION FOR LANGUAGE MODEL PRETRAINING", LONG[:320] + marker)  # and no id
        assert len(set(papers_of([full, cut]))) == 1, marker


def test_titles_differing_in_a_number_or_version_are_different_papers():
    """Numbered variants and version series share abstracts up to a sentence; only the number says
    which paper it is (a truncated abstract would otherwise make them near-duplicates)."""
    pairs = [
        ("Some Study of Agents (variant 3)", "Some Study of Agents (variant 7)"),
        ("Qwen2 Technical Report", "Qwen3 Technical Report"),
        ("Scaling Agents v2: Longer Horizons", "Scaling Agents v3: Longer Horizons"),
    ]
    for first, second in pairs:
        full, cut = row(first, LONG), row(second, LONG[:200] + "…")
        assert len(set(papers_of([full, cut]))) == 2, (first, second)
    same = [row("Qwen3 Technical Report", LONG), row("QWEN3 TECHNICAL REPORT", LONG[:200] + "…")]
    assert len(set(papers_of(same))) == 1  # case never separates


def test_near_duplicates_with_different_arxiv_ids_are_never_merged():
    a = row("Data Selection for Language Model Pretraining", LONG, "2401.00001")
    b = row("Data Selection for Language Model Pretraining (v2)", LONG[:200], "2402.00002")
    assert len(set(papers_of([a, b]))) == 2


def test_duckdb_identity_equals_the_plain_python_rules(tmp_path):
    """Real builds find merges in SQL (build/identity_edges.sql); the Python statement of the rules
    must give the same paper for every key, with the same rule and evidence."""
    import duckdb

    from pipeline.config import Settings
    from pipeline.ingest import refresh_source_files
    from pipeline.manifest import read_manifest
    from pipeline.papers import _resolve_identity, stage_connection
    from pipeline.sql import run_file
    from tests.support.corpus import generate_corpus

    raw = tmp_path / "raw"
    generate_corpus(raw, 16, seed=11, papers_per_page=40, perturb=True, hard_negatives=True, repeat_rate=0.5)
    settings = Settings.from_env(raw, tmp_path / "data")
    refresh_source_files(settings, workers=1)
    with duckdb.connect() as con:
        stage_connection(settings, read_manifest(settings), con)
        run_file(con, "build/identity_input_all.sql")
        _resolve_identity(con)
        fast = con.sql("SELECT * EXCLUDE (hood, content_hood, title_group) FROM paper_key_rows")
        fast = fast.to_arrow_table().to_pylist()
        rows = con.sql("SELECT * EXCLUDE (hood) FROM record_rows").to_arrow_table().to_pylist()
    reference = [a.__dict__ for a in assign_papers(rows)]
    assert len({r["paper_id"] for r in fast}) < len(fast)  # the corpus really has merges to find
    assert sorted(fast, key=lambda r: r["record_key"]) == reference


def test_sql_candidate_merges_equal_the_python_rules_in_a_crowded_block():
    """Prefix filtering must find every pair the plain rule finds: many distinct titles from a small
    vocabulary (Jaccard often near 0.5, some words with numbers) under one shared abstract opening,
    most of them cut at their own length (each abstract carried by few titles), a few boilerplate."""
    import random

    import duckdb
    import pyarrow as pa

    from pipeline.identity import Edge, candidate_edges, number_tokens
    from pipeline.sql import query_file, run_file

    rng = random.Random(3)
    vocab = [f"w{chr(97 + i)}" for i in range(12)] + ["v2", "v3", "part ii"]
    boilerplate = match_key("The publisher restricts this record; only its title is shown here. " * 4)
    sightings = []
    for i in range(150):
        title_key = " ".join(rng.sample(vocab, rng.randint(1, 6)))
        abstract = boilerplate if i % 10 == 0 else boilerplate[: rng.randint(60, len(boilerplate))]
        sightings.append(
            {
                "record_key": f"k{i:03d}",
                "arxiv_id": f"2401.{i:05d}" if i % 10 == 0 else None,
                "title_key": title_key,
                "abstract_key": abstract,
                "sha256": "page",
            }
        )
    with duckdb.connect() as con:
        con.register("identity_sightings", pa.Table.from_pylist(sightings))
        run_file(con, "build/distinct_records.sql")
        sql_edges = [Edge(**row) for row in query_file(con, "build/identity_edges.sql")]
        rows = con.sql("SELECT * FROM record_rows ORDER BY record_key").to_arrow_table().to_pylist()
    assert all(r["title_numbers"] == " ".join(number_tokens(r["title_key"])) for r in rows)
    python_edges = candidate_edges(rows)
    near = [e for e in python_edges if e.rule == "near_duplicate"]
    assert len(near) > 50  # the block really is crowded with near-duplicate titles
    assert sql_edges == python_edges
    carriers: dict[str, set[str]] = {}  # the boilerplate's titles, by block (the title's numbers)
    for r in rows:
        if r["abstract_key"] == boilerplate:
            carriers.setdefault(r["title_numbers"], set()).add(r["title_key"])
    boilerplate_keys = {
        r["record_key"]
        for r in rows
        if r["abstract_key"] == boilerplate and len(carriers[r["title_numbers"]]) >= 5
    }
    assert boilerplate_keys
    assert not boilerplate_keys & {k for e in near for k in (e.a, e.b)}


def _real_cope_texts() -> tuple[str, str, str]:
    """A real paper whose listed abstract was edited by one letter between two days (2602.05258:
    "enchancement" on 2026-02-07, "enhancement" from 2026-02-08): title, older text, newer text."""
    import pytest

    from tests.support import real_rows

    if not real_rows.available():
        pytest.skip(real_rows.MISSING_MESSAGE)
    rows = [r for r in real_rows.load_rows() if r.arxiv_id == "2602.05258"]
    older, newer = rows[0], rows[-1]
    assert "enchancement" in older.abstract and "enhancement" in newer.abstract
    return newer.title, older.abstract, newer.abstract


def test_a_typo_fixed_in_an_abstract_is_the_same_paper():
    """The real case: the older day on a page without ids, the newer with its id. The typo is in the
    abstract's opening, so the two texts are in different blocks; the bare card of the title joins
    them too (its title no longer names two papers). A typo further on is in the same block."""
    title, older, newer = _real_cope_texts()
    rows = [row(title, newer, "2602.05258"), row(title, older), row(title, "")]
    assert len(set(papers_of(rows))) == 1
    how = {a.record_key: (a.rule, a.evidence) for a in assign_papers(rows)}
    rule, evidence = how[rows[1]["record_key"]]
    assert rule == "edited_abstract"
    assert evidence.startswith("same normalised title; abstract_edit_distance=1/")
    further = newer.index(" ", 400) + 2  # a letter inside a word, far past the opening
    typo = newer[:further] + newer[further + 1] + newer[further] + newer[further + 2 :]
    assert typo != newer
    assert len(set(papers_of([rows[0], row(title.upper(), typo)]))) == 1


def test_same_title_and_an_abstract_more_than_a_typo_apart_are_two_papers():
    """A changed number is another result; a changed word is another text. Two arXiv ids a typo
    apart stay two papers, like any two ids."""
    title, _older, newer = _real_cope_texts()
    digit = next(i for i, ch in enumerate(newer) if ch.isdigit())
    renumbered = newer[:digit] + str((int(newer[digit]) + 1) % 10) + newer[digit + 1 :]
    reworded = newer.replace("enhancement", "alternative", 1)
    for other in (renumbered, reworded):
        assert len(set(papers_of([row(title, newer), row(title, other)]))) == 2
    typo = newer.replace("enhancement", "enchancement", 1)
    assert len(set(papers_of([row(title, newer, "2602.05258"), row(title, typo, "2602.99999")]))) == 2


def test_sql_edited_pairs_and_hoods_equal_the_python_rules():
    """Typo-fixed abstracts of real papers (in the opening and further on; one, two or four edits;
    a number changed), bare cards and an id: DuckDB finds the same edges and the same hoods as the
    plain statement of the rules."""
    import duckdb
    import pyarrow as pa

    from pipeline.identity import candidate_edges, hoods
    from pipeline.sql import query_file, run_file
    from tests.support.identity_families import _long_rows, with_typo

    rng = random.Random(7)
    sightings = []
    for i, paper in enumerate(_long_rows(40, seed=4)):
        text = paper.abstract
        versions = [text]
        for k in range(1 + i % 4):  # 1-4 typos, each kept as a version of its own
            versions.append(with_typo(versions[-1], rng, opening=(i + k) % 2 == 0))
        if i % 5 == 0:
            versions.append("".join(str((int(c) + 1) % 10) if c.isdigit() else c for c in text))
        if i % 3 == 0:
            versions.append("")
        for k, version in enumerate(versions):
            r = row(paper.title, version, paper.arxiv_id if k == 0 and i % 2 else None)
            sightings.append({**r, "sha256": "page"})
    sightings += [{**r, "sha256": "page"} for r in _two_titles_sharing_blocks().values()]
    with duckdb.connect() as con:
        con.register("identity_sightings", pa.Table.from_pylist(sightings))
        run_file(con, "build/distinct_records.sql")
        sql_edges = [Edge(**e) for e in query_file(con, "build/identity_edges.sql")]
        rows = con.sql("SELECT * FROM record_rows ORDER BY record_key").to_arrow_table().to_pylist()
    python_edges = candidate_edges(rows)
    assert sql_edges == python_edges
    edited = [e for e in python_edges if e.rule == "edited_abstract"]
    assert len(edited) > 20
    python_hoods = hoods(rows)
    with_text = [r for r in rows if r["abstract_key"] not in ("", r["title_key"])]

    def partition(hood_of: dict[str, str]) -> set[frozenset[str]]:  # hoods as key sets: SQL names them by md5
        members: dict[str, set[str]] = {}
        for r in with_text:
            members.setdefault(hood_of[r["record_key"]], set()).add(r["record_key"])
        return {frozenset(keys) for keys in members.values()}

    assert partition({r["record_key"]: r["hood"] for r in rows}) == partition(python_hoods)
    assert any(r["hood"] != r["content_hood"] for r in with_text)  # blocks were joined


def _two_titles_sharing_blocks() -> dict[str, dict]:
    from tests.support.identity_families import two_titles_sharing_blocks

    return {name: row(title, abstract) for name, (title, abstract) in two_titles_sharing_blocks().items()}


def test_a_bare_card_does_not_join_when_another_titles_typo_joins_its_titles_blocks():
    """Two texts of title X sharing a hood because title Y's typo-fixed pair joined their blocks
    are still two papers of X: X's bare card cannot say which one it is."""
    r = _two_titles_sharing_blocks()
    ids = dict(zip(r, papers_of(list(r.values())), strict=True))
    assert ids["Z"] == ids["W"]
    assert len({ids["A"], ids["C"], ids["K"], ids["Z"]}) == 4


def test_texts_of_two_arxiv_ids_a_typo_apart_leave_a_bare_card_apart():
    """Two ids never merge, so their typo-close texts say the title names two papers."""
    title, _older, newer = _real_cope_texts()
    typo = newer.replace("enhancement", "enchancement", 1)
    rows = [row(title, newer, "2602.05258"), row(title, typo, "2602.99999"), row(title, "")]
    assert len(set(papers_of(rows))) == 3


def test_the_numbers_of_a_text_do_not_depend_on_its_spacing():
    """`16000` and `1 6000` are one squeezed text; whichever key stands for it, a typo-fixed copy
    of it joins it (adding a sighting never splits a paper)."""
    body = (
        "We pretrain a small vision language model on 16000 curated image text pairs and show that "
        "careful data selection matters more than scale for grounding tasks across many benchmarks."
    )
    title = "Small Data Grounding"
    pair = [row(title, body), row(title, body.replace("careful", "carefull"))]
    for spacing in ("16 000", "1 6000", "160 00"):
        assert len(set(papers_of([*pair, row(title, body.replace("16000", spacing))]))) == 1, spacing
