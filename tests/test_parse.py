"""Parsing page text into records and rejects, for every layout and the usual breakage."""

import textwrap
from datetime import date

import pytest

from conftest import ABSTRACT, FIXTURES, HEADER, HEADER_LINES, spaced
from pipeline.card_vocabulary import bracketed_avatar_name
from pipeline.config import BUNDLED_RAW_DIR
from pipeline.parse import parse_page


def test_spaced_sample_page():
    page = parse_page((BUNDLED_RAW_DIR / "000_8e204f4297e1cc17.txt").read_text())
    assert page.layout == "spaced" and page.page_date == (3, 14) and page.page_date_text == "Mar 14"
    assert len(page.records) == 74 and not page.rejects
    first = page.records[0]
    assert first.title == "Quantifying Generalization Complexity for Large Language Models"
    assert first.line_number == 11 and first.abstract_line == 13 and first.position == 1
    assert first.abstract.startswith("While large language models (LLMs)")


def test_compact_sample_page_unglues_the_header_from_the_first_title():
    page = parse_page((BUNDLED_RAW_DIR / "004_5eb5cd19f5667830.txt").read_text())
    assert page.layout == "compact" and page.page_date is None
    assert len(page.records) == 223 and not page.rejects
    first = page.records[0]
    assert first.raw_title == "SubscribeSimple and Controllable Music Generation"
    assert first.title == "Simple and Controllable Music Generation"
    assert first.header_glued and first.line_number == 3


@pytest.mark.parametrize(
    ("title", "glued"),
    [
        ("mHC: Manifold-Constrained Hyper-Connections", True),  # real first titles of compact pages
        ("dLLM: Simple Diffusion Language Modeling", True),
        ("δ-mem: Efficient Online Memory for Large Language Models", True),
        ("rs of the Listing Read Every Paper Twice", False),  # "Subscribers ...": a word, not the header
    ],
)
def test_the_header_is_unglued_from_a_first_title_that_opens_in_lower_case(title, glued):
    """The compact layout glues the header's ``Subscribe`` to the first title. A title opening in
    lower case (``mHC``, ``dLLM``, ``δ-mem``) was left glued: a paper ``SubscribemHC: …`` beside
    its real sightings on other days. A word the header begins (``Subscribers``) stays whole."""
    lines = _compact_sample_lines()
    first = next(n for n, line in enumerate(lines) if line.startswith("Subscribe") and len(line) > 9)
    lines[first] = "Subscribe" + title
    page = parse_page("\n".join(lines))
    assert page.records[0].title == (title if glued else "Subscribe" + title)
    assert page.records[0].header_glued is glued


def _compact_sample_lines() -> list[str]:
    return (BUNDLED_RAW_DIR / "004_5eb5cd19f5667830.txt").read_text().split("\n")


def test_rich_export_carries_arxiv_id_authors_date_and_upvotes():
    page = parse_page((FIXTURES / "rich_2024-10-08.txt").read_text())
    assert page.layout == "rich" and page.exported == date(2024, 10, 8)
    assert [r.arxiv_id for r in page.records] == ["2410.05258", "2410.02746"]
    first = page.records[0]
    assert first.title == "Differential Transformer"
    assert (first.n_authors, first.published_date, first.upvotes) == (5, date(2024, 10, 7), 153)
    assert not page.rejects


def test_wrapped_abstract_is_joined_and_keeps_its_first_line():
    wrapped = "\n".join([ABSTRACT[:80], ABSTRACT[80:160], ABSTRACT[160:]])
    page = parse_page(spaced("A Wrapped Paper", wrapped, "Second Paper", ABSTRACT))
    assert [r.title for r in page.records] == ["A Wrapped Paper", "Second Paper"]
    assert page.records[0].abstract == " ".join([ABSTRACT[:80], ABSTRACT[80:160], ABSTRACT[160:]]).replace(
        "  ", " "
    )
    assert page.records[0].raw_abstract == wrapped


def test_crlf_nbsp_and_entities():
    text = spaced("Attention&amp;Memory:\u00a0A  Study *", ABSTRACT).replace("\n", "\r\n")
    record = parse_page(text).records[0]
    assert record.title == "Attention&Memory: A Study"
    assert record.raw_title == "Attention&amp;Memory:\u00a0A  Study *"


def test_title_without_abstract_between_two_good_records_is_rejected_alone():
    page = parse_page(spaced("Good One", ABSTRACT, "Lonely Title", "Good Two", ABSTRACT))
    assert [r.title for r in page.records] == ["Good One", "Good Two"]
    assert len(page.rejects) == 1
    reject = page.rejects[0]
    assert reject.text == "Lonely Title" and "title without abstract" in reject.reason
    assert reject.line_number == 15


def test_abstract_without_title_is_rejected_with_its_line():
    page = parse_page(spaced("Good One", ABSTRACT, ABSTRACT, "Good Two", ABSTRACT))
    assert len(page.records) == 2
    assert page.rejects[0].reason == "abstract without a title" and page.rejects[0].line_number == 15


def test_page_cut_off_after_a_title():
    page = parse_page(spaced("Good One", ABSTRACT, "Cut Off Title"))
    assert len(page.records) == 1
    assert "end of page" in page.rejects[0].reason


def test_page_cut_mid_abstract_keeps_the_partial_abstract():
    page = parse_page(spaced("Good One", ABSTRACT, "Cut Paper", "We study a problem th"))
    assert [r.abstract for r in page.records][-1] == "We study a problem th"
    assert not page.rejects


def test_enormous_line_is_rejected_not_parsed_as_an_abstract():
    huge = "x" * 3_000_000
    page = parse_page(spaced("Good One", ABSTRACT, "Title Before Junk", huge))
    assert len(page.records) == 1
    reasons = [r.reason for r in page.rejects]
    assert any("too long" in r for r in reasons) and any("title without abstract" in r for r in reasons)
    assert all(len(r.text) < 2_100 for r in page.rejects)


def test_header_only_page_has_no_records_and_no_rejects():
    page = parse_page(HEADER)
    assert page.records == [] and page.rejects == []


def test_verbatim_hostile_characters_survive():
    title = "O'Brien's \"Model\": 100% \\ faster 🚀 \u200fRTL\u200f"
    record = parse_page(spaced(title, ABSTRACT)).records[0]
    assert record.raw_title == title and record.title == title


# ---------------------------------------------------------------------------------------------
# pages in the wild: shapes the five samples do not have


def _sample_records(n: int) -> list:
    return parse_page((BUNDLED_RAW_DIR / "000_8e204f4297e1cc17.txt").read_text()).records[:n]


def test_hard_wrapped_spaced_page_is_not_mistaken_for_compact():
    """Abstracts wrapped at 72 columns give ~20 lines per blank line, as few blanks as a compact
    page with strays; pairing those lines one by one would invent records from sentence halves."""
    records = _sample_records(8)  # textwrap breaks after hyphens too: "over-" / "relying"
    text = HEADER + "\n\n".join(r.title + "\n\n" + textwrap.fill(r.abstract, 72) for r in records)
    page = parse_page(text)
    assert page.layout == "spaced" and not page.rejects
    assert [(r.title, r.abstract) for r in page.records] == [(r.title, r.abstract) for r in records]


def test_markdown_export_with_heading_links_and_one_metadata_line():
    records = _sample_records(3)
    text = "# Daily Papers\n\n" + "\n\n".join(
        f"### [{r.title}](https://huggingface.co/papers/2410.0525{i})\n\n{r.abstract}\n\n"
        f"Published on Oct {i + 1}, 2024 · {i + 4} authors · ▲ {10 + i}"
        for i, r in enumerate(records)
    )
    page = parse_page(text)
    assert page.layout == "rich" and not page.rejects
    assert [r.title for r in page.records] == [r.title for r in records]
    # The metadata line is the paper's, not the end of its abstract.
    assert [r.abstract for r in page.records] == [r.abstract for r in records]
    assert [(r.arxiv_id, r.published_date, r.n_authors, r.upvotes) for r in page.records] == [
        (f"2410.0525{i}", date(2024, 10, i + 1), i + 4, 10 + i) for i in range(3)
    ]


