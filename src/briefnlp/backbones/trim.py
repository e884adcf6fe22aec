"""Trim a SentencePiece Unigram vocabulary (XLM-R, e5) to the pieces Dutch text uses.

96M of e5-small's 118M parameters are its 250k-row vocabulary table, and Dutch letters
touch a small part of it. Trimming keeps:

- the special and added tokens, and the lowest-scoring piece (``tokenizers`` scores an
  unknown character as that score minus 10, so keeping it keeps ``<unk>`` handling equal);
- the pieces in the shipped list ``data/dutch_pieces.txt.gz``: every piece that
  tokenising the OpenTaal Dutch word list (Debian ``wdutch``: lower-case, capitalised and
  upper-case forms, each word-initial and word-internal), an English word list (Debian
  ``wamerican``, for the loanwords in letters) and the project corpus produces, plus all
  pieces made only of digits, punctuation and symbols, all short upper-case ASCII pieces
  (acronyms) and every single Latin letter. ``python -m briefnlp.backbones.trim`` rebuilds
  it;
- every piece that the caller's ``texts`` (e.g. the training corpus) use.

Unigram segmentation picks the best-scoring path over the vocabulary; dropping pieces
that a text does not use leaves that path the best, so any text whose pieces are all kept
tokenises to the same pieces (only the ids are renumbered) and gets the same embeddings.
Other text falls back to shorter kept pieces, and to ``<unk>`` only for characters no kept
piece covers.
"""

from __future__ import annotations

import argparse
import gzip
import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefnlp.backbones.errors import UnsupportedBackboneError

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase, PreTrainedTokenizerFast

DATA_FILE = "dutch_pieces.txt.gz"
TRIM_INFO = "briefnlp-trim.json"
PREFIXES = ("passage: ", "query: ")  # e5's prefixes are always in the model's input
_ROLES = (
    "bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"
)


def dutch_pieces_path() -> Path:
    """The shipped list of pieces (gzip text: one JSON provenance line, then one piece a line)."""
    return Path(str(resources.files("briefnlp.backbones").joinpath("data").joinpath(DATA_FILE)))


