"""Which sightings are the same paper.

Rules, strongest first. Every key that joins a paper is recorded with its rule and evidence
(``paper_aliases`` in the warehouse) so analysts can audit each merge:

1. ``arxiv`` - the same arXiv id is the same paper. Two different arXiv ids are never merged, by
   any rule: the union-find refuses a merge that would put two ids in one paper.
2. ``exact_content`` - the same normalised title *and* abstract (case, punctuation, Unicode
   quotes/dashes, HTML entities, whitespace and trailing markers do not matter).
3. ``near_duplicate`` - abstracts that agree once spaces are removed (re-wrapped, ``pre-training``
   vs ``pretraining``), where one may be a truncation of the other (``…``), and titles that share
   most of their words (an arXiv v2 retitle) and the same words with digits (``Qwen2`` and
   ``Qwen3``, or ``variant 3`` and ``variant 7``, are different papers). Candidates are *blocked*
   on the first characters of the squeezed abstract, so only records in the same small block are
   ever compared - no loop over all pairs.

Two records with the same title but different abstracts stay different papers. A ``paper_id`` is a
hash of the cluster's anchor (its arXiv id if it has one, else its smallest record key), so the same
input always yields the same ids, whatever order the pages arrived in.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from pipeline.normalize import content_key

IDENTITY_VERSION = 5  # bump when the rules change: papers are then rebuilt on the next refresh
BLOCK_CHARS = 120  # squeezed-abstract prefix that candidates must share
MIN_TITLE_SIMILARITY = 0.5  # word Jaccard of titles for a near-duplicate
MIN_SHARED_ABSTRACT = 0.25  # a truncated abstract keeps at least a quarter of the full one


@dataclass(frozen=True)
class KeyAssignment:
    record_key: str
    paper_id: str
    rule: str  # how this key joined its paper: "anchor", "arxiv", "exact_content", "near_duplicate"
    evidence: str = ""


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.arxiv: dict[str, str | None] = {}

    def add(self, key: str, arxiv_id: str | None) -> None:
        self.parent.setdefault(key, key)
        self.arxiv.setdefault(key, arxiv_id)

    def find(self, key: str) -> str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> bool:
        """Merge unless that would put two different arXiv ids in one paper."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        xa, xb = self.arxiv[ra], self.arxiv[rb]
        if xa and xb and xa != xb:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra  # the smaller key stays the root: anchors do not depend on order
        self.arxiv[ra] = xa or xb
        return True


def paper_id_for(anchor: str) -> str:
    return "p" + hashlib.sha1(anchor.encode()).hexdigest()[:15]


def title_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the word sets of two title keys."""
    wa, wb = set(a.split()), set(b.split())
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def number_tokens(title_key: str) -> list[str]:
    """The numbers in a title's words, sorted (``qwen3`` -> ``3``, ``v2`` -> ``2``). Titles that
    differ in one (Qwen2 vs Qwen3, variant 3 vs variant 7, v2 vs v3) name different papers;
    ``VisionVAE-2`` and ``VisionVAE2`` have the same."""
    return sorted(run for word in set(title_key.split()) for run in re.findall(r"\d+", word))


def _near_duplicate(a: dict, b: dict) -> str | None:
    """Evidence string when ``a`` and ``b`` are the same paper by rule 3, else None."""
    sa, sb = a["abstract_squeezed"], b["abstract_squeezed"]
    short, long_ = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    if not long_.startswith(short) or len(short) < MIN_SHARED_ABSTRACT * len(long_):
        return None
    similarity = title_similarity(a["title_key"], b["title_key"])
    if similarity < MIN_TITLE_SIMILARITY or number_tokens(a["title_key"]) != number_tokens(b["title_key"]):
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
    first (by content group), then near-duplicates block by block. ``sql/build/identity_edges.sql``
    computes the same list in DuckDB for real corpora; a test holds the two equal.
    """
    rows = sorted(rows, key=lambda r: r["record_key"])
    arxiv = {r["record_key"]: r["arxiv_id"] for r in rows}
    by_content: dict[str, list[str]] = {}
    blocks: dict[str, list[dict]] = {}
    for row in rows:
        content = content_key(row["title_key"], row["abstract_key"])
        by_content.setdefault(content, []).append(row["record_key"])
        squeezed = row["abstract_key"].replace(" ", "")
        if len(squeezed) >= BLOCK_CHARS:
            blocks.setdefault(squeezed[:BLOCK_CHARS], []).append({**row, "abstract_squeezed": squeezed})

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
    return edges


def cluster(edges: list[Edge]) -> list[KeyAssignment]:
    """Apply candidate merges in order; one assignment per key that appears in any edge.

    Keys in no edge are papers of their own (anchor = the key, so ``paper_id_for(key)``).
    """
    uf = _UnionFind()
    how: dict[str, tuple[str, str]] = {}
    for e in edges:
        uf.add(e.a, e.a_arxiv)
        uf.add(e.b, e.b_arxiv)
    for e in edges:
        if uf.find(e.a) == uf.find(e.b):
            continue
        if uf.union(e.a, e.b):
            how.setdefault(e.b, (e.rule, e.evidence))

    out = []
    for key in sorted(uf.parent):
        root = uf.find(key)
        arxiv_id = uf.arxiv[root]
        anchor = f"arxiv:{arxiv_id}" if arxiv_id else root
        if key == root:
            rule, evidence = "anchor", ""
        elif uf.arxiv[key] and uf.arxiv[key] == arxiv_id and key not in how:
            rule, evidence = "arxiv", f"arXiv {arxiv_id}"
        else:
            rule, evidence = how.get(key, ("arxiv", f"arXiv {arxiv_id}"))
        out.append(KeyAssignment(key, paper_id_for(anchor), rule, evidence))
    return out


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