def test_markdown_link_papers_with_metadata_lines_before_or_after_the_abstract():
    first, second = _sample_records(2)
    text = (
        f"1. [{first.title}](https://huggingface.co/papers/2401.00001)\n5 authors\n·\nJan 2, 2024\n\n"
        f"{first.abstract}\n\n"
        f"- **[{second.title}](https://huggingface.co/papers/2401.00002)**\n{second.abstract}\n"
        "3 authors\n·\nJan 3, 2024\n [-] 7\n"
    )
    page = parse_page(text)
    assert [(r.title, r.abstract) for r in page.records] == [(r.title, r.abstract) for r in (first, second)]
    assert [(r.n_authors, r.published_date, r.upvotes) for r in page.records] == [
        (5, date(2024, 1, 2), None),
        (3, date(2024, 1, 3), 7),
    ]


def test_markdown_link_variants_escapes_title_attributes_and_trailing_metadata():
    first, second = _sample_records(2)
    text = (
        f'### [{first.title}](https://huggingface.co/papers/2410.05258 "{first.title}") · ▲ 153\n\n'
        f"{first.abstract}\n\n"
        f"### 2. [Agent\\_Bench: A \\*New\\* Benchmark](https://huggingface.co/papers/2410.02746)\n\n"
        + second.abstract.replace("(", "\\(")
        + "\n"
    )
    page = parse_page(text)
    assert page.layout == "rich" and not page.rejects and not page.warnings
    assert [(r.title, r.arxiv_id, r.upvotes) for r in page.records] == [
        (first.title, "2410.05258", 153),
        ("Agent_Bench: A *New* Benchmark", "2410.02746", None),
    ]
    assert page.records[1].abstract == second.abstract  # the escapes are Markdown's, not the text's
    assert "\\_Bench" in page.records[1].raw_title


def test_rich_page_with_a_broken_paper_block_never_gives_its_metadata_to_the_paper_before():
    lines = (FIXTURES / "rich_2024-10-08.txt").read_text().splitlines()
    second_link = "https://huggingface.co/papers/2410.02746"
    page = parse_page("\n".join(line for line in lines if line != second_link))  # paper 2 lost its links
    first = page.records[0]
    assert [r.arxiv_id for r in page.records] == ["2410.05258"]
    assert (first.n_authors, first.published_date, first.upvotes) == (5, date(2024, 10, 7), 153)
    reasons = [(r.reason, r.text.split("\n")[0]) for r in page.rejects]
    second_title = "Contrastive Localized Language-Image Pre-Training"
    assert ("text between papers that is not part of a record", second_title) in reasons
    assert ("paper metadata after text that is not a record", "12 authors") in reasons
    assert ("paper metadata after text that is not a record", "Oct 3, 2024") in reasons


def test_minimal_markdown_cards_without_links_are_papers_beside_linked_ones():
    """``### Title`` and the abstract below is a card even without a link (minimal captures)."""
    first, second = _sample_records(2)
    text = (
        f"# Daily Papers\n\n### {first.title}\n\n{first.abstract}\n\n"
        f"### [{second.title}](https://huggingface.co/papers/2410.02746)\n\n{second.abstract}\n"
    )
    page = parse_page(text)
    assert [(r.title, r.arxiv_id) for r in page.records] == [
        (first.title, None),
        (second.title, "2410.02746"),
    ]
    assert page.rejects == []


def test_abstract_before_the_first_recognised_paper_is_a_reject_not_dropped():
    first, second = _sample_records(2)
    text = (
        f"# Daily Papers\n\n{first.abstract}\n\n"
        f"### [{second.title}](https://huggingface.co/papers/2410.02746)\n\n{second.abstract}\n"
    )
    page = parse_page(text)
    assert [r.title for r in page.records] == [second.title]
    assert [(r.reason, r.line_number) for r in page.rejects] == [
        ("text before the first paper card that is not part of a record", 3)
    ]


def test_note_after_an_abstract_does_not_take_the_next_title_as_its_abstract():
    first, second = _sample_records(2)
    note = "Code is available at https://github.com/x/y."
    question = "Does your language model truly unlearn what it was told?"
    page = parse_page(spaced(first.title, first.abstract, note, question, second.abstract))
    assert [(r.title, r.abstract) for r in page.records] == [
        (first.title, first.abstract),
        (question, second.abstract),
    ]
    (reject,) = page.rejects
    assert (reject.reason, reject.text) == ("title without abstract (followed by another title)", note)


def test_titles_only_list_gives_rejects_not_titles_paired_as_abstracts():
    """A list without abstracts (a question title ends like a sentence) must not become records."""
    titles = [r.title for r in _sample_records(6)]
    titles.append("Is Attention All You Need for Long Video Understanding?")
    page = parse_page(spaced(*titles))
    assert page.records == []
    assert [r.text for r in page.rejects] == titles


def test_numbered_or_bulleted_titles_lose_the_marker_but_keep_it_raw():
    blocks = ("1. First Paper", ABSTRACT, "- Second Paper", ABSTRACT, "### Third Paper", ABSTRACT)
    page = parse_page(spaced(*blocks))
    assert [r.title for r in page.records] == ["First Paper", "Second Paper", "Third Paper"]
    assert [r.raw_title for r in page.records] == ["1. First Paper", "- Second Paper", "### Third Paper"]


def test_compact_page_with_hard_wrapped_lines_is_quarantined_not_guessed():
    records = _sample_records(5)
    text = "Subscribe" + "\n".join(r.title + "\n" + textwrap.fill(r.abstract, 76) for r in records)
    page = parse_page(text)
    assert page.records == []
    assert {r.reason for r in page.rejects} == {
        "hard-wrapped lines and no blank line between papers: cannot tell titles from abstracts"
    }
    assert len(page.rejects) == len(text.split("\n"))  # every line kept


def test_per_paper_metadata_lines_in_a_spaced_page_belong_to_their_paper():
    first, second = _sample_records(2)
    text = spaced(
        first.title,
        first.abstract,
        "Published on Mar 3, 2024 · 5 authors · ▲ 12",
        second.title,
        "4 authors",
        second.abstract,
        "Mar 4, 2024",
    )
    page = parse_page(text)
    assert not page.rejects
    assert [(r.title, r.published_date, r.n_authors, r.upvotes) for r in page.records] == [
        (first.title, date(2024, 3, 3), 5, 12),
        (second.title, date(2024, 3, 4), 4, None),
    ]
    # Other exporters: day-first dates, "•" between fields, "1.2k" upvotes on popular papers.
    page = parse_page(spaced(first.title, first.abstract, "Published on 7 Oct 2024 • 5 authors • ▲ 1.2k"))
    (record,) = page.records
    assert (record.published_date, record.n_authors, record.upvotes) == (date(2024, 10, 7), 5, 1200)


def test_metadata_is_never_given_to_the_wrong_paper_nor_dropped():
    first, second = _sample_records(2)
    too_long = "word " * 2_000
    text = spaced(
        first.title,
        first.abstract,
        too_long,
        "Published on Mar 9, 2024 · 7 authors",  # whose? not first's
        "A Title Without Its Abstract",
        "3 authors",  # its metadata goes down with it
        second.title,
        second.abstract,
    )
    page = parse_page(text)
    assert [(r.title, r.published_date, r.n_authors) for r in page.records] == [
        (first.title, None, None),
        (second.title, None, None),
    ]
    assert [(r.reason, r.text) for r in page.rejects[1:]] == [
        ("paper metadata after text that is not a record", "Published on Mar 9, 2024 · 7 authors"),
        ("title without abstract (followed by another title)", "A Title Without Its Abstract"),
        ("paper metadata of a title without abstract", "3 authors"),
    ]


