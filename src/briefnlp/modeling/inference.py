"""Run a `LetterModel` over many letters: length-sorted batches, one pass for both tasks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from briefnlp.letter import Letter
from briefnlp.modeling.chunking import ChunkedLetter, LetterChunker, collate_chunks
from briefnlp.modeling.letter_model import LetterModel


@dataclass
class LetterOutput:
    """Raw scores of one letter: topic logits [labels] and measure logits [sentences]."""

    topic_logits: np.ndarray
    measure_logits: np.ndarray
    sentence_topic_logits: np.ndarray  # [sentences, labels]: the topic head on each sentence
    n_tokens: int
    measure_features: np.ndarray | None = None  # [sentences, 4H]: the measure head's input


def length_batches(sizes: Sequence[int], max_tokens: int) -> Iterator[list[int]]:
    """Group item indices, sorted by size, into batches of at most `max_tokens` tokens."""
    order = sorted(range(len(sizes)), key=lambda i: sizes[i])
    batch, total = [], 0
    for i in order:
        if batch and total + sizes[i] > max_tokens:
            yield batch
            batch, total = [], 0
        batch.append(i)
        total += sizes[i]
    if batch:
        yield batch


@torch.inference_mode()
def run_letter_model(
    model: torch.nn.Module,
    chunker: LetterChunker,
    letters: Sequence[Letter],
    max_tokens: int = 8 * 512,
    measure_features: bool = False,
) -> list[LetterOutput]:
    """Score letters in batches of similar length (dynamic padding); keeps input order.

    `model` is a `LetterModel` or a `LetterEnsemble` (whose logits are its members' mean).
    With `measure_features=True` each output also carries the measure head's input
    features (used to refit that head; a single model only)."""
    if measure_features and not isinstance(model, LetterModel):
        raise ValueError("measure features come from one LetterModel, not an ensemble")
    model.eval()
    chunked: list[ChunkedLetter] = [chunker(letter) for letter in letters]
    pad_id = chunker.tokenizer.pad_token_id
    outputs: list[LetterOutput | None] = [None] * len(letters)
    for batch in length_batches([c.n_tokens for c in chunked], max_tokens):
        inputs = collate_chunks([chunked[i] for i in batch], pad_id)
        result = model(**inputs)
        sentence_topics = result["sentence_topic_logits"]
        sentence_letter = inputs["sentence_letter"]
        features = (model.measure_head.features(result["sentences"], sentence_letter, result["letters"])
                    if measure_features else None)
        for position, index in enumerate(batch):
            mine = sentence_letter == position
            outputs[index] = LetterOutput(
                topic_logits=result["topic_logits"][position].float().numpy(),
                measure_logits=result["measure_logits"][mine].float().numpy(),
                sentence_topic_logits=sentence_topics[mine].float().numpy(),
                n_tokens=chunked[index].n_tokens,
                measure_features=None if features is None else features[mine].float().numpy(),
            )
    return outputs  # type: ignore[return-value]


@torch.inference_mode()
def embed_letters(
    encoder: torch.nn.Module,
    chunker: LetterChunker,
    letters: Sequence[Letter],
    max_tokens: int = 8 * 512,
    sentences: bool = False,
) -> list[np.ndarray]:
    """Frozen-encoder embeddings: per letter the mean of its chunk vectors (e5 pooling),
    or with `sentences=True` one vector per sentence. L2-normalised."""
    from briefnlp.modeling.pooling import mean_pool, pool_sentences

    encoder.eval()
    chunked = [chunker(letter) for letter in letters]
    out: list[np.ndarray | None] = [None] * len(letters)
    for batch in length_batches([c.n_tokens for c in chunked], max_tokens):
        inputs = collate_chunks([chunked[i] for i in batch], chunker.tokenizer.pad_token_id)
        hidden = encoder(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"]).last_hidden_state
        if sentences:
            vectors = pool_sentences(hidden, inputs["token_sentence"], len(inputs["sentence_letter"]))
            owner = inputs["sentence_letter"]
        else:
            vectors = mean_pool(hidden, inputs["attention_mask"])
            owner = inputs["chunk_letter"]
        vectors = torch.nn.functional.normalize(vectors, dim=-1)
        for position, index in enumerate(batch):
            mine = vectors[owner == position]
            out[index] = (mine if sentences else mine.mean(0, keepdim=True)).float().numpy()
    return [o if sentences else o[0] for o in out]  # type: ignore[index]