def dutch_pieces(path: str | Path | None = None) -> list[str]:
    """The pieces of the shipped Dutch list (without its provenance line)."""
    with gzip.open(path or dutch_pieces_path(), "rt", encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    return [line for line in lines[1:] if line]


@dataclass
class TrimReport:
    """What a trim kept: ``kept_ids`` are the old ids, in new-id order."""

    kept_ids: list[int]
    vocab_before: int
    vocab_after: int
    params_before: int
    params_after: int

    def summary(self) -> str:
        return (
            f"vocabulary {self.vocab_before:,} -> {self.vocab_after:,} rows, "
            f"parameters {self.params_before:,} -> {self.params_after:,}"
        )


def _unigram_json(tokenizer: PreTrainedTokenizerBase) -> dict[str, Any]:
    backend = getattr(tokenizer, "backend_tokenizer", None)
    data = json.loads(backend.to_str()) if backend is not None else {}
    if data.get("model", {}).get("type") != "Unigram":
        raise UnsupportedBackboneError(
            f"cannot trim a {data.get('model', {}).get('type', 'slow')} tokenizer"
        )
    return data


def kept_token_ids(
    tokenizer: PreTrainedTokenizerBase,
    texts: Iterable[str] = (),
    *,
    dutch: bool = True,
) -> list[int]:
    """Sorted ids to keep: specials, the lowest-scoring piece, the Dutch list, ``texts``' pieces."""
    data = _unigram_json(tokenizer)
    vocab = data["model"]["vocab"]
    keep = {token["id"] for token in data["added_tokens"]}
    if data["model"].get("unk_id") is not None:
        keep.add(data["model"]["unk_id"])
    keep.add(min(range(len(vocab)), key=lambda i: vocab[i][1]))
    if dutch:
        index = {piece: i for i, (piece, _) in enumerate(vocab)}
        keep.update(index[p] for p in dutch_pieces() if p in index)
    texts = list(PREFIXES) + list(texts)
    for encoding in tokenizer.backend_tokenizer.encode_batch(texts, add_special_tokens=False):
        keep.update(encoding.ids)
    return sorted(keep)


def trim_tokenizer(
    tokenizer: PreTrainedTokenizerBase, kept_ids: Sequence[int]
) -> PreTrainedTokenizerFast:
    """A copy of ``tokenizer`` whose Unigram vocabulary is ``kept_ids``, renumbered 0..n-1."""
    from tokenizers import Tokenizer
    from transformers import PreTrainedTokenizerFast

    data = _unigram_json(tokenizer)
    remap = {old: new for new, old in enumerate(kept_ids)}
    vocab = data["model"]["vocab"]
    data["model"]["vocab"] = [vocab[i] for i in kept_ids]
    if data["model"].get("unk_id") is not None:
        data["model"]["unk_id"] = remap[data["model"]["unk_id"]]
    for token in data["added_tokens"]:
        token["id"] = remap[token["id"]]
    data["post_processor"] = _remap_processor(data.get("post_processor"), remap)
    backend = Tokenizer.from_str(json.dumps(data))
    added = tokenizer.added_tokens_decoder
    by_content = {str(tok): tok for tok in added.values()}
    roles = {
        role: by_content.get(str(value), str(value))
        for role in _ROLES
        if (value := getattr(tokenizer, role, None)) is not None
    }
    return PreTrainedTokenizerFast(
        tokenizer_object=backend,
        model_max_length=tokenizer.model_max_length,
        padding_side=tokenizer.padding_side,
        **roles,
    )


def _remap_processor(node: Any, remap: dict[int, int]) -> Any:
    """Renumber the special-token ids inside a post-processor description."""
    if not isinstance(node, dict):
        return node
    kind = node.get("type")
    if kind == "TemplateProcessing":
        for special in node["special_tokens"].values():
            special["ids"] = [remap[i] for i in special["ids"]]
    elif kind in ("RobertaProcessing", "BertProcessing"):
        for key in ("sep", "cls"):
            node[key] = [node[key][0], remap[node[key][1]]]
    elif kind == "Sequence":
        node["processors"] = [_remap_processor(p, remap) for p in node["processors"]]
    return node


def trim_model(model: PreTrainedModel, kept_ids: Sequence[int]) -> PreTrainedModel:
    """Keep only the ``kept_ids`` rows of the input embeddings (in place) and fix the config."""
    import torch

    if model.get_output_embeddings() is not None:
        raise UnsupportedBackboneError("trimming models with an output (LM) head is not supported")
    remap = {old: new for new, old in enumerate(kept_ids)}
    old = model.get_input_embeddings()
    padding = remap.get(old.padding_idx) if old.padding_idx is not None else None
    new = torch.nn.Embedding(len(kept_ids), old.embedding_dim, padding_idx=padding,
                             device=old.weight.device, dtype=old.weight.dtype)
    with torch.no_grad():
        new.weight.copy_(old.weight[torch.as_tensor(list(kept_ids), dtype=torch.long)])
    model.set_input_embeddings(new)
    model.config.vocab_size = len(kept_ids)
    for attr in ("pad_token_id", "bos_token_id", "eos_token_id", "sep_token_id"):
        value = getattr(model.config, attr, None)
        if isinstance(value, int):
            setattr(model.config, attr, remap.get(value))
    embeddings = getattr(model, "embeddings", None)
    if embeddings is not None and hasattr(embeddings, "padding_idx"):  # RoBERTa positions
        embeddings.padding_idx = model.config.pad_token_id
    return model


def trim_backbone(
    src: str | Path,
    out_dir: str | Path,
    texts: Iterable[str] = (),
    *,
    dutch: bool = True,
) -> TrimReport:
    """Trim the backbone folder ``src`` to Dutch (+ ``texts``) and save it as a HF folder.

    The pooler is left out, as :func:`briefnlp.backbones.load_backbone` does. The old
    ids of the kept rows are written to ``briefnlp-trim.json`` beside the model.
    """
    from briefnlp.backbones import load_backbone
    from briefnlp.backbones.xlmr_tokenizer import save_tokenizer

    model, tokenizer = load_backbone(src)
    params_before = model.num_parameters()
    vocab_before = model.get_input_embeddings().num_embeddings
    kept = kept_token_ids(tokenizer, texts, dutch=dutch)
    if kept[-1] >= vocab_before:
        raise UnsupportedBackboneError(
            f"tokenizer id {kept[-1]} is past the {vocab_before} embeddings"
        )
    new_tokenizer = trim_tokenizer(tokenizer, kept)
    trim_model(model, kept)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    save_tokenizer(new_tokenizer, out)
    report = TrimReport(kept, vocab_before, len(kept), params_before, model.num_parameters())
    (out / TRIM_INFO).write_text(json.dumps(asdict(report)) + "\n", encoding="utf-8")
    return report


# --- rebuilding the shipped list (development only; needs the word lists installed) ---


def build_piece_list(
    tokenizer: PreTrainedTokenizerBase,
    words: Sequence[str],
    texts: Sequence[str] = (),
    upper_words: Sequence[str] = (),
) -> list[str]:
    """The pieces that ``words`` (lower-case, capitalised, word-initial and -internal),
    ``upper_words`` in capitals, and ``texts`` use, plus the always-kept symbol pieces."""
    backend = tokenizer.backend_tokenizer
    normalize = backend.normalizer.normalize_str
    forms = list(words) + [w[:1].upper() + w[1:] for w in words if w[:1].islower()]
    forms += [w.upper() for w in upper_words]
    keep: set[str] = set()
    for encoding in backend.encode_batch(forms + list(texts), add_special_tokens=False):
        keep.update(encoding.tokens)
    for form in forms:  # the same word inside a token, e.g. after "(" or "-"
        for word in normalize(form).split():
            keep.update(token.value for token in backend.model.tokenize(word))
    vocab = [piece for piece, _ in _unigram_json(tokenizer)["model"]["vocab"]]
    keep.update(piece for piece in vocab if _always_kept(piece.replace("\u2581", "")))
    return sorted(keep.intersection(vocab))


def _always_kept(core: str) -> bool:
    """Digits/punctuation/symbols, short ASCII acronyms, and single Latin letters."""
    if not core:
        return False
    if all(not c.isalpha() and (ord(c) < 0x2100 or c in "€£¥") for c in core):
        return True
    if core.isascii() and core.isalpha() and core.isupper() and len(core) <= 4:
        return True
    return len(core) == 1 and core.isalpha() and "LATIN" in unicodedata.name(core, "")


def main(argv: Sequence[str] | None = None) -> None:
    """Rebuild ``data/dutch_pieces.txt.gz`` from word lists and text folders."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--dutch", default="/usr/share/dict/nederlands", help="wdutch word list")
    parser.add_argument("--english", default="/usr/share/dict/american-english",
                        help="wamerican word list (loanwords)")
    parser.add_argument("--texts", nargs="*", default=["corpus/src"], help="folders of .txt files")
    parser.add_argument("--backbone", default="e5-small")
    parser.add_argument("--out", default=None, help="default: the package data file")
    args = parser.parse_args(argv)

    from briefnlp.backbones import load_backbone

    def read_words(path: str) -> list[str]:
        return [w.strip() for w in Path(path).read_text(encoding="utf-8").split("\n") if w.strip()]

    dutch = read_words(args.dutch)  # keeps "auto's", "foto's"
    english = [w for w in read_words(args.english) if not w.endswith("'s")]  # no possessives
    files = [p for folder in args.texts for p in sorted(Path(folder).rglob("*.txt"))]
    texts = [p.read_text(encoding="utf-8") for p in files]
    _, tokenizer = load_backbone(args.backbone)
    pieces = build_piece_list(tokenizer, dutch + english, texts,
                              upper_words=[w for w in dutch if len(w) <= 12])
    header = {
        "what": "SentencePiece pieces of multilingual-e5-small that Dutch text uses",
        "sources": {
            "wdutch": f"{len(dutch)} words, OpenTaal word list (BSD or CC-BY 3.0)",
            "wamerican": f"{len(english)} words, SCOWL (permissive, see Debian copyright)",
            "texts": f"{len(texts)} files from {', '.join(args.texts)}",
        },
        "pieces": len(pieces),
        "regenerate": "python -m briefnlp.backbones.trim",
    }
    out = Path(args.out) if args.out else dutch_pieces_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out, "wb", mtime=0) as handle:  # mtime=0: byte-identical rebuilds
        handle.write(("\n".join([json.dumps(header, sort_keys=True), *pieces]) + "\n").encode())
    print(f"wrote {len(pieces)} pieces to {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