def test_rich_card_without_abstract_is_still_its_paper_and_keeps_its_metadata():
    """A card's paper link makes it a paper even when the abstract is missing (real listings carry
    papers whose abstract is empty); without a link, a title alone is a reject (next test)."""
    lines = (FIXTURES / "rich_2024-10-08.txt").read_text().splitlines()
    abstract_line = next(i for i, s in enumerate(lines) if s.startswith("Transformer tends to"))
    page = parse_page("\n".join(lines[:abstract_line] + lines[abstract_line + 1 :]))
    assert (page.records[0].arxiv_id, page.records[0].title, page.records[0].abstract) == (
        "2410.05258",
        "Differential Transformer",
        "",
    )
    first = page.records[0]
    assert (first.n_authors, first.published_date, first.upvotes) == (5, date(2024, 10, 7), 153)
    assert page.rejects == []


def test_markdown_title_alone_is_a_reject_but_a_title_with_its_metadata_is_a_card():
    first, _ = _sample_records(2)
    text = (
        f"### Lonely Title\n\n### Title With Metadata\n\n5 authors · Oct 7, 2024\n\n"
        f"### {first.title}\n\n{first.abstract}\n"
    )
    page = parse_page(text)
    assert [(r.title, r.abstract, r.n_authors) for r in page.records] == [
        ("Title With Metadata", "", 5),
        (first.title, first.abstract, None),
    ]
    assert [(r.reason, r.text) for r in page.rejects] == [("title without abstract", "### Lonely Title")]


def test_lines_holding_only_invisible_characters_are_blank_lines():
    first, second = _sample_records(2)
    text = spaced(first.title, first.abstract, second.title, second.abstract)
    for blank in ("\u200b", "\u200b \ufeff", "\u2060\u00a0"):
        page = parse_page(text.replace("\n\n", f"\n{blank}\n"))
        assert page.layout == "spaced" and not page.rejects
        assert [r.title for r in page.records] == [first.title, second.title]


def test_front_matter_after_leading_blank_lines_still_gives_the_export_date():
    page = parse_page("\n \n" + (FIXTURES / "rich_2024-10-08.txt").read_text())
    assert page.exported == date(2024, 10, 8) and not page.warnings
    assert [r.arxiv_id for r in page.records] == ["2410.05258", "2410.02746"]


def test_title_line_directly_followed_by_its_abstract_is_split():
    first, second = _sample_records(2)
    wrapped = textwrap.fill(second.abstract, 76)
    page = parse_page(spaced(f"{first.title}\n{first.abstract}", f"{second.title}\n{wrapped}"))
    assert [(r.title, r.abstract) for r in page.records] == [(r.title, r.abstract) for r in (first, second)]
    assert [(r.line_number, r.abstract_line) for r in page.records] == [
        (HEADER_LINES + 1, HEADER_LINES + 2),
        (HEADER_LINES + 4, HEADER_LINES + 5),
    ]


def test_wrapped_abstract_without_its_title_is_not_split_into_a_title():
    (record,) = _sample_records(1)
    page = parse_page(spaced(textwrap.fill(record.abstract, 76), "Next Paper", ABSTRACT))
    assert [r.title for r in page.records] == ["Next Paper"]
    assert [r.reason for r in page.rejects] == ["abstract without a title"]


def test_abstract_label_is_not_part_of_the_abstract():
    page = parse_page(spaced("Paper One", "Abstract: " + ABSTRACT, "Paper Two", "ABSTRACT. " + ABSTRACT))
    assert [r.abstract for r in page.records] == [ABSTRACT, ABSTRACT]
    assert page.records[0].raw_abstract == "Abstract: " + ABSTRACT


def test_markdown_export_furniture_is_neither_abstract_nor_reject():
    """Thumbnails, 'Submitted by', lines of links around a Markdown paper: the abstract is the prose."""
    records = _sample_records(2)
    text = "# Daily Papers\n\n" + "\n\n".join(
        f"![](https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2410.0525{i}.png)\n\n"
        f"## [{r.title}](https://huggingface.co/papers/2410.0525{i})\n\nSubmitted by akhaliq\n\n"
        f"{r.abstract}\n\n"
        f"[GitHub](https://github.com/x/y) · [arXiv](https://arxiv.org/abs/2410.0525{i})\n\n▲ 42 · 7 authors"
        for i, r in enumerate(records)
    )
    page = parse_page(text)
    assert not page.rejects
    assert [(r.title, r.abstract, r.upvotes, r.n_authors) for r in page.records] == [
        (r.title, r.abstract, 42, 7) for r in records
    ]


def test_markdown_paper_with_a_short_note_before_its_abstract_keeps_the_note_as_a_reject():
    (record,) = _sample_records(1)
    link = f"[{record.title}](https://huggingface.co/papers/2410.05250)"
    text = f"{link}\n\nAccepted at ICLR 2025\n\n{record.abstract}\n"
    page = parse_page(text)
    assert [r.abstract for r in page.records] == [record.abstract]
    assert [(r.reason, r.text) for r in page.rejects] == [
        ("paragraph in a paper's block that is not its abstract", "Accepted at ICLR 2025")
    ]


def test_a_one_or_two_word_abstract_under_a_linked_title_is_the_abstract():
    """Real submitters write ``data selection`` or ``upload`` as the summary. Under a title that
    links the paper (a text browser's dump: no heading), such text before the card's metadata is
    its abstract by place, as under a heading; it used to be dropped as chrome."""
    cards = []
    for n, summary in enumerate(["data selection", "upload", ABSTRACT]):
        paper = f"https://huggingface.co/papers/2512.1690{n}"
        cards.append(f"[{n}](https://huggingface.co/login?next=%2Fpapers%2F2512.1690{n})\n")
        cards.append(f"[Paper number {n}: a study of selection]({paper})\n\n{summary}\n")
        cards.append(f"[5 authors]({paper})\n·\nDec 8\n")
    page = parse_page("Dec 9\n\n" + "\n".join(cards))
    assert [r.abstract for r in page.records] == ["data selection", "upload", ABSTRACT]
    assert page.rejects == []


def test_link_line_under_a_plain_title_gives_the_arxiv_id_not_title_text():
    page = parse_page(
        spaced(
            "A Linked Paper\nhttps://arxiv.org/abs/2410.05258v2",
            ABSTRACT,
            "Another Paper\nhttps://github.com/org/repo",
            ABSTRACT,
        )
    )
    assert [(r.title, r.arxiv_id) for r in page.records] == [
        ("A Linked Paper", "2410.05258"),
        ("Another Paper", None),
    ]
    assert page.records[0].raw_title == "A Linked Paper\nhttps://arxiv.org/abs/2410.05258v2"


def test_a_card_shown_twice_on_one_page_is_one_sighting():
    """Trending pages show some cards twice; the second showing adds only what the first lacked."""
    text = (FIXTURES / "rich_2024-10-08.txt").read_text()
    lines = text.splitlines()
    first_card = lines[lines.index("https://huggingface.co/login?next=%2Fpapers%3Fdate%3D2024-10-08") :]
    first_card = first_card[: first_card.index(" [-] 153") + 1]
    page = parse_page(text + "\n" + "\n".join(first_card) + "\n")
    assert [r.arxiv_id for r in page.records] == ["2410.05258", "2410.02746"]
    assert page.rejects == []
    assert any("shown again" in w for w in page.warnings)


def test_a_papers_own_page_names_its_paper_by_its_url():
    """Some scrapers save one file per paper: front matter with the paper's URL, ``# Title`` and the
    abstract (the layout of a public 'farmer/huggingface' capture). The URL's arXiv id is the card's;
    a listing URL names no paper."""
    page = textwrap.dedent(
        """\
        ---
        source: farmer/huggingface
        arxiv_id: 2609.36159
        url: https://huggingface.co/papers/2609.36159
        date: 2026-09-30
        ---

        # Principled Thoughts for Latent Recursive LLM Systems

        Large language models can reason in continuous space instead of decoded text, by recurring on
        their own hidden states. We introduce REST, a training objective for latent thoughts.
        """
    )
    parsed = parse_page(page)
    assert (parsed.page_kind, parsed.exported) == ("paper", date(2026, 9, 30))
    assert [(r.title, r.arxiv_id) for r in parsed.records] == [
        ("Principled Thoughts for Latent Recursive LLM Systems", "2609.36159")
    ]
    listing = parse_page(page.replace("/papers/2609.36159", "/papers/date/2026-09-30"))
    assert listing.page_kind == "daily" and listing.records[0].arxiv_id is None


