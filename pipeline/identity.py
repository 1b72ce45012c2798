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

4. ``edited_abstract`` - the same normalised title and abstracts a few characters apart (2 edits
   below 300 characters, ``MAX_EDIT`` from there; the same numbers in the same order): a typo fixed
   between two days of a listing (real: "enchancement" -> "enhancement"). Where the edit is in the
   abstract's opening the two records are in different blocks; their blocks then become one *hood*
   (below), so the merge stays inside one.
5. ``same_title`` - a record without an abstract (none, or a copy of its title) is the paper of its
   title: a listing shows a paper's abstract on one page and not on another, and a plain page shows
   no arXiv id. When the title's records that have an abstract are in more than one block (that
   the title's own edited pairs do not join) they may be several papers, and the record stays apart.

An abstract that five or more different titles of one block carry (a bot's message, a publisher's
notice) is boilerplate: it is no evidence, so its records take no part in near-duplicate merges
(rules 2 and 4 still join them, both on the same title).

Two records with the same title but different abstracts (more than a typo apart) stay different
papers. A ``paper_id`` is a hash of the cluster's anchor (its arXiv id if it has one, else its
smallest record key), so the same input always yields the same ids, whatever order the pages
arrived in.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.normalize import content_key

IDENTITY_VERSION = 9  # bump when the rules change: papers are then rebuilt on the next refresh
BLOCK_CHARS = 80  # squeezed-abstract prefix that candidates must share
MIN_TITLE_SIMILARITY = 0.5  # word Jaccard of titles for a near-duplicate
BOILERPLATE_TITLES = 5  # an abstract this many different titles of one block carry is boilerplate
MAX_EDIT = 3  # edited_abstract: at most this many edits (of UTF-8 bytes; 2 below 300 characters)
EDIT_TAIL_CHARS = 40  # edited_abstract across blocks: the squeezed abstracts end alike (this many)


@dataclass(frozen=True)
class KeyAssignment:
    record_key: str
    paper_id: str
    rule: str  # how it joined its paper: "anchor", "arxiv", or the rule's name (module docstring)
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


def edit_distance(a: str, b: str, limit: int) -> int | None:
    """Levenshtein distance of the UTF-8 bytes of ``a`` and ``b`` (DuckDB's ``levenshtein`` counts
    bytes too), or None when it exceeds ``limit``: a band of ``2 * limit + 1`` diagonals is enough."""
    x, y = a.encode(), b.encode()
    if abs(len(x) - len(y)) > limit:
        return None
    big = limit + 1
    previous = [j if j <= limit else big for j in range(len(y) + 1)]
    for i in range(1, len(x) + 1):
        current = [big] * (len(y) + 1)
        if i <= limit:
            current[0] = i
        for j in range(max(1, i - limit), min(len(y), i + limit) + 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] != y[j - 1]), big
            )
        previous = current
    return previous[-1] if previous[-1] <= limit else None


