"""Sentence pooling: plain and attention-weighted averages of a sentence's token states."""

import numpy as np
import pytest
import torch

from briefnlp.modeling.letter_model import LetterModelConfig
from briefnlp.modeling.pooling import SentencePooler, pool_sentences


def _tokens():
    # one chunk of 5 tokens: a special (-1), two tokens of sentence 0, two of sentence 1
    hidden = torch.tensor([[[9.0, 9.0], [1.0, 0.0], [3.0, 2.0], [0.0, 4.0], [2.0, 0.0]]])
    ids = torch.tensor([[-1, 0, 0, 1, 1]])
    return hidden, ids


def test_pool_sentences_averages_or_weighs_each_sentence_tokens_and_skips_the_rest():
    hidden, ids = _tokens()
    torch.testing.assert_close(pool_sentences(hidden, ids, 2), torch.tensor([[2.0, 1.0], [1.0, 2.0]]))
    scores = torch.tensor([[100.0, 0.0, np.log(3.0), 0.0, 0.0]])  # the special's score must not count
    w = torch.tensor([1.0, 3.0]) / 4
    expected = torch.stack([w[0] * hidden[0, 1] + w[1] * hidden[0, 2], hidden[0, 3:].mean(0)])
    torch.testing.assert_close(pool_sentences(hidden, ids, 2, scores), expected)


def test_sentence_attention_starts_as_the_mean_and_rejects_unknown_modes():
    hidden, ids = _tokens()
    pooler = SentencePooler(2, "attention")
    torch.testing.assert_close(pooler(hidden, ids, 2), SentencePooler(2, "mean")(hidden, ids, 2))
    with pytest.raises(ValueError, match="sentence pooling"):
        SentencePooler(2, "max")


def test_sentence_attention_trains_saves_and_loads(tiny_backbone_dir, tiny_letter_records, tmp_path):
    from briefnlp.modeling.fit import fit_letter_transformer, prepare
    from briefnlp.modeling.pretrained import LetterTransformer
    from briefnlp.modeling.trainer import LetterTrainingArguments

    args = LetterTrainingArguments(output_dir=str(tmp_path / "t"), max_steps=3, disable_tqdm=True, seed=1,
                                   learning_rate=1e-2)
    config = LetterModelConfig(max_length=32, stride=8, sentence_pooling="attention")
    model = fit_letter_transformer(tiny_letter_records, tiny_letter_records, str(tiny_backbone_dir), config, args)
    assert model.model.sentence_pooler.score.weight.abs().sum() > 0  # it learnt away from the mean
    letters, _, _ = prepare(tiny_letter_records, model.labels)
    before = model.run(letters)
    model.save_pretrained(tmp_path / "m")
    loaded = LetterTransformer.from_pretrained(tmp_path / "m")
    assert loaded.model.config.sentence_pooling == "attention"
    for a, b in zip(before, loaded.run(letters)):
        np.testing.assert_allclose(a.measure_logits, b.measure_logits, atol=1e-5)