def test_a_digest_reads_its_papers_section_and_no_paper_from_its_other_sections():
    """A real digest (tests/fixtures/digests): ``## Section`` headings, papers as bold links with the
    authors line above the summary and a ``▲ · 💬 · ⭐ · ago`` line; models and repositories around
    them. The papers are read whole; the headings are no titles and the repositories no papers."""
    page = parse_page((FIXTURES / "digests" / "peekdeck_excerpt.md").read_text(encoding="utf-8"))
    assert [
        (r.title, r.arxiv_id, r.n_authors, r.upvotes, r.n_comments, r.code_links) for r in page.records
    ] == [
        (
            "TradingAgents: Multi-Agents LLM Financial Trading Framework",
            "2412.20138",
            4,
            30,
            2,
            ["https://github.com/tauricresearch/tradingagents"],
        ),
        (
            "AgentScope 1.0: A Developer-Centric Framework for Building Agentic Applications",
            "2508.16279",
            23,
            59,
            4,
            ["https://github.com/agentscope-ai/agentscope"],
        ),
        ("Hyperagents", "2603.19461", 8, 33, 5, ["https://github.com/facebookresearch/Hyperagents"]),
    ]
    assert [(r.abstract[:30], r.abstract[-20:]) for r in page.records] == [
        ("A multi-agent framework using ", "returns and Sharpe ratio."[-20:]),
        ("AgentScope enhances agentic ap", "development and deployment."[-20:]),
        ("Hyperagents represent a self-r", "computational domains."[-20:]),
    ]
    assert [r.text[:30] for r in page.rejects] == [
        "Foundation-1 is a structured t",
        "AI agents running research on ",
    ]


def test_cards_folded_in_details_blocks_of_a_real_digest():
    """The real-papers source repository's daily README (tests/fixtures/digests): each paper a
    ``<details>`` block. Its three papers are read with ids, counts, authors, code links and quoted
    abstracts; its section headings and archive table are no papers and no rejects."""
    page = parse_page((FIXTURES / "digests" / "atharva_readme_excerpt.md").read_text(encoding="utf-8"))
    assert [(r.title, r.arxiv_id, r.upvotes, r.n_authors, r.code_links) for r in page.records] == [
        (
            "Stratagem: Learning Transferable Reasoning via Trajectory-Modulated Game Self-Play",
            "2604.17696",
            0,
            None,
            ["https://github.com/ydyyyy/Stratagem"],
        ),
        (
            "The Geometric Canary: Predicting Steerability and Detecting Drift via Representational "
            "Stability",
            "2604.17698",
            0,
            1,
            ["https://github.com/prashantcraju/geometric-canary"],
        ),
        (
            "Geometric coherence of single-cell CRISPR perturbations reveals regulatory architecture and "
            "predicts cellular stress",
            "2604.16642",
            0,
            1,
            ["https://github.com/prashantcraju/geometric-stability-crispr"],
        ),
    ]
    assert page.records[0].abstract.startswith("Happy to share our latest paper: STRATAGEM.")
    assert page.records[0].abstract.endswith("stronger reasoning ev...")
    assert page.rejects == []


def test_a_folded_card_whose_title_holds_a_less_than_sign_keeps_all_of_it():
    """A real title, "… on an RTX 4090 with <1 GB VRAM", written raw in the digest's ``<summary>``:
    the ``<1 GB VRAM</b>`` was taken for a tag and the title cut at "with"."""
    text = (FIXTURES / "digests" / "atharva_readme_excerpt.md").read_text(encoding="utf-8")
    first = "Stratagem: Learning Transferable Reasoning via Trajectory-Modulated Game Self-Play"
    title = "TurboVLA: Real-Time Vision-Language-Action Model at 32 Hz on an RTX 4090 with <1 GB VRAM"
    assert first in text
    page = parse_page(text.replace(first, title, 1))
    assert page.records[0].title == title


def test_writer_syntax_rewrites_never_raise_nor_move_lines():
    """Hostile or odd input to the writers' syntax rewrites (found in review): broken HTML markup is
    no listing (html.parser raised), a span or a wrapped alt text over lines keeps the page's line
    count, and LaTeX's ``_{i=1}`` is no pandoc attribute block."""
    from pipeline.content_parse import summarise_bytes
    from pipeline.pandoc_markdown import pandoc_to_commonmark

    links = "".join(f'<a href="/papers/2401.0000{i}">x</a>' for i in range(3))
    broken = f"<!doctype html><html><body>{links}<![foo[x]]></body></html>".encode()
    assert summarise_bytes(broken, "0" * 64)[0].status == "html"
    unclosed = ("<!doctype html>" + links + "<a " * 20_000).encode()
    assert summarise_bytes(unclosed, "0" * 64)[0].status == "html"

    lines = [
        "::: a",
        "[note]{.text-sm",
        '.text-gray-500 title="x"}',
        "[![a long",
        "alt](x.png)](/login?next=%2Fpapers%2F2401.00001)",
        "",
        "5",
        "after",
    ]
    assert len(pandoc_to_commonmark(lines)) == len(lines)

    from tests.support.real_rows import REAL_PAGES

    real = REAL_PAGES / "2026-10-02_firecrawl_source-citations.md"
    if real.is_file():  # five abstracts with LaTeX subscripts: enough signs for pandoc's rule before
        page = real.read_text(encoding="utf-8").split("\n")
        long_links = [i for i, line in enumerate(page) if line.startswith("[") and len(line) > 300][:5]
        for i in long_links:
            page[i] = "[We minimise $\\sum_{i=1}^{N} x_i$. " + page[i][1:]
        records = parse_page("\n".join(page)).records
        assert len(long_links) == 5
        assert sum("$\\sum_{i=1}^{N} x_i$" in r.abstract for r in records) == 5


def test_an_arxiv_id_written_into_the_title_line_is_the_cards_id():
    """A scraper or reading list that writes the id beside the title (``Title (arXiv:2401.12345)``,
    ``[2401.12345] Title``): the card gets that id and its title without it, so it is the same paper
    as its card on a page with links. Numbers that are the title's own stay in it."""
    from pipeline.title_ids import split_title_id

    forms = [
        "{title} (arXiv:{id})",
        "{title} [{id}v2]",
        "{title} — arXiv {id}",
        "[{id}] {title}",
        "arXiv:{id} - {title}",
    ]
    for form in forms:
        cards = [(f"Attention Sinks Part {k}", f"2401.1234{k}") for k in range(3)]
        lines = [form.format(title=title, id=arxiv_id) for title, arxiv_id in cards]
        page = parse_page(spaced(*[part for line in lines for part in (line, ABSTRACT)]))
        assert [(r.title, r.arxiv_id) for r in page.records] == cards, form
        assert [r.raw_title for r in page.records] == lines
    for own in ["GPT-4.5 Technical Report", "Qwen2.5 (1.5B)", "Scaling 2401.12345 Ways", "Llama 3.1 [v2]"]:
        assert split_title_id(own) == (own, None)
    assert split_title_id("(2401.12345)") == ("(2401.12345)", None)  # nothing of a title left
    assert split_title_id("A Study [2413.10001]") == ("A Study [2413.10001]", None)  # no month 13


