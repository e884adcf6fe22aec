"""Mechanics of the shared transformer on a tiny random model with the real tokenizer."""

import numpy as np
import pytest
import torch

from briefnlp.modeling.chunking import LetterChunker, collate_chunks
from briefnlp.modeling.letter_model import LetterModel, LetterModelConfig
from briefnlp.modeling.pooling import POOLINGS

@pytest.fixture(scope="module")
def trained(tiny_backbone_dir, tiny_letter_records, tmp_path_factory):
    from briefnlp.modeling.fit import fit_letter_transformer
    from briefnlp.modeling.trainer import LetterTrainingArguments

    out = tmp_path_factory.mktemp("tiny-train")
    args = LetterTrainingArguments(output_dir=str(out), max_steps=2, disable_tqdm=True, seed=1)
    config = LetterModelConfig(max_length=32, stride=8)
    return fit_letter_transformer(tiny_letter_records, tiny_letter_records, str(tiny_backbone_dir), config, args)


@pytest.fixture()
def RECORDS(tiny_letter_records):
    return tiny_letter_records


def test_train_save_load_gives_identical_predictions(trained, RECORDS, tmp_path):
    from briefnlp.modeling.fit import prepare
    from briefnlp.modeling.pretrained import LetterTransformer

    letters, _, _ = prepare(RECORDS, trained.labels)
    before = trained.run(letters)
    trained.save_pretrained(tmp_path / "model")
    files = {p.name for p in (tmp_path / "model").rglob("*") if p.is_file()}
    assert {"briefnlp_config.json", "heads.safetensors", "adapter_model.safetensors"} <= files
    loaded = LetterTransformer.from_pretrained(tmp_path / "model")
    after = loaded.run(letters)
    for a, b in zip(before, after):
        np.testing.assert_allclose(a.topic_logits, b.topic_logits, atol=1e-5)
        np.testing.assert_allclose(a.measure_logits, b.measure_logits, atol=1e-5)
        assert len(b.measure_logits) == len(b.sentence_topic_logits)
    assert loaded.calibration.to_dict() == trained.calibration.to_dict()


def test_topic_classifier_label_order_is_consistent(trained, RECORDS, tmp_path):
    from briefnlp.topics.classifier import TopicClassifier

    trained.save_pretrained(tmp_path / "m")
    clf = TopicClassifier.from_pretrained(tmp_path / "m")
    texts = [r["text"] for r in RECORDS]
    proba = clf.predict_proba(texts)
    assert proba.shape == (3, 3) and list(clf.classes_) == ["cyber", "politie", "privacy"]
    np.testing.assert_array_equal(clf.predict(texts), (proba >= clf.thresholds_).astype(int))
    labels = clf.predict_labels(texts)
    assert all(set(l) <= set(clf.classes_) for l in labels)
    evidence = clf.explain(texts[0], top_k=2)
    assert set(evidence) == set(clf.classes_)
    assert all(e.sentence.text in texts[0] for items in evidence.values() for e in items)


def test_chunks_overlap_and_cover_every_sentence(tiny_backbone_dir, RECORDS):
    from briefnlp.backbones import load_backbone
    from briefnlp.reading import read_letter

    _, tokenizer = load_backbone(str(tiny_backbone_dir))
    letter = read_letter(" ".join(RECORDS[0]["text"] for _ in range(8)))
    chunker = LetterChunker(tokenizer, max_length=32, stride=8)
    chunked = chunker(letter)
    assert len(chunked.chunks) > 2 and all(len(c) <= 32 for c in chunked.chunks)
    seen = {t for tags in chunked.token_sentence for t in tags if t >= 0}
    assert seen == set(range(len(letter.sentences)))
    head = 1 + len(chunker.prefix_ids)
    first, second = chunked.chunks[0][head:-1], chunked.chunks[1][head:-1]
    assert first[-8:] == second[:8]  # the stride overlap
    assert len(LetterChunker(tokenizer, 32, 8, max_chunks=1)(letter).chunks) == 1


def test_every_sentence_keeps_all_its_tokens(tiny_backbone_dir):
    """A sentence's tokens decode to the whole sentence, its first word included
    (SentencePiece offsets put the space before a word inside the word's token)."""
    from briefnlp.backbones import load_backbone
    from briefnlp.reading import read_letter

    _, tokenizer = load_backbone(str(tiny_backbone_dir))
    letter = read_letter("Eerste zin hier. Zoals eerder gemeld, is dit zo.\n\nTevens monitort de politie.")
    chunked = LetterChunker(tokenizer, max_length=64, stride=8)(letter)
    for k, sentence in enumerate(letter.sentences):
        ids = [i for c, t in zip(chunked.chunks, chunked.token_sentence) for i, s in zip(c, t) if s == k]
        assert tokenizer.decode(ids).strip() == sentence.text


