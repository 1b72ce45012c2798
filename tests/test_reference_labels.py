"""References named by their own text, resolved one by one in page order
(``pipeline/reference_labels.py``): the rules the real-tool fixtures rely on, on small texts."""

from pipeline.reference_labels import has_label_references, references_to_inline


def test_a_repeated_label_takes_each_of_its_definitions_in_page_order() -> None:
    """turndown writes a definition per link, so two vote counts ``[0]`` of two papers have two
    definitions: the first count is the first paper's, the second the second's (a Markdown
    parser would give both the first)."""
    text = (
        "[\n\n0\n\n][]\n\n### [First paper][]\n\n[0][]\n\n### [Second paper]\n\n"
        "[\n\n0\n\n]: https://huggingface.co/login?next=%2Fpapers%2F2512.00001\n"
        "[First paper]: https://huggingface.co/papers/2512.00001\n"
        "[0]: https://huggingface.co/login?next=%2Fpapers%2F2512.00002\n"
        "[Second paper]: https://huggingface.co/papers/2512.00002\n"
        "[Previous]: https://huggingface.co/papers/date/2025-12-03\n"
    )
    assert has_label_references(text)
    out = references_to_inline(text)
    assert out.count("\n") == text.count("\n")  # line numbers stay the file's
    assert out.split("\n")[:10] == [
        "[",
        "",
        "0",
        "",
        "](https://huggingface.co/login?next=%2Fpapers%2F2512.00001)",
        "",
        "### [First paper](https://huggingface.co/papers/2512.00001)",
        "",
        "[0](https://huggingface.co/login?next=%2Fpapers%2F2512.00002)",
        "",
    ]
    assert "### [Second paper](https://huggingface.co/papers/2512.00002)" in out
    assert "]:" not in out  # the definitions are blank


def test_numbered_definitions_of_full_references_are_left_to_the_markdown_parser() -> None:
    """A dump's ``[Title][7]`` with ``[7]: …``: numbers are the parser's own labels; only text
    labels are resolved here (unless every reference is asked for, as for pandoc's)."""
    text = "### [Title][7]\n\n[A][]\n\n[B][]\n\n[C][]\n\n[7]: /papers/1\n[A]: /a\n[B]: /b\n[C]: /c\n"
    out = references_to_inline(text)
    assert "### [Title][7]" in out and "[7]: /papers/1" in out
    assert "[A](/a)" in out and "[C](/c)" in out
    assert "### [Title](/papers/1)" in references_to_inline(text, every=True)


def test_a_page_with_numbered_definitions_only_is_not_rewritten() -> None:
    text = "### [Title][1]\n\n[Abstract][2]\n\n[1]: /papers/2512.00001\n[2]: /papers/2512.00001\n[3]: /x\n"
    assert not has_label_references(text)