def _labelled_variants() -> dict[str, str]:
    """More ways a user's scraper writes labelled fields (``tests/support/exporters.py`` renders
    the plain ``Title:`` and the bold-label Markdown pages)."""
    from tests.support.real_rows import display

    rows = real_rows_with_abstracts()
    names = "Alice Smith, Bob Jones, Carol White"
    numbered = "\n\n".join(
        f"{i}. **{r.title}**\n   - Authors: {names}\n   - Link: https://huggingface.co/papers/{r.arxiv_id}\n"
        f"   - Summary: {display(r.abstract)}"
        for i, r in enumerate(rows, start=1)
    )
    italic = "\n\n".join(
        f"## [{r.title}](https://huggingface.co/papers/{r.arxiv_id})\n\n*Authors: {names}*\n\n"
        + display(r.abstract)
        for r in rows
    )
    plain = "\n\n".join(f"{r.title}\n\nAuthors: {names}\n\n{display(r.abstract)}" for r in rows)
    wrapped = "\n\n".join(  # hard-wrapped at 80 columns, hyphenated words broken where they fall
        "\n".join(
            [
                *textwrap.wrap(f"Title: {display(r.title)}", 80, subsequent_indent="       "),
                f"Authors: {names}",
                f"URL: https://huggingface.co/papers/{r.arxiv_id}",
                *textwrap.wrap(f"Abstract: {display(r.abstract)}", 80),
            ]
        )
        for r in rows
    )
    banner = "\n".join(  # a script's banner between papers, labels aligned in a column
        "\n".join(
            [
                "=" * 72,
                f"📄 PAPER {i}",
                "-" * 72,
                f"Title:       {display(r.title)}",
                f"Authors:     {names}",
                f"Summary:     {display(r.abstract)}",
                f"Link:        https://arxiv.org/abs/{r.arxiv_id}",
                "",
            ]
        )
        for i, r in enumerate(rows, start=1)
    )
    return {
        "wrapped": f"Papers of 2026-04-23\n\n{wrapped}\n",
        "banner": f"Papers of 2026-04-23\n\n{banner}\n",
        "numbered": f"# Daily Papers 2026-04-23\n\n{numbered}\n",
        "italic": f"# Daily Papers\n\nApr 23\n\n{italic}\n",
        "plain": f"Daily Papers\n\nApr 23\n\n{plain}\n",
    }


def real_rows_available() -> bool:
    from tests.support import real_rows

    return real_rows.available()