def test_local_view_packs_whole_sentences_into_short_chunks(tiny_backbone_dir):
    """Chunks of at most `length` tokens, made of whole sentences in order (a sentence
    longer than a chunk is cut, not dropped), a new chunk at a paragraph break once
    half full; every sentence keeps all its tokens."""
    from briefnlp.backbones import load_backbone
    from briefnlp.reading import read_letter

    _, tokenizer = load_backbone(str(tiny_backbone_dir))
    long = " ".join(f"systeem {i}" for i in range(40))
    letter = read_letter(f"Geachte voorzitter,\n\nEerste zin hier. Zoals eerder gemeld, is dit zo.\n\n"
                         f"Tevens monitort de politie.\n\nDe politie monitort {long}.\n\n"
                         f"Het NCSC informeert partijen. Het OM start een onderzoek.\n\nDe Minister,\n\nA. Jansen")
    chunker = LetterChunker(tokenizer, max_length=512, stride=8)
    view = chunker.local(letter, length=32)
    assert view.n_sentences == len(letter.sentences) and all(len(c) <= 32 for c in view.chunks)
    order = [t for tags in view.token_sentence for t in tags if t >= 0]
    assert order == sorted(order)  # the letter's order, nothing repeated
    for k, sentence in enumerate(letter.sentences):
        ids = [i for c, t in zip(view.chunks, view.token_sentence) for i, s in zip(c, t) if s == k]
        assert tokenizer.decode(ids).strip() == sentence.text
    in_chunks = [sorted({t for t in tags if t >= 0}) for tags in view.token_sentence]
    cut = [k for k, s in enumerate(letter.sentences) if s.text.startswith("De politie monitort")][0]
    assert sum(cut in c for c in in_chunks) > 1  # the long sentence spans chunks
    short = [c for c in in_chunks if cut not in c]
    assert all(len({letter.sentences[k].paragraph for k in c}) <= 2 for c in short)
    assert len(chunker.local(letter, length=512).chunks) == 1


def test_training_draws_the_local_view_at_the_asked_rate(tiny_backbone_dir, RECORDS):
    from briefnlp.backbones import load_backbone
    from briefnlp.modeling.fit import prepare
    from briefnlp.modeling.trainer import LetterExamples, make_examples

    _, tokenizer = load_backbone(str(tiny_backbone_dir))
    letters, y, flags = prepare(RECORDS, ["cyber", "politie", "privacy"])
    chunker = LetterChunker(tokenizer, max_length=32, stride=8)
    examples = make_examples(chunker, letters, y.tolist(), flags, local_length=16)
    assert all(e.local.measure_labels == e.measure_labels for e in examples)
    never, always, half = (LetterExamples(examples, p, seed=0) for p in (0.0, 1.0, 0.5))
    assert all(never[i] is examples[i] for i in range(3))
    assert all(always[i] is examples[i].local for i in range(3))
    drawn = [half[i % 3] is examples[i % 3].local for i in range(300)]
    assert 0.4 < sum(drawn) / 300 < 0.6
    with pytest.raises(ValueError, match="local_length"):
        LetterExamples(make_examples(chunker, letters, y.tolist(), flags), 0.5)


def test_training_on_the_local_view_learns_from_it(tiny_backbone_dir, RECORDS, tmp_path):
    """Same seed, same steps: a run that sees only local views ends elsewhere than a run
    that sees whole letters (the cached states of both views are used)."""
    from briefnlp.modeling.fit import fit_letter_transformer, prepare
    from briefnlp.modeling.trainer import LetterTrainingArguments

    def train(view: float):
        args = LetterTrainingArguments(output_dir=str(tmp_path / str(view)), max_steps=3, disable_tqdm=True,
                                       seed=1, local_view=view, local_length=16,
                                       learning_rate=1e-2)
        torch.manual_seed(0)
        config = LetterModelConfig(max_length=32, stride=8)
        return fit_letter_transformer(RECORDS, None, str(tiny_backbone_dir), config, args)

    whole, local = train(0.0), train(1.0)
    letters, _, _ = prepare(RECORDS, whole.labels)
    a, b = whole.run(letters), local.run(letters)
    assert [len(o.measure_logits) for o in b] == [len(l.sentences) for l in letters]
    assert not np.allclose(np.concatenate([o.measure_logits for o in a]),
                           np.concatenate([o.measure_logits for o in b]), atol=1e-4)


