"""The outputs of a Jupyter notebook (``.ipynb``): what its cells printed or displayed.

A data scientist scrapes the listing in a notebook and saves the notebook: the papers are in a cell's
output, a printed list (``print``), a DataFrame shown as its HTML table, Markdown a cell displayed.
The notebook itself is JSON (nbformat 4: ``cells``, each code cell's ``outputs``), whose strings
hold that text split into lines; read as JSON it lists no paper. Each output is a page of its own
(``pipeline.containers`` reads them one after the other): a stream's text, else a display's
Markdown, HTML or plain text, in that order of preference. The cells' code and Markdown notes are
the author's, not the listing: counted, not read.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

# A display's forms, most structured first: Markdown and HTML keep the links a plain repr loses.
_DISPLAY_FORMS = ("text/markdown", "text/html", "text/plain")


@dataclass
class NotebookOutputs:
    pages: list[str]  # each output's text, in cell order
    skipped: Counter[str] = field(default_factory=Counter)  # what is not read, by kind


def is_notebook(data: bytes) -> bool:
    """The cheap test: JSON that names the notebook format (its ``nbformat`` key)."""
    return data[:256].lstrip()[:1] == b"{" and b'"nbformat"' in data and b'"cells"' in data


def notebook_outputs(data: bytes) -> NotebookOutputs | None:
    """The outputs of an nbformat 4 notebook, or None when ``data`` is no such notebook."""
    try:
        notebook = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(notebook, dict) or not isinstance(cells := notebook.get("cells"), list):
        return None
    found = NotebookOutputs([])
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        if cell.get("cell_type") != "code":
            found.skipped[f"{cell.get('cell_type', 'other')} cell(s)"] += 1
            continue
        for output in cell.get("outputs") or []:
            text = _output_text(output) if isinstance(output, dict) else None
            if text and text.strip():
                found.pages.append(text)
            else:
                found.skipped["output(s) without text (images, errors, widgets)"] += 1
    return found


def _output_text(output: dict) -> str | None:
    if output.get("output_type") == "stream":
        return _joined(output.get("text"))
    shown = output.get("data")
    if not isinstance(shown, dict):
        return None
    form = next((form for form in _DISPLAY_FORMS if form in shown), None)
    return _joined(shown[form]) if form else None


def _joined(value: object) -> str | None:
    """nbformat keeps a multi-line string as a list of its lines (each with its newline)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(line, str) for line in value):
        return "".join(value)
    return None
