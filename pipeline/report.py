"""The topic-trends report: two charts of the published warehouse as PNG files plus a small HTML page.

Plain Python, so a notebook or cron job can call :func:`build_report` without Dagster; the
``topic_trends_report`` asset only wraps it. It reads the warehouse read-only (a refresh may publish
a new one meanwhile; we keep our snapshot) and writes ``<data dir>/reports/`` atomically, file by
file, so a browser never sees half a PNG. Charts use matplotlib's object API on the Agg canvas:
no pyplot global state and no display needed, which matters inside Dagster's worker processes.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from pipeline.config import Settings
from pipeline.io import write_bytes_atomic
from pipeline.sql import query_file, sql_text
from pipeline.warehouse import open_read_only

TOP_TOPICS = 7
TOP_PAPERS = 15
REMAINDER = "other & smaller topics"  # the topic 'other' is folded in here too: it is not a trend
FILE_DPI = 130
PREVIEW_DPI = 55  # the Dagster UI preview travels base64 in run metadata: keep it a few KB
PALETTE = [
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
]  # Tableau 10 without grey; grey is kept for REMAINDER
GREY = "#bab0ac"
READABLE = 0o644  # reports are meant to be opened by other users (temp files start private)


@dataclass
class ReportResult:
    """Where the report went and what it shows (for the asset's metadata)."""

    directory: Path
    trend_png: Path
    relisted_png: Path
    html: Path
    previews: dict[str, bytes] = field(default_factory=dict)
    top_topics: list[str] = field(default_factory=list)
    n_weeks: int = 0
    n_relisted_papers: int = 0
    n_undated_sightings: int = 0
    warehouse_fingerprint: str = ""
    built_at: str = ""

    def preview_markdown(self) -> str:
        """Markdown with the previews as data-URI images (Dagster renders it on the asset page)."""
        parts = []
        for label, png in self.previews.items():
            encoded = base64.b64encode(png).decode("ascii")
            parts.append(f"**{label}**\n\n![{label}](data:image/png;base64,{encoded})")
        return "\n\n".join(parts)


def build_report(
    settings: Settings, *, top_topics: int = TOP_TOPICS, top_papers: int = TOP_PAPERS
) -> ReportResult:
    """Query the published warehouse and write ``reports/topic_trends.png``, ``top_relisted.png``
    and ``index.html`` under the data dir."""
    with open_read_only(settings) as con:
        weekly = con.execute(sql_text("reports/topic_weeks.sql")).df()
        relisted = con.execute(sql_text("reports/top_relisted.sql"), [top_papers]).df()
        facts = query_file(con, "reports/report_facts.sql")[0]
    table, topics = weekly_table(weekly, top_topics)
    colours = topic_colours(topics)
    out = settings.data_dir / "reports"
    result = ReportResult(
        directory=out,
        trend_png=out / "topic_trends.png",
        relisted_png=out / "top_relisted.png",
        html=out / "index.html",
        top_topics=[t for t in topics if t != REMAINDER],
        n_weeks=int((table.sum(axis=1) > 0).sum()),
        n_relisted_papers=int(facts["n_relisted_papers"]),
        n_undated_sightings=int(facts["n_undated_sightings"]),
        warehouse_fingerprint=str(facts["input_fingerprint"]),
        built_at=_when(facts["built_at"]),
    )
    undated = int(facts["n_undated_sightings"])
    trend = trend_figure(table, colours, undated)
    bars = relisted_figure(relisted, colours, int(facts["n_relisted_papers"]))
    write_bytes_atomic(png_bytes(trend, FILE_DPI), result.trend_png, mode=READABLE)
    write_bytes_atomic(png_bytes(bars, FILE_DPI), result.relisted_png, mode=READABLE)
    result.previews = {
        "Papers listed per week, by topic": png_bytes(trend, PREVIEW_DPI),
        "Most re-listed papers": png_bytes(bars, PREVIEW_DPI),
    }
    write_bytes_atomic(render_html(result, facts, relisted).encode("utf-8"), result.html, mode=READABLE)
    return result


def weekly_table(weekly: pd.DataFrame, top_topics: int) -> tuple[pd.DataFrame, list[str]]:
    """Weeks x topics counts, every week between the first and last present (zeros included, so
    gaps in the captures show as gaps), the ``top_topics`` largest topics kept and the rest summed
    into REMAINDER. Returns the table and its column order (largest first, REMAINDER last)."""
    if weekly.empty:
        return pd.DataFrame(), []
    frame = weekly.assign(week=pd.to_datetime(weekly["week"]))
    totals = frame[frame["topic"] != "other"].groupby("topic")["n_papers"].sum()
    # groupby sorts topics by name, so the stable sort breaks ties alphabetically: same input, same chart.
    keep = totals.sort_values(ascending=False, kind="stable").head(top_topics).index.tolist()
    frame["series"] = frame["topic"].where(frame["topic"].isin(keep), REMAINDER)
    table = frame.pivot_table(index="week", columns="series", values="n_papers", aggfunc="sum", fill_value=0)
    weeks = pd.date_range(table.index.min(), table.index.max(), freq="7D")
    columns = keep + ([REMAINDER] if REMAINDER in table.columns else [])
    return table.reindex(index=weeks, columns=columns, fill_value=0).astype(int), columns


def topic_colours(topics: list[str]) -> dict[str, str]:
    colours = {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(t for t in topics if t != REMAINDER)}
    colours[REMAINDER] = GREY
    return colours


def _when(value: object) -> str:
    """A build time for people: minutes are enough, and UTC is said out loud."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return str(value)


def _label(topic: str) -> str:
    return topic.replace("_", " ")


def trend_figure(table: pd.DataFrame, colours: dict[str, str], undated: int) -> Figure:
    """Stacked weekly bars: bars rather than an area because captures are irregular, and an area
    would draw a slope through weeks nobody captured."""
    fig = Figure(figsize=(10, 5.2), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    fig.suptitle("Papers listed per week, by primary topic", fontsize=14, fontweight="bold")
    note = f"Top {len([c for c in table.columns if c != REMAINDER])} topics; weeks start on Monday."
    if undated:
        note += f" {undated} sightings on undated pages are not shown."
    ax.set_title(note, fontsize=9, color="#555555")
    if table.empty:
        ax.text(
            0.5, 0.5, "No dated listings in the warehouse", ha="center", va="center", transform=ax.transAxes
        )
        ax.set_axis_off()
        return fig
    x = mdates.date2num(table.index.to_pydatetime())
    bottom = pd.Series(0, index=table.index)
    for topic in table.columns:
        ax.bar(
            x,
            table[topic],
            bottom=bottom,
            width=5,
            color=colours[topic],
            label=_label(topic),
            edgecolor="white",
            linewidth=0.5,
        )
        bottom = bottom + table[topic]
    for xi, total in zip(x, bottom, strict=True):
        if total:
            ax.annotate(
                f"{total}",
                (xi, total),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                fontsize=8,
                color="#333333",
            )
    ax.set_xlim(x.min() - 6, x.max() + 6)
    if len(table.index) <= 16:  # label every week when it fits, else let matplotlib thin them out
        ax.set_xticks(x)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%Y"))
    else:
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%Y"))
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlabel("Listing week (Monday)")
    ax.set_ylabel("Distinct papers listed")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(1, bottom.max()) * 1.12)
    ax.grid(axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    handles, labels = ax.get_legend_handles_labels()
    _topic_legend(ax, handles[::-1], labels[::-1])
    return fig


def _shorten(title: str, width: int = 60) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def relisted_figure(relisted: pd.DataFrame, colours: dict[str, str], n_relisted: int) -> Figure:
    """Horizontal bars of the most re-listed papers, coloured like the topics in the trend chart."""
    rows = max(len(relisted), 3)
    fig = Figure(figsize=(10, 1.2 + 0.36 * rows), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    fig.suptitle(
        f"Most re-listed papers (top {len(relisted)} of {n_relisted})", fontsize=14, fontweight="bold"
    )
    if relisted.empty:
        ax.text(
            0.5, 0.5, "No paper was listed more than once", ha="center", va="center", transform=ax.transAxes
        )
        ax.set_axis_off()
        return fig
    ax.set_title("Sightings across all pages; ties ordered by files, then title", fontsize=9, color="#555555")
    y = list(range(len(relisted)))
    colour = [colours.get(t, GREY) for t in relisted["topic"]]
    ax.barh(y, relisted["n_sightings"], color=colour, height=0.7)
    ax.set_yticks(y, [_shorten(t) for t in relisted["title"]], fontsize=8)
    ax.invert_yaxis()
    for yi, n in zip(y, relisted["n_sightings"], strict=True):
        ax.annotate(f"{n}", (n, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_xlabel("Times listed (sightings)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, relisted["n_sightings"].max() * 1.08)
    ax.grid(axis="x", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    # Same colours and names as the trend chart: a topic outside its top N is "other & smaller topics".
    present = {t if t in colours else REMAINDER for t in relisted["topic"]}
    handles = [Patch(color=c, label=_label(t)) for t, c in colours.items() if t in present]
    _topic_legend(ax, handles, [h.get_label() for h in handles])
    return fig


def _topic_legend(ax: Axes, handles: list, labels: list[str]) -> None:
    """The same "Primary topic" legend, right of the plot, on both charts."""
    ax.legend(
        handles,
        labels,
        title="Primary topic",
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        frameon=False,
        fontsize=9,
    )


def png_bytes(fig: Figure, dpi: int) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def render_html(result: ReportResult, facts: dict, relisted: pd.DataFrame) -> str:
    """A self-explaining page next to the PNGs (relative links, so the folder can be copied)."""
    esc = html.escape
    rows = "\n".join(
        f"<tr><td>{esc(str(r.title))}</td><td>{esc(_label(str(r.topic)))}</td><td>{r.n_sightings}</td>"
        f"<td>{r.n_source_files}</td></tr>"
        for r in relisted.itertuples()
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>paperlake: topic trends</title>
<style>body{{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}}
img{{max-width:100%;border:1px solid #ddd}} table{{border-collapse:collapse}}
td,th{{border-bottom:1px solid #eee;padding:.3em .6em;text-align:left}} .muted{{color:#666}}</style>
</head><body>
<h1>Topic trends</h1>
<p class="muted">Warehouse built {esc(result.built_at)} from {facts["n_papers"]} papers and
{facts["n_sightings"]} sightings ({result.n_undated_sightings} on undated pages, not in the weekly
chart). Regenerated by the <code>topic_trends_report</code> Dagster asset.</p>
<h2>Papers listed per week, by primary topic</h2>
<img src="{result.trend_png.name}" alt="Stacked weekly bars of papers listed per primary topic">
<h2>Most re-listed papers</h2>
<img src="{result.relisted_png.name}" alt="Horizontal bars of the papers listed most often">
<table><thead><tr><th>title</th><th>topic</th><th>sightings</th><th>files</th></tr></thead>
<tbody>
{rows}
</tbody></table>
</body></html>
"""
