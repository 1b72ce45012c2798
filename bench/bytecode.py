"""Compile the project's bytecode before a benchmark times ``paperlake`` processes.

pip compiles a package's ``.pyc`` files when it installs it; an editable install (``pip install
-e .``, what ``make`` does) leaves that to the first import, and where ``PYTHONDONTWRITEBYTECODE``
is set (this machine sets it) Python then compiles every module of ``pipeline/`` and ``assets/``
again in every process: 0.1-0.15 s of each ``paperlake refresh``. ``make run`` and ``make test``
compile them (``make bytecode``); a benchmark run on its own does it here, so it times what an
installed package costs.
"""

from __future__ import annotations

import compileall
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def compile_project() -> None:
    for package in ("pipeline", "assets"):
        compileall.compile_dir(PROJECT / package, quiet=1)
