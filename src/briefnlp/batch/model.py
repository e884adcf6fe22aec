"""The model of a batch run: loading it, its precision, and how records name it.

Every record carries ``"model": {"name", "version", "sha"}``: the model folder's name,
the briefnlp version that produced the record, and a sha256 over the model's files (so
that records from different models never get mixed up on resume or in analysis).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefnlp.pipeline import LetterAnalyser

PRECISIONS = ("fp32", "onnx", "bf16", "int8")


def load_analyser(
    model: str | os.PathLike[str] | None = None,
    backbone: str | None = None,
    precision: str = "fp32",
    group_lengths: bool = True,
) -> LetterAnalyser:
    """`LetterAnalyser.from_pretrained(model, backbone)` at the given precision.

    With `group_lengths` the encoder runs chunks grouped by length (`briefnlp.batch.grouping`).
    """
    from briefnlp.pipeline import LetterAnalyser

    analyser = LetterAnalyser.from_pretrained(model, backbone)
    set_precision(analyser, precision)
    if group_lengths:
        group_chunk_lengths(analyser)
    return analyser


def group_chunk_lengths(analyser: LetterAnalyser, slack: float = 0.9) -> None:
    """Make the analyser's encoder run chunks in groups of similar length (in place)."""
    from briefnlp.batch.grouping import LengthGroupedEncoder

    for model in analyser.transformer.members:
        if not isinstance(model.encoder, LengthGroupedEncoder):
            model.encoder = LengthGroupedEncoder(model.encoder, slack)


def set_precision(analyser: LetterAnalyser, precision: str) -> None:
    """Run the encoder in fp32 (default), fp32 on ONNX Runtime ("onnx": the same states
    up to float noise; needs briefnlp[onnx]; not faster than torch on the project's
    Xeon, see eval/bench_batch.py), bf16 weights, or int8 dynamic quantisation.

    The heads stay fp32 torch (`LetterModel.encode` casts the encoder's states to float).
    Use bf16 / int8 only where `eval/bench_batch.py` shows the same labels and measures
    (on CPUs without native bf16, bf16 is also slower: it is emulated).
    """
    import torch

    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    for model in analyser.transformer.members:  # an ensemble: every member's encoder
        if precision == "onnx":
            from briefnlp.modeling.onnx_runtime import use_onnx_runtime

            use_onnx_runtime(model, threads=torch.get_num_threads())
        elif precision == "bf16":
            model.encoder.to(torch.bfloat16)
        elif precision == "int8":
            model.encoder = torch.ao.quantization.quantize_dynamic(
                model.encoder, {torch.nn.Linear}, dtype=torch.qint8
            )
        model.eval()


def describe_model(
    analyser: LetterAnalyser | None,
    path: str | os.PathLike[str] | None = None,
    precision: str = "fp32",
) -> dict[str, str]:
    """``{"name", "version", "sha"}`` for the records.

    With `path` (the folder the model was loaded from) the sha covers the folder's files
    and `analyser` may be None; without, it covers the analyser's config and weights.
    """
    from briefnlp import __version__

    if path is not None:
        name, sha = Path(path).resolve().name, folder_sha256(path)
    elif analyser is not None:
        name, sha = f"{analyser.transformer.backbone}+unsaved", state_sha256(analyser)
    else:
        raise ValueError("describe_model needs an analyser or a path")
    if precision != "fp32":
        name = f"{name}@{precision}"
    return {"name": name, "version": __version__, "sha": sha}


def folder_sha256(path: str | os.PathLike[str]) -> str:
    """sha256 over the relative names and bytes of every file below `path`, sorted."""
    root = Path(path)
    digest = hashlib.sha256()
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(file.relative_to(root).as_posix().encode() + b"\0")
        with open(file, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def state_sha256(analyser: LetterAnalyser) -> str:
    """sha256 over the model's config, calibration and every weight tensor."""
    transformer = analyser.transformer
    digest = hashlib.sha256()
    header = {
        "backbone": transformer.backbone,
        "config": transformer.model.config.to_dict(),
        "calibration": transformer.calibration.to_dict(),
    }
    digest.update(json.dumps(header, sort_keys=True).encode())
    import torch

    for name, tensor in sorted(transformer.model.state_dict().items()):
        if not isinstance(tensor, torch.Tensor):  # packed int8 weights: named only
            digest.update(name.encode() + b"\0")
            continue
        if tensor.is_quantized:
            tensor = tensor.dequantize()
        digest.update(name.encode() + b"\0")
        digest.update(tensor.detach().contiguous().cpu().float().numpy().tobytes())
    return digest.hexdigest()


def resolve_model_path(model: str | os.PathLike[str] | None) -> Path:
    """The folder `load_analyser(model)` reads: `model`, or the shipped default."""
    from briefnlp.modeling.shipped import default_model_dir

    return Path(model) if model is not None else default_model_dir()
