"""Where the default model that ships with briefnlp lives."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_MODEL = "briefnlp-e5-small-nl"
MODEL_DIR_ENV = "BRIEFNLP_MODEL_DIR"


def default_model_dir() -> Path:
    """`$BRIEFNLP_MODEL_DIR`, else the repository's `models/` folder, else the installed copy."""
    if os.environ.get(MODEL_DIR_ENV):
        return Path(os.environ[MODEL_DIR_ENV])
    candidates = [
        Path(__file__).resolve().parents[3] / "models" / DEFAULT_MODEL,  # source checkout
        Path(__file__).resolve().parents[1] / "shipped_models" / DEFAULT_MODEL,  # wheel
    ]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"the default model {DEFAULT_MODEL} is not installed; train one with "
        f"training/train_topics.py or set ${MODEL_DIR_ENV}"
    )
