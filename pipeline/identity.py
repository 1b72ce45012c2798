"""Which sightings are the same paper.

Rules, strongest first. Every key that joins a paper is recorded with its rule and evidence
(``paper_aliases`` in the warehouse) so analysts can audit each merge:

1. ``arxiv`` - the same arXiv id is the same paper. Two different arXiv ids are never merged, by
   any rule: the union-find refuses a merge that would put two ids in one paper.
2. ``exact_content`` - the same normalised title *and* abstract (case, punctuation, Unicode
   quotes/dashes, HTML entities, whitespace and trailing markers do not matter).
3. ``near_duplicate`` - abstracts that agree once spaces are removed (re-wrapped, ``pre-training``
   vs ``pretraining``), where one may be a truncation of the other (``…``), and titles that share
   most of their words (an arXiv v2 retitle). Candidates are *blocked* on the first characters of
   the squeezed abstract and on the numbers in the title, so only records in the same small block
   are ever compared - no loop over all pairs - and titles that differ in a number (``Qwen2`` and
   ``Qwen3``, ``variant 3`` and ``variant 7``, ``Part I`` and ``Part II``) are never compared at
   all: they name different papers unless their arXiv ids say otherwise.

4. ``same_title`` - a record without an abstract (none, or a copy of its title) is the paper of its
   title: a listing shows a paper's abstract on one page and not on another, and a plain page shows
   no arXiv id. When the title's records that have an abstract are in more than one block they may
   be several papers, and the record stays apart.

An abstract that five or more different titles of one block carry (a bot's message, a publisher's
notice) is boilerplate: it is no evidence, so its records take part in exact-content merges only.

Two records with the same title but different abstracts stay different papers. A ``paper_id`` is a
hash of the cluster's anchor (its arXiv id if it has one, else its smallest record key), so the same
input always yields the same ids, whatever order the pages arrived in.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.normalize import content_key

IDENTITY_VERSION = 8  # bump when the rules change: papers are then rebuilt on the next refresh
BLOCK_CHARS = 80  # squeezed-abstract prefix that candidates must share
MIN_TITLE_SIMILARITY = 0.5  # word Jaccard of titles for a near-duplicate
BOILERPLATE_TITLES = 5  # an abstract this many different titles of one block carry is boilerplate


@dataclass(frozen=True)
class KeyAssignment:
    record_key: str
    paper_id: str
    rule: str  # how it joined its paper: "anchor", "arxiv", "exact_content", "near_duplicate", "same_title"
    evidence: str = ""


def paper_id_for(anchor: str) -> str:
    return "p" + hashlib.sha1(anchor.encode()).hexdigest()[:15]


def title_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the word sets of two title keys."""
    wa, wb = set(a.split()), set(b.split())
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


# Roman numerals name parts and versions ("Part II"). They are kept as words, not read as numbers:
# "Part II" and "v2" are different papers of one series.
_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})


def number_tokens(title_key: str) -> list[str]:
    """The numbers in a title's words and its Roman numerals, sorted (``qwen3`` -> ``3``, ``v2`` ->
    ``2``, ``part ii`` -> ``ii``).

    Titles that differ in one (Qwen2 vs Qwen3, variant 3 vs variant 7, v2 vs v3, Part I vs Part II,
    a title with "Part I" and one without) name different papers; ``VisionVAE-2`` and
    ``VisionVAE2`` have the same. The SQL twin is ``title_numbers`` in
    ``sql/build/distinct_records.sql``.
    """
    words = set(title_key.split())
    return sorted(run for word in words for run in ([word] if word in _ROMAN else re.findall(r"\d+", word)))


def block_key(title_key: str, abstract_key: str) -> str | None:
    """The near-duplicate block of a record: the squeezed abstract's first ``BLOCK_CHARS``
    characters and the title's numbers; None when the abstract is too short to block on."""
    squeezed = abstract_key.replace(" ", "")
    if len(squeezed) < BLOCK_CHARS:
        return None
    return squeezed[:BLOCK_CHARS] + "#" + " ".join(number_tokens(title_key))


def abstract_less(title_key: str, abstract_key: str) -> bool:
    """Whether a record shows no abstract: none, or a copy of its title."""
    return abstract_key in ("", title_key)


def _content_hood(row: dict) -> str:
    """The block a record with an abstract is compared in, or its exact content when too short."""
    block = block_key(row["title_key"], row["abstract_key"])
    return f"b:{block}" if block is not None else content_key(row["title_key"], row["abstract_key"])