@pytest.mark.parametrize("top_layers", [8, 1], ids=["mask-token-ids", "zeroed-cached-states"])
def test_training_with_word_dropout_uses_it(tiny_backbone_dir, RECORDS, tmp_path, top_layers):
    """Same seed, same steps: word dropout changes where training ends, on token ids (all
    layers adapted, nothing cached) and on cached states (the tiny model's bottom layer)."""
    from briefnlp.modeling.fit import fit_letter_transformer, prepare
    from briefnlp.modeling.trainer import LetterTrainingArguments

    def train(token_mask: float):
        args = LetterTrainingArguments(output_dir=str(tmp_path / str(token_mask)), max_steps=3,
                                       disable_tqdm=True, seed=1, token_mask=token_mask, learning_rate=1e-2,
                                       lora_top_layers=top_layers)
        torch.manual_seed(0)
        return fit_letter_transformer(RECORDS, None, str(tiny_backbone_dir), LetterModelConfig(max_length=32, stride=8), args)

    plain, dropped = train(0.0), train(0.5)
    letters, _, _ = prepare(RECORDS, plain.labels)
    a, b = plain.run(letters), dropped.run(letters)
    assert not np.allclose(np.concatenate([o.measure_logits for o in a]),
                           np.concatenate([o.measure_logits for o in b]), atol=1e-4)


def test_word_dropout_hides_content_tokens_only_at_the_asked_rate(tiny_backbone_dir, RECORDS):
    """Ids become the mask token; with cached states, those positions' states become zero.
    Special tokens and padding are never hidden, and each step draws anew."""
    from briefnlp.backbones import load_backbone
    from briefnlp.modeling.fit import prepare
    from briefnlp.modeling.trainer import LetterCollator, make_examples

    _, tokenizer = load_backbone(str(tiny_backbone_dir))
    letters, y, flags = prepare(RECORDS, ["cyber", "politie", "privacy"])
    examples = make_examples(LetterChunker(tokenizer, max_length=32, stride=8), letters, y.tolist(), flags)
    specials = torch.tensor(tokenizer.all_special_ids)
    plain = LetterCollator(tokenizer.pad_token_id)(examples)["input_ids"]
    content = ~torch.isin(plain, specials)

    collate = LetterCollator(tokenizer.pad_token_id, tokenizer.mask_token_id, 0.3,
                             tuple(tokenizer.all_special_ids), seed=0)
    draws = [collate(examples)["input_ids"] for _ in range(20)]
    hidden = torch.stack([d == tokenizer.mask_token_id for d in draws]).float()
    assert torch.equal(draws[0][~content], plain[~content])  # specials and padding kept
    assert torch.equal(draws[0][content & (hidden[0] == 0)], plain[content & (hidden[0] == 0)])
    assert 0.25 < hidden[:, content].mean() < 0.35
    assert not torch.equal(hidden[0], hidden[1])

    for e in examples:  # cached frozen-layer states: stand-ins of ones
        e.prefix = [torch.ones(len(c), 4) for c in e.chunked.chunks]
    states = collate(examples)["prefix_states"]
    zeroed = (states == 0).all(-1)
    assert not zeroed[~content & (plain != tokenizer.pad_token_id)].any()
    assert 0.15 < zeroed[content].float().mean() < 0.45
    for e in examples:
        e.prefix = None
    with pytest.raises(ValueError, match="mask token"):
        LetterCollator(tokenizer.pad_token_id, None, 0.3)(examples)
    with pytest.raises(ValueError, match="mask_prob"):
        LetterCollator(tokenizer.pad_token_id, tokenizer.mask_token_id, 1.0)


@pytest.mark.parametrize("pooling", POOLINGS)
def test_every_pooling_gives_one_vector_per_letter(tiny_backbone_dir, RECORDS, pooling):
    from briefnlp.backbones import load_backbone
    from briefnlp.reading import read_letter

    encoder, tokenizer = load_backbone(str(tiny_backbone_dir))
    chunker = LetterChunker(tokenizer, max_length=32, stride=8)
    letters = [read_letter(r["text"] * 3) for r in RECORDS]
    batch = collate_chunks([chunker(l) for l in letters], tokenizer.pad_token_id)
    model = LetterModel(encoder, LetterModelConfig(pooling=pooling)).eval()
    with torch.no_grad():
        out = model(**batch)
    assert out["topic_logits"].shape == (3, 3)
    assert out["measure_logits"].shape == (sum(len(l.sentences) for l in letters),)
    assert torch.isfinite(out["topic_logits"]).all()