def _edit_limit(long_len: int) -> int:
    """Edits allowed between two squeezed abstracts: 2 below 300 characters (a swap of two letters
    is 2), ``MAX_EDIT`` from there."""
    return min(MAX_EDIT, max(2, long_len // 100))


def edited_pairs(rows: list[dict]) -> list[tuple[str, str, int, int]]:
    """Rule 4's pairs ``(a, b, distance, longer squeezed length)``, ``a < b``.

    Per title, each distinct squeezed abstract (of a record with an abstract long enough to block
    on) is stood for by its smallest key (an arXiv key when the text has one); two of them are a
    pair when their lengths are at most ``MAX_EDIT`` apart, they are in one block or end alike (the
    last ``EDIT_TAIL_CHARS`` squeezed characters: an edit in the opening moved one of them to
    another block; comparing every text of a title with every other would grow with the square of
    a title's texts), they carry the same numbers in the same order (a changed number is another
    result, maybe another paper), they are not two different arXiv ids (a merge the union-find
    would refuse, so it joins no blocks either), and their edit distance is within
    ``_edit_limit``. The SQL twin is ``edited_pairs`` in ``sql/build/distinct_records.sql``.
    """
    texts: dict[str, dict[str, dict]] = {}
    for row in sorted(rows, key=lambda r: r["record_key"]):
        squeezed = row["abstract_key"].replace(" ", "")
        if (
            len(squeezed) < BLOCK_CHARS
            or not row["title_key"]
            or abstract_less(row["title_key"], row["abstract_key"])
        ):
            continue
        texts.setdefault(row["title_key"], {}).setdefault(squeezed, row)
    pairs = []
    for by_text in texts.values():
        items = sorted(by_text.items(), key=lambda item: item[1]["record_key"])
        for i, (sa, a) in enumerate(items):
            for sb, b in items[i + 1 :]:
                long_len = max(len(sa), len(sb))
                if abs(len(sa) - len(sb)) > MAX_EDIT:
                    continue
                if sa[:BLOCK_CHARS] != sb[:BLOCK_CHARS] and sa[-EDIT_TAIL_CHARS:] != sb[-EDIT_TAIL_CHARS:]:
                    continue
                if re.findall(r"[0-9]+", sa) != re.findall(r"[0-9]+", sb):
                    continue
                if a["arxiv_id"] and b["arxiv_id"] and a["arxiv_id"] != b["arxiv_id"]:
                    continue
                distance = edit_distance(sa, sb, _edit_limit(long_len))
                if distance is not None:
                    pairs.append((a["record_key"], b["record_key"], distance, long_len))
    return sorted(pairs)


def _joined(hood_of: dict[str, str], pairs: list[tuple[str, str, int, int]]) -> dict[str, str]:
    """``hood_of`` with the blocks that ``pairs`` join made one, named by the smallest of them."""
    parent: dict[str, str] = {}

    def find(hood: str) -> str:
        while parent.get(hood, hood) != hood:
            hood = parent[hood]
        return hood

    for a, b, _distance, _long in pairs:
        ra, rb = find(hood_of[a]), find(hood_of[b])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {key: find(hood) for key, hood in hood_of.items()}


def hoods(rows: list[dict], pairs: list[tuple[str, str, int, int]] | None = None) -> dict[str, str]:
    """Each record's hood: its content hood (``_content_hood``), where blocks that an edited pair
    joins are one hood, named by the smallest of them. Every merge of rules 1-4 joins two records
    of one hood; ``title_anchors`` places rule 5's records in one."""
    pairs = edited_pairs(rows) if pairs is None else pairs
    return _joined({row["record_key"]: _content_hood(row) for row in rows}, pairs)


def title_anchors(rows: list[dict], pairs: list[tuple[str, str, int, int]] | None = None) -> dict[str, str]:
    """Rule 5: each record without an abstract -> the key whose paper it joins.

    That is the smallest key of its title's records with an abstract when those are all in one
    block, or in blocks that the title's own edited pairs join (another title's pairs join hoods,
    not this title's texts: two of its texts sharing a hood says nothing about this title), or the
    title's smallest key when none has an abstract. The SQL twin is the last statement of
    ``sql/build/distinct_records.sql``.
    """
    pairs = edited_pairs(rows) if pairs is None else pairs
    title_of = {row["record_key"]: row["title_key"] for row in rows}
    pairs_of: dict[str, list[tuple[str, str, int, int]]] = {}
    for pair in pairs:
        pairs_of.setdefault(title_of[pair[0]], []).append(pair)
    by_title: dict[str, list[dict]] = {}
    for row in rows:
        if row["title_key"]:
            by_title.setdefault(row["title_key"], []).append(row)
    anchors: dict[str, str] = {}
    for title, records in by_title.items():
        less = [r for r in records if abstract_less(r["title_key"], r["abstract_key"])]
        if not less:
            continue
        full = [r for r in records if not abstract_less(r["title_key"], r["abstract_key"])]
        own = _joined({r["record_key"]: _content_hood(r) for r in full}, pairs_of.get(title, []))
        if len(set(own.values())) > 1:
            continue
        anchor = min(r["record_key"] for r in (full or less))
        anchors.update({r["record_key"]: anchor for r in less if r["record_key"] != anchor})
    return anchors


def _near_duplicate(a: dict, b: dict) -> str | None:
    """Evidence string when ``a`` and ``b`` are the same paper by rule 3, else None."""
    if (a["title_key"], a["abstract_key"]) == (b["title_key"], b["abstract_key"]):
        return None  # exact_content has joined them already (or refused to: two arXiv ids)
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
    first (by content group), then near-duplicates block by block, then edited abstracts, then
    same-title links.
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
    pairs = edited_pairs(rows)
    edges += [
        edge(a, b, "edited_abstract", f"same normalised title; abstract_edit_distance={distance}/{long_len}")
        for a, b, distance, long_len in pairs
    ]
    edges += [
        edge(anchor, key, "same_title", "same normalised title; no abstract on one side")
        for key, anchor in sorted(title_anchors(rows, pairs).items(), key=lambda item: (item[1], item[0]))
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