def title_anchors(rows: list[dict]) -> dict[str, str]:
    """Rule 4: each record without an abstract -> the key whose paper it joins.

    That is the smallest key of its title's records with an abstract when those are all in one
    hood, or the title's smallest key when none has an abstract. The SQL twin is ``title_links`` in
    ``sql/build/distinct_records.sql``.
    """
    by_title: dict[str, list[dict]] = {}
    for row in rows:
        if row["title_key"]:
            by_title.setdefault(row["title_key"], []).append(row)
    anchors: dict[str, str] = {}
    for records in by_title.values():
        less = [r for r in records if abstract_less(r["title_key"], r["abstract_key"])]
        full = [r for r in records if not abstract_less(r["title_key"], r["abstract_key"])]
        if not less or len({_content_hood(r) for r in full}) > 1:
            continue
        anchor = min(r["record_key"] for r in (full or less))
        anchors.update({r["record_key"]: anchor for r in less if r["record_key"] != anchor})
    return anchors


def _near_duplicate(a: dict, b: dict) -> str | None:
    """Evidence string when ``a`` and ``b`` are the same paper by rule 3, else None."""
    sa, sb = a["abstract_squeezed"], b["abstract_squeezed"]
    short, long_ = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    if not long_.startswith(short):  # both have the block's BLOCK_CHARS: a cut keeps at least those
        return None
    similarity = title_similarity(a["title_key"], b["title_key"])
    if similarity < MIN_TITLE_SIMILARITY:
        return None
    return f"title_similarity={similarity:.2f}; abstract_prefix={len(short)}/{len(long_)}"


@dataclass(frozen=True)
class Edge:
    """A candidate merge of record key ``b`` into ``a``'s paper, by ``rule``."""

    a: str
    b: str
    a_arxiv: str | None
    b_arxiv: str | None
    rule: str
    evidence: str


def candidate_edges(rows: list[dict]) -> list[Edge]:
    """Candidate merges among ``rows`` (``record_key``, ``arxiv_id``, ``title_key``, ``abstract_key``).

    The plain-Python statement of the rules, in the order they are applied: exact-content merges
    first (by content group), then near-duplicates block by block, then same-title links.
    ``sql/build/identity_edges.sql`` computes the same list in DuckDB for real corpora; a test holds
    the two equal.
    """
    rows = sorted(rows, key=lambda r: r["record_key"])
    arxiv = {r["record_key"]: r["arxiv_id"] for r in rows}
    by_content: dict[str, list[str]] = {}
    for row in rows:
        content = content_key(row["title_key"], row["abstract_key"])
        by_content.setdefault(content, []).append(row["record_key"])
    blocked = [
        (block, row["abstract_key"].replace(" ", ""), row)
        for row in rows
        if not abstract_less(row["title_key"], row["abstract_key"])
        and (block := block_key(row["title_key"], row["abstract_key"])) is not None
    ]
    carriers: dict[tuple[str, str], set[str]] = {}
    for block, squeezed, row in blocked:
        carriers.setdefault((block, squeezed), set()).add(row["title_key"])
    blocks: dict[str, list[dict]] = {}
    for block, squeezed, row in blocked:
        if len(carriers[(block, squeezed)]) < BOILERPLATE_TITLES:
            blocks.setdefault(block, []).append({**row, "abstract_squeezed": squeezed})

    def edge(a: str, b: str, rule: str, evidence: str) -> Edge:
        return Edge(a, b, arxiv[a], arxiv[b], rule, evidence)

    edges = [
        edge(keys[0], other, "exact_content", "same normalised title and abstract")
        for keys in by_content.values()
        for other in keys[1:]
    ]
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                evidence = _near_duplicate(a, b)
                if evidence:
                    edges.append(edge(a["record_key"], b["record_key"], "near_duplicate", evidence))
    edges += [
        edge(anchor, key, "same_title", "same normalised title; no abstract on one side")
        for key, anchor in sorted(title_anchors(rows).items(), key=lambda item: (item[1], item[0]))
    ]
    return edges


@dataclass
class EdgeColumns:
    """Candidate merges as columns, in the order they are applied (row i is one ``Edge``): what
    DuckDB hands over without building an object per edge. The keys may stay Arrow columns."""

    a: list[str] | pa.ChunkedArray
    b: list[str] | pa.ChunkedArray
    a_arxiv: list[str | None]
    b_arxiv: list[str | None]
    rule: list[str]
    evidence: list[str]

    @classmethod
    def of(cls, edges: list[Edge]) -> EdgeColumns:
        return cls(
            [e.a for e in edges],
            [e.b for e in edges],
            [e.a_arxiv for e in edges],
            [e.b_arxiv for e in edges],
            [e.rule for e in edges],
            [e.evidence for e in edges],
        )


@dataclass
class ClusteredKeys:
    """One assignment per key that appears in any edge, as columns (record_key order). ``anchor``
    names the key's paper (its arXiv id as ``arxiv:<id>``, else its smallest key): ``paper_id_for``
    of it is the paper's id, which the build computes in SQL."""

    record_key: list[str]
    anchor: list[str]
    rule: list[str]
    evidence: list[str]


