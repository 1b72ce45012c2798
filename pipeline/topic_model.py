"""Where the topic model's data files live, and their fingerprint.

The linear topic model is data (``data/topic_model/*.csv``), read by
``sql/warehouse/061_topic_model.sql`` through the variable ``topic_model_dir``. Keeping weights out
of the SQL keeps the SQL reviewable and lets a retrained model ship as a data change; hashing the
files into the warehouse fingerprint makes a retrained model rebuild the warehouse, as an edited rule
does. This module is imported by every build, so it needs nothing beyond the standard library
(training lives in ``pipeline.topic_train`` and needs scikit-learn).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from pipeline.config import PROJECT_ROOT

DEFAULT_MODEL_DIR = PROJECT_ROOT / "data" / "topic_model"
MODEL_DIR_ENV = "PAPERLAKE_TOPIC_MODEL_DIR"
# The files 061_topic_model.sql reads; anything else in the folder (the model card) is documentation.
MODEL_FILES = ("settings.csv", "topics.csv", "features.csv")


def model_dir() -> Path:
    """The model the warehouse build scores with: ``$PAPERLAKE_TOPIC_MODEL_DIR``, else the shipped one.

    The variable lets a deployment (or ``paperlake topics eval --model``) use a model trained on its
    own labels without editing the repository."""
    configured = os.environ.get(MODEL_DIR_ENV)
    return Path(configured).expanduser().resolve() if configured else DEFAULT_MODEL_DIR


def model_fingerprint(folder: Path | None = None) -> str:
    """Hash of the model files: a different model means a different warehouse."""
    folder = folder or model_dir()
    digest = hashlib.sha256()
    for name in MODEL_FILES:
        path = folder / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()[:32]