def real_rows_with_abstracts():
    from tests.support import real_rows
    from tests.support.real_rows import display

    day = real_rows.sample_days(3)[1]
    return [r for r in real_rows.rows_by_day()[day] if len(display(r.abstract)) > 300][:6]


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
def test_labelled_fields_a_scraper_writes_are_read_as_cards():
    """``1. **Title**`` with ``- Authors:`` / ``- Link:`` / ``- Summary:`` items, a linked heading with
    ``*Authors: …*`` over the abstract, plain title / ``Authors:`` / abstract paragraphs, labelled
    fields hard-wrapped at 80 columns, and aligned labels under a banner between rules (``📄 PAPER 2``
    was read as the end of the abstract above it): every paper with its title, abstract, author
    count and (where linked) id; the day from the header."""
    from tests.support.real_rows import display

    rows = real_rows_with_abstracts()
    for name, text in _labelled_variants().items():
        page = parse_page(text)
        assert page.layout == "labelled", name
        read = [(r.title, r.abstract, r.n_authors) for r in page.records]
        assert read == [(display(r.title), display(r.abstract), 3) for r in rows], name
        linked = name != "plain"  # the others show each paper's link
        assert [r.arxiv_id for r in page.records] == [r.arxiv_id if linked else None for r in rows], name
        assert page.page_date == (4, 23), name
        assert page.rejects == [], name


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
def test_code_quoted_in_an_abstract_does_not_make_a_page_of_text_markdown():
    """A real summary pastes a README with Python in it (``encode(img)[ 1 ][ "zhat_noquant" ]``):
    that ``][`` made the whole page of text (no link, no heading anywhere else) Markdown, and the
    6,000-character summary was read as ``1``. Code with spaces inside its brackets is no
    reference link: the page stays text and the summary is read whole."""
    from datetime import date

    from tests.support import real_rows
    from tests.support.exporters import PageSpec
    from tests.support.html_export import render_converted

    day = date(2025, 12, 10)
    rows = [r for r in real_rows.rows_by_day()[day] if '][ "zhat_noquant" ]' in (r.abstract or "")]
    others = [r for r in real_rows.rows_by_day()[day] if r not in rows][:5]
    assert len(rows) == 1
    rendered = render_converted("inner_text", PageSpec(listing_date=day, captured=day), [*rows, *others])
    page = parse_page(rendered.text)
    assert [(r.title, r.abstract) for r in page.records] == [(c.title, c.abstract) for c in rendered.cards]


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
def test_the_footer_of_a_one_card_page_of_text_is_no_paper():
    """A day with one paper, saved as the page's text: too few cards for the card reader, so the
    title/abstract reader reads it, and took the footer's ``About`` / ``Careers`` for a paper (five
    of the 262 real days)."""
    from datetime import timedelta

    from tests.support import real_rows
    from tests.support.exporters import PageSpec
    from tests.support.html_export import render_converted

    day = real_rows.sample_days(25)[2]
    rows = real_rows.rows_by_day()[day][:1]
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
    rendered = render_converted("inner_text", spec, rows)
    assert "\nAbout\nCareers" in rendered.text
    assert [r.title for r in parse_page(rendered.text).records] == [rendered.cards[0].title]


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
def test_the_switcher_and_a_thumbnail_of_a_one_card_page_are_no_paper():
    """A one-card day through html2text without links: the period switcher's list (``* Daily`` /
    ``* Weekly`` / ``* Monthly``) and the thumbnail's image under it were read as a paper."""
    from datetime import timedelta

    from tests.support import real_rows
    from tests.support.exporters import PageSpec
    from tests.support.html_export import render_converted

    day = real_rows.sample_days(25)[2]
    rows = real_rows.rows_by_day()[day][:1]
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
    rendered = render_converted("html2text_nolinks", spec, rows)
    assert "  * Weekly" in rendered.text and "![](" in rendered.text
    assert [r.title for r in parse_page(rendered.text).records] == [rendered.cards[0].title]


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
def test_a_trending_clip_page_quoting_github_summaries_is_no_labelled_page():
    """A real day (2026-04-11) as a clip of the trending page, three cards shown twice: its
    ``GitHub: <url>`` summary twice, and headings that mark titles, made it two labelled papers
    swallowing the 42 cards. A code link's label alone makes no labelled page."""
    from datetime import date, timedelta

    from pipeline.labelled_listing import labelled_listing
    from tests.support import real_rows
    from tests.support.exporters import PageSpec, render

    day = date(2026, 4, 11)
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1), kind="trending", repeat=3)
    rendered = render("clip", spec, real_rows.rows_by_day()[day])
    assert "github: https://" in rendered.text.lower()
    assert labelled_listing(rendered.text) is None
    titles = {r.title for r in parse_page(rendered.text).records}
    assert all(card.title in titles for card in rendered.cards)


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
@pytest.mark.parametrize("style", ["spaced", "compact"])
def test_a_capture_s_truncation_note_is_no_title_in_plain_layouts(style):
    """``[Content truncated]`` after the fifth card (a capture cut short): read as a title, it made
    the units odd and broke the alternation, and a card whose summary is one short sentence
    (``Make SSL great again.``) was lost. The note is the capture's, and says so in a warning."""
    from datetime import date, timedelta

    from tests.support import real_rows
    from tests.support.exporters import PageSpec, render

    day = date(2025, 12, 20)
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1), truncate_after=5)
    rendered = render(style, spec, real_rows.rows_by_day()[day])
    assert "[Content truncated]" in rendered.text
    page = parse_page(rendered.text)
    assert [(r.title, r.abstract) for r in page.records] == [(c.title, c.abstract) for c in rendered.cards]
    assert any("truncated" in warning for warning in page.warnings)
    assert not any("truncated" in reject.text for reject in page.rejects)


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
@pytest.mark.parametrize("kind", ["weekly", "monthly"])
def test_a_weekly_or_monthly_header_is_no_title_in_plain_layouts(kind):
    """``Week 6`` or ``February 2026`` where a daily page shows its day: read as a title, it broke
    the title/abstract alternation and cost 338 cards of the 262 real days in the spaced layout.
    A page of a real day reads the same cards whatever its kind."""
    from datetime import date, timedelta

    from tests.support import real_rows
    from tests.support.exporters import PageSpec, render

    day = date(2026, 2, 7)
    rows = real_rows.rows_by_day()[day]
    daily = render("spaced", PageSpec(listing_date=day, captured=day + timedelta(days=1)), rows)
    other = render("spaced", PageSpec(listing_date=day, captured=day + timedelta(days=1), kind=kind), rows)
    assert ("Week 6" if kind == "weekly" else "February 2026") in other.text
    read = [(r.title, r.abstract) for r in parse_page(other.text).records]
    assert read == [(r.title, r.abstract) for r in parse_page(daily.text).records]
    assert len(read) == len(daily.cards)


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
@pytest.mark.parametrize("style", ["spaced", "compact"])
def test_short_notes_with_links_and_title_copies_are_abstracts_in_plain_layouts(style):
    """Real cards whose summary is a note with a link (``Code: https://…``, a bare project URL) or
    the title again, among cards with full abstracts, in the title/abstract layouts: a title never
    holds a URL, and a title's copy under it is its abstract, so every card is read with its text.
    (Before, each such card was rejected with the title above it: 163 cards of the 262 real days.)"""
    from datetime import timedelta

    from tests.support import real_rows
    from tests.support.exporters import PageSpec, render
    from tests.support.real_rows import display

    rows = [row for day in real_rows.sample_days(60) for row in real_rows.rows_by_day()[day]]
    notes = [r for r in rows if "://" in (r.abstract or "") and len(display(r.abstract)) < 120][:4]
    copies = [r for r in rows if r.abstract and display(r.abstract) == display(r.title)][:3]
    full = [r for r in rows if len(display(r.abstract or "")) > 400][:8]
    assert len(notes) == 4 and len(copies) == 3
    mixed = [full[0], notes[0], full[1], copies[0], notes[1], full[2], notes[2], copies[1], full[3]]
    mixed += [notes[3], full[4], copies[2], full[5]]
    day = real_rows.sample_days(60)[0]
    rendered = render(style, PageSpec(listing_date=day, captured=day + timedelta(days=1)), mixed)
    page = parse_page(rendered.text)
    assert [(r.title, r.abstract) for r in page.records] == [(c.title, c.abstract) for c in rendered.cards]
    assert len(page.records) == len(mixed)


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
@pytest.mark.parametrize("label", ["Github", "URL"])
@pytest.mark.parametrize("style", ["inner_text", "compact", "clip"])
def test_abstracts_that_are_a_labelled_line_do_not_make_a_card_page_labelled(style, label):
    """Submitters' summaries that are only ``Github: <url>`` (two cards of a real day) on a page of
    text with no blank lines, or on a clip page: the page was read as labelled fields, two papers
    swallowing the rest, and every other card was lost. Every card is read, those two with their
    line. (A code link's label alone never makes a labelled page; another label, ``URL:``, does
    not either when the page's text reads as three times as many papers.)"""
    from dataclasses import replace
    from datetime import timedelta

    from tests.support import real_rows
    from tests.support.exporters import PageSpec, render
    from tests.support.html_export import render_converted

    day = next(d for d in real_rows.sample_days(25) if len(real_rows.rows_by_day()[d]) >= 20)
    rows = list(real_rows.rows_by_day()[day][:20])
    for n, at in enumerate((7, 13)):
        rows[at] = replace(rows[at], abstract=f"{label}: https://github.com/example/repo{n}")
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
    rendered = render_converted(style, spec, rows) if style == "inner_text" else render(style, spec, rows)
    page = parse_page(rendered.text)
    assert [r.title for r in page.records] == [card.title for card in rendered.cards]
    summaries = {r.abstract for r in page.records if r.abstract.startswith(f"{label}: ")}
    assert summaries == {f"{label}: https://github.com/example/repo{n}" for n in (0, 1)}


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
@pytest.mark.parametrize(
    ("form", "linked"),
    [
        ("- **{title}** ([arXiv](https://arxiv.org/abs/{id}))\n  {abstract}\n", True),
        ("{n}. **{title}** — {abstract}", False),
        ("**{title}**: {abstract}\n", False),
        ("**{title}**\n\n{abstract}\n", False),
        ("{n}. [{title}](https://huggingface.co/papers/{id}) - {abstract}", True),
    ],
    ids=["bullet-with-link", "numbered-dash", "colon", "paragraph", "numbered-link-dash"],
)
def test_a_list_of_bold_titles_with_abstracts_is_read(form, linked):
    """A paper list without labels, each paper a bold (or linked) title and its abstract (what a
    reading list or a scraper writing Markdown gives): every paper once, no Markdown left in its
    title, the id from its link, and no page header read as a paper."""
    from tests.support.real_rows import display

    rows = real_rows_with_abstracts()
    items = [
        form.format(n=n, title=display(r.title), id=r.arxiv_id, abstract=display(r.abstract))
        for n, r in enumerate(rows, start=1)
    ]
    page = parse_page("# Daily Papers\n\n" + "\n".join(items) + "\n")
    expected = [(display(r.title), display(r.abstract)) for r in rows]
    assert [(r.title, r.abstract) for r in page.records] == expected
    assert [r.arxiv_id for r in page.records] == [r.arxiv_id if linked else None for r in rows]


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
def test_a_markdown_table_of_papers_and_a_yaml_list_are_read():
    """A Markdown table whose header names a title and a link (a README or ``to_markdown()``), with
    the title as a link in its cell, and a YAML list of papers with quoted values: every paper with
    its id, title and abstract; a table that names no paper is not taken for one."""
    from tests.support.real_rows import display

    rows = real_rows_with_abstracts()
    table = "\n".join(
        f"| [{display(r.title)}](https://huggingface.co/papers/{r.arxiv_id}) | {r.stars or 0} | "
        + display(r.abstract).replace("|", "\\|")
        + " |"
        for r in rows
    )
    quoted = [(display(r.title).replace('"', '\\"'), display(r.abstract).replace('"', '\\"')) for r in rows]
    yaml = "\n".join(
        f'- title: "{title}"\n  url: https://huggingface.co/papers/{r.arxiv_id}\n  abstract: "{abstract}"'
        for r, (title, abstract) in zip(rows, quoted, strict=True)
    )
    pages = {
        "table": f"# Daily Papers\n\n| Title | Upvotes | Abstract |\n|:---|---:|:---|\n{table}\n",
        "yaml": f"papers:\n{yaml}\n",
    }
    for name, text in pages.items():
        page = parse_page(text)
        read = [(r.arxiv_id, r.title, r.abstract) for r in page.records]
        assert read == [(r.arxiv_id, display(r.title), display(r.abstract)) for r in rows], name
    other = parse_page("| Type | Link | Papers |\n|------|------|--------|\n| Latest | [j](x.json) | 3 |\n")
    assert other.layout != "markdown_table"


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
def test_a_digest_of_headed_papers_with_sections_gives_one_paper_per_heading():
    """A newsletter a script writes with a language model (the public repository
    hiwei93/hf-daily-papers-newsletter): per paper ``## Title``, bold or numbered sections (main work,
    highlights, keywords, scores) and a closing ``[到 Huggingface 论文主页查看详情](…/papers/<id>)``. The
    sections' headings were read as papers, each with the next paper's link: 1,091 invented records
    on 29 real days. Each heading is one paper with its id; its text starts with the first section."""
    from tests.support.real_rows import display

    rows = real_rows_with_abstracts()[:4]
    sections = [
        ("**介绍本文的主要工作**", "**本文工作的主要亮点**", "**核心关键词**"),
        ("1. **本文的主要工作** ", "2. **本文工作的主要亮点**", "3. **核心关键词**"),
        ("### 1. 本文的主要工作", "### 2. 本文工作的主要亮点", "### 3. 核心关键词"),
    ]
    parts = [
        "# 【2026-04-23】Huggingface 每日论文速览",
        "",
        "> 💡说明：本文对 Huggingface Daily Papers 推荐的论文进行速览。",
        "",
    ]
    for n, row in enumerate(rows):
        work, highlights, keywords = sections[n % 3]
        parts += [f"## {display(row.title)}", "", work, "", display(row.abstract), "", highlights, ""]
        parts += ["A new method, evaluated carefully.", "", keywords, "", "- Method (Method)", ""]
        parts += [f"[到 Huggingface 论文主页查看详情](https://huggingface.co/papers/{row.arxiv_id})", ""]
    page = parse_page("\n".join(parts))
    assert [(r.title, r.arxiv_id) for r in page.records] == [(display(r.title), r.arxiv_id) for r in rows]
    assert all(
        r.abstract.startswith(display(row.abstract)) for r, row in zip(page.records, rows, strict=True)
    )


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
def test_a_chinese_digest_with_icon_labels_is_read_from_its_details():
    """A trending digest in Chinese (the public repository Alfie3213/awesome-huggingface-papers-trending):
    a ranked table of titles cut to 45 characters, then per paper ``### 1. Title`` with ``- 🔗
    **链接**: <paper page>``, ``- ⬆️ **热度**: 126 ⬆️`` (upvotes), ``- 👤 **作者**: 5位作者`` (5 authors,
    or ``未知``: unknown) and ``> 📝 **摘要**: <abstract>``, under ``… 日报 - 2025年12月04日``. The table's
    cut titles were the papers (609 invented records on 29 real days, none with an abstract)."""
    from tests.support.real_rows import display

    rows = real_rows_with_abstracts()[:4]
    parts = ["# HuggingFace Papers Trending 日报 - 2026年04月23日", "", "## 📊 今日热门论文排行"]
    parts += ["| 排名 | 论文 | 热度⬆️ |", "|:----:|------|:------:|"]
    for n, row in enumerate(rows, start=1):
        title = display(row.title)
        cut = title if len(title) <= 45 else title[:45] + "..."
        parts.append(f"| {n} | [{cut}](https://arxiv.org/abs/{row.arxiv_id}) | {100 - n} |")
    parts += ["", "## 📌 论文详情", ""]
    for n, row in enumerate(rows, start=1):
        authors = f"{len(row.authors)}位作者" if row.authors else "未知"
        parts += [
            f"### {n}. {display(row.title)}",
            f"- 🔗 **链接**: https://huggingface.co/papers/{row.arxiv_id}",
        ]
        parts += [f"- ⬆️ **热度**: {100 - n} ⬆️", f"- 👤 **作者**: {authors}", ""]
        parts += [f"> 📝 **摘要**: {display(row.abstract)}", ""]
    page = parse_page("\n".join(parts))
    read = [(r.title, r.arxiv_id, r.upvotes, r.n_authors, r.abstract) for r in page.records]
    assert read == [
        (display(r.title), r.arxiv_id, 100 - n, len(r.authors) or None, display(r.abstract))
        for n, r in enumerate(rows, start=1)
    ]
    assert page.page_date == (4, 23)


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
def test_a_link_written_around_its_bold_is_the_papers_link():
    """Zi-yangChen/hf-daily-papers-summarizer (a public repository) writes each paper as ``### 1.
    **[Title]**(https://huggingface.co/papers/<id>)``: not a Markdown link (the bold closes before
    the target), so the titles came out as ``**[Title]`` and the ids were the next card's."""
    from tests.support.real_rows import display

    rows = real_rows_with_abstracts()[:4]
    parts = ["## 重点论文深入解析", ""]
    for n, row in enumerate(rows, start=1):
        parts += [f"### {n}. **[{display(row.title)}]**(https://huggingface.co/papers/{row.arxiv_id})"]
        parts += [f"- **核心痛点与创新点**：{display(row.abstract)}", "", "---", ""]
    page = parse_page("\n".join(parts))
    assert [(r.title, r.arxiv_id) for r in page.records] == [(display(r.title), r.arxiv_id) for r in rows]


