"""Run the (LoRA-merged) encoder with ONNX Runtime instead of torch: the same states.

`export_encoder` writes the encoder as an ONNX graph once, named by a hash of its
weights, under the briefnlp cache (atomically, as the backbone cache does).
`OnnxEncoder` is called like the Hugging Face encoder and returns `last_hidden_state`, so
`LetterModel`'s pooling and heads run unchanged on top of it. On this project's 2-core
Xeon the states matched torch's to about 2e-6, but the whole batch run was not faster
(2.61 against torch's 2.93 letters/s with length grouping, `eval/bench_batch.py
--precision onnx`), so torch stays the default; measure on your CPU before switching.

Needs `pip install briefnlp[onnx]` (onnxruntime, and onnx for the export).
"""

from __future__ import annotations

import copy
import hashlib
import os
from pathlib import Path

import numpy as np
import torch
from torch import nn
from transformers.modeling_outputs import BaseModelOutput


class _LastHiddenState(nn.Module):
    def __init__(self, encoder: nn.Module) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state


def weights_sha256(encoder: nn.Module) -> str:
    """sha256 over the encoder's parameter names and values (the export's cache key)."""
    digest = hashlib.sha256()
    for name, tensor in sorted(encoder.state_dict().items()):
        digest.update(name.encode() + b"\0")
        digest.update(tensor.detach().contiguous().cpu().float().numpy().tobytes())
    return digest.hexdigest()


def export_encoder(encoder: nn.Module, folder: str | os.PathLike | None = None) -> Path:
    """The encoder as `<folder>/<weights sha>.onnx` (default folder: the briefnlp cache)."""
    from briefnlp.backbones.cache import cache_root

    folder = Path(folder) if folder is not None else cache_root() / "onnx"
    path = folder / f"{weights_sha256(encoder)[:24]}.onnx"
    if path.is_file():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    # export a copy: tracing may leave the module it traces in an altered state
    twin = copy.deepcopy(encoder).eval()
    if hasattr(twin, "set_attn_implementation"):
        twin.set_attn_implementation("eager")  # a plain graph; ONNX Runtime fuses it itself
    ids = torch.full((2, 16), 5, dtype=torch.long)
    mask = torch.ones_like(ids)
    mask[1, 10:] = 0
    partial = path.with_suffix(f".{os.getpid()}.partial")
    axes = {0: "chunks", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            _LastHiddenState(twin), (ids, mask), str(partial),
            input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
            opset_version=17, dynamo=False,
        )
    os.replace(partial, path)
    return path


class OnnxEncoder(nn.Module):
    """An ONNX Runtime session in the place of a Hugging Face encoder."""

    def __init__(self, path: str | os.PathLike, config, threads: int | None = None) -> None:
        super().__init__()
        try:
            import onnxruntime as ort
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ImportError("the onnx runtime needs `pip install briefnlp[onnx]`") from exc
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.config = config
        self.path = Path(path)

    @classmethod
    def from_encoder(cls, encoder: nn.Module, threads: int | None = None) -> OnnxEncoder:
        """Export `encoder` (or reuse its cached export) and open a session on it."""
        return cls(export_encoder(encoder), encoder.config, threads)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, **_) -> BaseModelOutput:
        feed = {
            "input_ids": input_ids.cpu().numpy().astype(np.int64),
            "attention_mask": attention_mask.cpu().numpy().astype(np.int64),
        }
        (hidden,) = self.session.run(["last_hidden_state"], feed)
        return BaseModelOutput(last_hidden_state=torch.from_numpy(hidden))


def use_onnx_runtime(model: nn.Module, threads: int | None = None) -> None:
    """Swap a `LetterModel`'s encoder for its ONNX Runtime export (in place).

    A wrapper that keeps the encoder as `.inner` (`LengthGroupedEncoder`) keeps wrapping.
    """
    holder = model.encoder if hasattr(model.encoder, "inner") else model
    attribute = "inner" if holder is not model else "encoder"
    torch_encoder = getattr(holder, attribute)
    if not isinstance(torch_encoder, OnnxEncoder):
        setattr(holder, attribute, OnnxEncoder.from_encoder(torch_encoder, threads))
