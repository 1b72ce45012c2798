"""Progress lines for long runs: files done / total and records per second, on stderr.

Quiet unless asked for: the CLI turns it on (``PAPERLAKE_PROGRESS=1``) for interactive refreshes, so
CI logs and the Dagster daemon stay clean. Lines are throttled to one per ``every_s`` seconds.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

ENV_FLAG = "PAPERLAKE_PROGRESS"


def progress_enabled() -> bool:
    return os.environ.get(ENV_FLAG) == "1"


class Progress:
    """Callable ``(done, total, records)`` that prints a throttled progress line."""

    def __init__(
        self, label: str, *, stream: TextIO | None = None, every_s: float = 1.0, enabled: bool | None = None
    ) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.every_s = every_s
        self.enabled = progress_enabled() if enabled is None else enabled
        self.started = time.monotonic()
        self.last = float("-inf")

    def __call__(self, done: int, total: int, records: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self.last < self.every_s:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        eta = (total - done) * elapsed / done if done else 0.0
        self.stream.write(
            f"{self.label}: {done:,}/{total:,} files ({100 * done / max(total, 1):.0f}%), "
            f"{records:,} records, {records / elapsed:,.0f} records/s"
            + (f", about {eta:.0f} s left" if done < total else f", {elapsed:.1f} s")
            + "\n"
        )
        self.stream.flush()

    def note(self, text: str) -> None:
        """A one-off line (a stage starting or finishing)."""
        if self.enabled:
            self.stream.write(f"{text}\n")
            self.stream.flush()
