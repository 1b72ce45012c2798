"""Which sightings are the same paper.

Rules, strongest first (each merge is recorded with its rule so analysts can audit it):

1. ``arxiv`` - the same arXiv id is the same paper. Different arXiv ids are never merged.
2. ``exact_content`` - the same normalised title *and* abstract (case, punctuation, Unicode
   quotes/dashes, HTML entities, whitespace and trailing markers do not matter).

Two records with the same title but different abstracts stay different papers. A ``paper_id`` is a
hash of the cluster's anchor (its arXiv id if it has one, else its smallest content key), so the same
input always yields the same ids, whatever order the pages arrived in.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from pipeline.normalize import content_key


@dataclass(frozen=True)
class KeyAssignment:
    record_key: str
    paper_id: str
    rule: str  # how this key joined its paper: "anchor", "arxiv", "exact_content"


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
        self.parent[rb] = ra
        self.arxiv[ra] = xa or xb
        return True


def paper_id_for(anchor: str) -> str:
    return "p" + hashlib.sha1(anchor.encode()).hexdigest()[:15]


def assign_papers(rows: list[dict]) -> list[KeyAssignment]:
    """Cluster distinct record keys into papers.

    ``rows`` hold ``record_key``, ``arxiv_id``, ``title_key`` and ``abstract_key``, one per record key.
    """
    uf = _UnionFind()
    rule: dict[str, str] = {}
    by_content: dict[str, list[str]] = {}
    for row in sorted(rows, key=lambda r: r["record_key"]):
        key = row["record_key"]
        uf.add(key, row["arxiv_id"])
        by_content.setdefault(content_key(row["title_key"], row["abstract_key"]), []).append(key)
    for keys in by_content.values():
        # Content shared by records with *different* arXiv ids is ambiguous: leave them apart.
        ids = {uf.arxiv[k] for k in keys if uf.arxiv[k]}
        if len(ids) > 1:
            continue
        for other in keys[1:]:
            if uf.union(keys[0], other):
                rule.setdefault(other, "exact_content")
    out = []
    for key in sorted(uf.parent):
        root = uf.find(key)  # the smallest key of the cluster: union() keeps the smaller root
        arxiv_id = uf.arxiv[root]
        anchor = f"arxiv:{arxiv_id}" if arxiv_id else root
        how = "anchor" if key == root else rule.get(key, "arxiv")
        out.append(KeyAssignment(key, paper_id_for(anchor), how))
    return out