def test_a_clippers_note_around_a_lone_paragraph_invents_no_paper():
    """MarkDownload's note template (front matter, the page's title as a heading, its description
    quoted as ``## Excerpt``, a rule) around what Mozilla Readability kept of a real day: one
    abstract, no card. The title, the excerpt and the rule are no paper's title (before: two
    invented records, "Daily Papers - Hugging Face" and "---"); the lone abstract is a reject."""
    abstract = (
        "Real-world AI software engineering demands coding agents that can reason over massive "
        "repositories, maintain durable memory across and within long sessions, and robustly "
        "coordinate complex toolchains at test time."
    )
    page = parse_page(
        "---\ncreated: 2026-12-05T10:10:10 (UTC +00:00)\ntags: []\n"
        "source: https://huggingface.co/papers/date/2025-12-13\nauthor: \n---\n\n"
        "# Daily Papers - Hugging Face\n\n"
        f"> ## Excerpt\n> {abstract[:150]}\n\n---\n{abstract}\n"
    )
    assert page.records == []
    assert [reject.text for reject in page.rejects] == [abstract]


@pytest.mark.parametrize(
    ("glued", "name"),
    [
        ("cis-lmuCIS, LMU Munich", "CIS, LMU Munich"),
        ("notredameUniversity of Notre Dame", "University of Notre Dame"),
        ("CarnegieMellonUCarnegie Mellon University", "Carnegie Mellon University"),
        ("occ-aiOCC", "OCC"),
        ("ellamindellamind", "ellamind"),
        # Debian's html2text writes the avatar as its alt text in brackets
        ("[uwnlp]University of Washington NLP", "University of Washington NLP"),
        ("[AI4Research]AI4Research", "AI4Research"),
        # a name alone keeps every letter, however it mixes cases
        ("DeepSeek", "DeepSeek"),
        ("NousResearch", "NousResearch"),
        ("OpenGVLab", "OpenGVLab"),
        ("HuggingFaceH4", "HuggingFaceH4"),
        ("inclusionAI", "inclusionAI"),
        ("iFlytek", "iFlytek"),
        ("xAI", "xAI"),
        ("THUDM", "THUDM"),
    ],
)
def test_an_avatars_slug_glued_before_an_organisations_name_is_dropped(glued: str, name: str) -> None:
    """Text extractors write an image's alt text against the text after it: where links are lost,
    the organisation's avatar (its slug) and its name come as one word."""
    page = parse_page(
        f"5\nA Study of Things\nWe study things in depth and report what we found.\n{glued}\n·\nMar 3\n"
        f"7\nAnother Study\nWe study other things and report them.\n3 authors\n·\nMar 3\n"
    )
    assert [r.submitted_by for r in page.records] == [name, None]