def _string_array(column: list[str] | pa.ChunkedArray) -> pa.Array:
    if isinstance(column, pa.ChunkedArray):
        return column.combine_chunks().cast(pa.string())
    return pa.array(column, pa.string())


def _numbered(
    a: list[str] | pa.ChunkedArray, b: list[str] | pa.ChunkedArray
) -> tuple[list[str], list[int], list[int]]:
    """The edges' keys in sorted order, and each edge's two keys as their numbers in that order.

    One dictionary encoding and one sort of the distinct keys, in Arrow's C++: at 20,000 variant
    pages (1.3M edge ends, 669,000 keys) 0.5 s, where a Python set, sort and dict took 1.5 s.
    Arrow sorts strings by their UTF-8 bytes, which is the order of their code points, as Python's.
    """
    ends = pa.concat_arrays([_string_array(a), _string_array(b)])
    encoded = ends.dictionary_encode()
    order = pc.array_sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    numbers = rank[encoded.indices.to_numpy(zero_copy_only=False)]
    n_edges = len(ends) // 2
    keys = encoded.dictionary.take(pa.array(order)).to_pylist()
    return keys, numbers[:n_edges].tolist(), numbers[n_edges:].tolist()


def cluster_columns(edges: EdgeColumns) -> ClusteredKeys:
    """Apply candidate merges in order (a union-find); one assignment per key in any edge.

    A merge that would put two different arXiv ids in one paper is refused. The smaller key stays
    a part's root, so anchors do not depend on the order of merges. Keys are numbered in sorted
    order (``_numbered``) and the union-find runs on lists indexed by those numbers, not on
    string-keyed dicts (5.2 s for 668,000 edges); comparing numbers is comparing keys.
    """
    keys, a, b = _numbered(edges.a, edges.b)
    parent = list(range(len(keys)))
    # Each key's arXiv id, as the first edge that names the key has it; a root's becomes its part's.
    arxiv: list[str | None] = [None] * len(keys)
    for i in reversed(range(len(a))):
        arxiv[b[i]] = edges.b_arxiv[i]
        arxiv[a[i]] = edges.a_arxiv[i]

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving
            x = parent[x]
        return x

    how: dict[int, int] = {}  # key -> the edge by which it (or the part it headed) joined a paper
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        rx, ry = find(x), find(y)
        if rx == ry:
            continue
        ax, ay = arxiv[rx], arxiv[ry]
        if ax and ay and ax != ay:
            continue  # two different arXiv ids are never one paper
        if ry < rx:
            rx, ry = ry, rx
        parent[ry] = rx
        arxiv[rx] = ax or ay
        # y joined x's paper by this rule; so did the head of the part that is no longer a root
        # (a bare card with an id heads the paper a card without one joins)
        how.setdefault(y, i)
        how.setdefault(ry, i)

    out = ClusteredKeys([], [], [], [])
    for k, key in enumerate(keys):
        root = find(k)
        arxiv_id = arxiv[root]
        if k == root:
            rule, evidence = "anchor", ""
        elif arxiv[k] and arxiv[k] == arxiv_id and k not in how:
            rule, evidence = "arxiv", f"arXiv {arxiv_id}"
        elif k in how:
            rule, evidence = edges.rule[how[k]], edges.evidence[how[k]]
        else:
            rule, evidence = "arxiv", f"arXiv {arxiv_id}"
        out.record_key.append(key)
        out.anchor.append(f"arxiv:{arxiv_id}" if arxiv_id else keys[root])
        out.rule.append(rule)
        out.evidence.append(evidence)
    return out


def cluster(edges: list[Edge]) -> list[KeyAssignment]:
    """Apply candidate merges in order; one assignment per key that appears in any edge.

    Keys in no edge are papers of their own (anchor = the key, so ``paper_id_for(key)``).
    """
    c = cluster_columns(EdgeColumns.of(edges))
    return [
        KeyAssignment(key, paper_id_for(anchor), rule, evidence)
        for key, anchor, rule, evidence in zip(c.record_key, c.anchor, c.rule, c.evidence, strict=True)
    ]


def assign_papers(rows: list[dict]) -> list[KeyAssignment]:
    """Cluster distinct record keys into papers (plain Python, for small inputs and tests).

    ``rows`` hold ``record_key``, ``arxiv_id``, ``title_key`` and ``abstract_key``, one per record key.
    """
    clustered = {a.record_key: a for a in cluster(candidate_edges(rows))}
    singles = [
        KeyAssignment(r["record_key"], paper_id_for(r["record_key"]), "anchor")
        for r in rows
        if r["record_key"] not in clustered
    ]
    return sorted([*clustered.values(), *singles], key=lambda a: a.record_key)
