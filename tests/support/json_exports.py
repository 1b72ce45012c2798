"""Real days of ``../shared/real-papers/`` written as the JSON that real tools save instead of a page:

* ``scraper_daily_json``: the shape the repository the rows come from writes per day
  (``data/daily/<day>.json``: a list of ``{"title", "paper_url", "authors", "stars": "7",
  "details": {"abstract", "github_links", "scraped_at", ...}, "scraped_date"}``);
* ``hf_api_daily_papers``: Hugging Face's ``/api/daily_papers?date=<day>`` response (a list of
  ``{"paper": {"id", "title", "summary", "authors": [{"name"}], "publishedAt",
  "submittedOnDailyAt", "upvotes", "githubRepo"}, "title", "summary", "numComments",
  "organization"}``).

``../shared/real-papers/hf_daily_listings.jsonl`` itself is the third: JSON Lines of many days.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from tests.support.exporters import CardFacts, card_facts
from tests.support.real_rows import Row


def scraper_daily_json(day: date, rows: Sequence[Row]) -> tuple[str, list[CardFacts]]:
    """A day as the real-papers source repository's scraper saved it (its ``stars`` as text)."""
    items = []
    for n, row in enumerate(rows):
        paper = f"https://huggingface.co/papers/{row.arxiv_id}"
        items.append(
            {
                "title": row.title,
                "paper_url": paper,
                "authors": list(row.authors),
                "stars": str(row.stars or 0),
                "details": {
                    "title": row.title,
                    "abstract": row.abstract,
                    "arxiv_page_url": f"https://arxiv.org/abs/{row.arxiv_id}",
                    "pdf_url": f"https://arxiv.org/pdf/{row.arxiv_id}",
                    "github_links": list(row.github_links),
                    "metadata": {},
                    "page_url": paper,
                    "scraped_at": f"{day.isoformat()}T21:{17 + n // 30:02d}:{(2 * n) % 60:02d}.069463",
                },
                "scraped_date": day.isoformat(),
            }
        )
    return json.dumps(items, indent=2, ensure_ascii=False), [card_facts(row) for row in rows]


def hf_api_daily_papers(day: date, rows: Sequence[Row]) -> tuple[str, list[CardFacts]]:
    """A day as Hugging Face's daily papers API returns it (one line, as ``curl`` saves it)."""
    facts = [card_facts(row) for row in rows]
    items = []
    for f in facts:
        row, authors = f.row, f.row.authors
        paper = {
            "id": row.arxiv_id,
            "authors": [{"_id": f"{n:024x}", "name": name} for n, name in enumerate(authors)],
            "publishedAt": f"{f.published.isoformat()}T17:59:58.000Z",
            "submittedOnDailyAt": f"{day.isoformat()}T00:51:19.163Z",
            "title": row.title,
            "summary": row.abstract or "",
            "upvotes": f.upvotes,
            "ai_summary": "A short summary the site wrote; not the abstract.",
        }
        if row.github_links:
            paper["githubRepo"] = row.github_links[0]
        item = {
            "paper": paper,
            "publishedAt": f"{f.published.isoformat()}T17:59:58.000Z",
            "title": row.title,
            "summary": row.abstract or "",
            "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{row.arxiv_id}.png",
            "numComments": f.n_comments or 0,
            "submittedBy": {"_id": "60f1abe7544c2adfd699860c", "fullname": "AK", "name": "akhaliq"},
            "isAuthorParticipating": False,
        }
        if f.org:
            item["organization"] = {"_id": "0" * 24, "name": f.org[1], "fullname": f.org[0]}
        items.append(item)
    return json.dumps(items, ensure_ascii=False), facts