@pytest.mark.parametrize("marker", ["**", "__", "*", "_"])
def test_emphasis_around_a_whole_heading_is_styling(marker: str) -> None:
    """calibre's Markdown (``ebook-convert page.html page.txt --txt-output-formatting=markdown``)
    writes every title as ``### **Title**``: the title is the text inside (the closing ``**`` was
    taken for a footnote marker first, and every title kept the opening one)."""
    page = parse_page(
        f"### {marker}A Study of Things{marker}\n\nWe study things in depth and report what we found.\n\n"
        f"·\n\nNov 26\n\n7\n\n### {marker}Another Study{marker}\n\nWe study other things and report them.\n"
    )
    assert [r.title for r in page.records] == ["A Study of Things", "Another Study"]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("[uwnlp]University of Washington NLP", "University of Washington NLP"),
        ("[opendatalab]OpenDataLab", "OpenDataLab"),
        ("[notredame]University of Notre Dame", "University of Notre Dame"),
        ("[PhalaCloud]Phala", "Phala"),
        # an abstract's own brackets at a wrapped line's start: no slug of the words after them
        ("[CLS]tokens and of every word piece, and report gains.", None),
        ("[MASK]Tokens are predicted from context", None),
        ("[1]Attention is all you need", None),
        ("[uwnlp] University of Washington NLP", None),
    ],
)
def test_an_avatar_in_brackets_is_told_from_an_abstracts_brackets(line: str, name: str | None) -> None:
    """Debian's html2text writes an image as ``[alt]``: an organisation's avatar glued to its name.
    Only a slug that abbreviates the name after it is one; such a line is no wrapped prose, so it
    is not joined to the abstract before it."""
    assert bracketed_avatar_name(line) == name


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
@pytest.mark.parametrize("style", ["spaced", "compact"])
def test_a_day_of_mostly_one_line_summaries_pairs_by_the_alternation(style):
    """A real day (2026-02-06) whose summaries are mostly a submitter's line (``good work``, ``A
    benchmark for context learning``): 22 of its 51 look like abstracts, under the half the
    alternation needed, so 11 cards were rejected as titles without abstracts. No title looks like
    an abstract and many summaries do, so the alternation pairs them: every card is read."""
    from datetime import date, timedelta

    from tests.support import real_rows
    from tests.support.exporters import PageSpec, render

    day = date(2026, 2, 6)
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
    rendered = render(style, spec, real_rows.rows_by_day()[day])
    page = parse_page(rendered.text)
    assert [(r.title, r.abstract) for r in page.records] == [(c.title, c.abstract) for c in rendered.cards]
    assert page.rejects == []


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
@pytest.mark.parametrize("style", ["spaced", "compact"])
def test_a_page_cut_after_five_cards_with_two_full_abstracts_pairs_by_the_alternation(style):
    """A real day (2025-12-11) cut short after five cards, as a capture that stops does: two of its
    summaries are full abstracts, three a submitter's line (``Project webpage: this https URL``, a
    copy of the title after ``NeurIPS 2025:``). Two of five was too little for the alternation, and
    three cards were rejected as titles without abstracts: now every card is read."""
    from datetime import date, timedelta

    from tests.support import real_rows
    from tests.support.exporters import PageSpec, render

    day = date(2025, 12, 11)
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1), truncate_after=5)
    rendered = render(style, spec, real_rows.rows_by_day()[day])
    page = parse_page(rendered.text)
    assert len(rendered.cards) == 5
    assert [(r.title, r.abstract) for r in page.records] == [(c.title, c.abstract) for c in rendered.cards]
    assert page.rejects == []


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
@pytest.mark.parametrize("style", ["spaced", "compact"])
def test_a_summary_of_forty_thousand_characters_is_read_as_its_cards_abstract(style):
    """A real day (2026-06-20) one of whose summaries is an essay of 42,052 characters. A paragraph
    over 20,000 characters was taken for junk: it was rejected with its title, and it broke the
    alternation, so three more cards went with it. Junk is now what is over 100,000 (a 4 MB line
    still is: tests/test_hostile_inputs.py)."""
    from datetime import date, timedelta

    from tests.support import real_rows
    from tests.support.exporters import PageSpec, render

    day = date(2026, 6, 20)
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
    rendered = render(style, spec, real_rows.rows_by_day()[day])
    page = parse_page(rendered.text)
    assert max(len(c.abstract or "") for c in rendered.cards) > 40_000
    assert [(r.title, r.abstract) for r in page.records] == [(c.title, c.abstract) for c in rendered.cards]
    assert page.rejects == []


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
def test_a_compact_day_whose_summary_is_a_url_is_not_taken_for_hard_wrapped_lines():
    """A real day of one card (2026-03-31) in the compact layout, its summary a bare URL: that line
    opens in lower case like a wrapped sentence's continuation, and with the page's few lines it
    made the page look hard-wrapped, so all of it was rejected. A URL alone on its line continues
    no sentence."""
    from datetime import date, timedelta

    from tests.support import real_rows
    from tests.support.exporters import PageSpec, render

    day = date(2026, 3, 31)
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
    rendered = render("compact", spec, real_rows.rows_by_day()[day])
    page = parse_page(rendered.text)
    assert [c.abstract for c in rendered.cards] == ["https://blog.comfy.org/p/introducing-imagenworld"]
    assert [(r.title, r.abstract) for r in page.records] == [(c.title, c.abstract) for c in rendered.cards]
    assert page.rejects == []


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
def test_a_one_card_day_is_not_paired_with_its_header_by_the_alternation():
    """A real day of one card (2026-07-15) through html2text without links: the site's header lines
    (the logo, the menu, ``by AK …``, a count) alternate with the card's title and abstract, but one
    abstract is too little evidence for the alternation: the header is no paper."""
    from datetime import date, timedelta

    from tests.support import real_rows
    from tests.support.exporters import PageSpec
    from tests.support.html_export import render_converted

    day = date(2026, 7, 15)
    spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
    rendered = render_converted("html2text_nolinks", spec, real_rows.rows_by_day()[day])
    assert [r.title for r in parse_page(rendered.text).records] == [c.title for c in rendered.cards]


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
@pytest.mark.parametrize(("day", "kind"), [("2026-08-14", "daily"), ("2026-03-31", "weekly")])
def test_a_one_card_text_dump_inside_a_code_fence_is_read_as_its_card(day, kind):
    """A text dump with reference links pasted inside a code fence, on a day of one card: its fence
    was taken off only where the page held an inline link or 50 lines, so the fenced dump was read as
    title/abstract paragraphs (the card lost, or read with its brackets beside an invented paper
    ``Trending Papers ranked by GitHub stars activity``). Reference links show the fence holds a page."""
    from datetime import date, timedelta

    from tests.support import real_rows
    from tests.support.exporters import PageSpec, render

    listed = date.fromisoformat(day)
    spec = PageSpec(listing_date=listed, captured=listed + timedelta(days=1), kind=kind)
    rendered = render("text_dump_fenced", spec, real_rows.rows_by_day()[listed])
    assert rendered.text.startswith("```") and len(rendered.cards) == 1
    page = parse_page(rendered.text)
    assert [(r.title, r.abstract, r.arxiv_id) for r in page.records] == [
        (c.title, c.abstract, c.arxiv_id) for c in rendered.cards
    ]


@pytest.mark.skipif(not real_rows_available(), reason="needs ../shared/real-papers")
def test_a_clip_summary_with_code_comments_and_formula_lines_stays_one_abstract():
    """Real summaries on clip pages (every element its own paragraph): one quotes Python whose
    comments open lines with ``# `` (2026-07-03), one a formula with ``=`` and ``-`` alone on lines
    (2026-01-28). Read as Markdown, a comment was a heading and ended the card: the abstract was cut
    and the card's authors, date and comment count were lost; a lone ``-`` was a field and cut the
    abstract at the formula. Lines of one paragraph are one text there."""
    from datetime import date, timedelta

    from tests.support import real_rows
    from tests.support.exporters import PageSpec, render

    cases = {date(2026, 7, 3): "Program-as-Weights", date(2026, 1, 28): "HalluGuard: Demystifying"}
    for day, title in cases.items():
        rows = real_rows.rows_by_day()[day]
        picked = [r for r in rows if r.title.startswith(title)] + [
            r for r in rows if not r.title.startswith(title)
        ][:3]
        rendered = render("clip", PageSpec(listing_date=day, captured=day + timedelta(days=1)), picked)
        page = parse_page(rendered.text)
        card, record = rendered.cards[0], page.records[0]
        assert "\n# " in rendered.text or "\n-\n" in rendered.text
        assert (record.title, record.n_authors, record.published_date, record.n_comments) == (
            card.title,
            card.n_authors,
            card.published_date,
            card.n_comments,
        ), title
        # the whole summary, but for a Markdown escape the clip keeps (``\\!`` reads as ``!``)
        assert record.abstract.replace("\\log!", "\\log\\!") == card.abstract, title
        assert len(page.records) == len(rendered.cards)
