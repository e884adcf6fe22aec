"""Compare letter poolings (mean, max, attention, first chunk = truncation to 512 tokens).

The fine-tuned encoder runs once over every chunk; then, for each pooling, a fresh
pooler and topic head are trained on the train letters' chunk vectors, thresholds are
tuned on dev, and test macro-F1 is reported. Same encoder, same data: only the pooling
differs, at the cost of one encoder pass instead of four fine-tuning runs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from briefnlp.evaluation.metrics import topic_scores
from briefnlp.letter import Letter
from briefnlp.modeling.calibration import best_threshold
from briefnlp.modeling.chunking import collate_chunks
from briefnlp.modeling.inference import length_batches
from briefnlp.modeling.pooling import POOLINGS, ChunkPooler, mean_pool
from briefnlp.modeling.pretrained import LetterTransformer


@torch.inference_mode()
def chunk_vectors(model: LetterTransformer, letters: Sequence[Letter]) -> list[torch.Tensor]:
    """Per letter: its chunk vectors [n_chunks, hidden] from the fine-tuned encoder (an
    ensemble's first member)."""
    chunked = [model.chunker(letter) for letter in letters]
    out: list[torch.Tensor | None] = [None] * len(letters)
    for batch in length_batches([c.n_tokens for c in chunked], model.max_tokens):
        inputs = collate_chunks([chunked[i] for i in batch], model.tokenizer.pad_token_id)
        hidden = model.members[0].encoder(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"]).last_hidden_state
        vectors = mean_pool(hidden.float(), inputs["attention_mask"])
        for position, index in enumerate(batch):
            out[index] = vectors[inputs["chunk_letter"] == position].clone()
    return out  # type: ignore[return-value]


def _stack(vectors: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    owner = torch.cat([torch.full((len(v),), i, dtype=torch.long) for i, v in enumerate(vectors)])
    return torch.cat(vectors), owner


def train_head(vectors: list[torch.Tensor], y: np.ndarray, pooling: str, epochs: int = 200, seed: int = 0):
    torch.manual_seed(seed)
    hidden = vectors[0].shape[-1]
    pooler, head = ChunkPooler(hidden, pooling), torch.nn.Linear(hidden, y.shape[1])
    params = [*pooler.parameters(), *head.parameters()]
    optimiser = torch.optim.AdamW(params, lr=3e-3, weight_decay=0.01)
    if pooling == "first":
        vectors = [v[:1] for v in vectors]
    chunks, owner = _stack(vectors)
    target = torch.tensor(y, dtype=torch.float)
    for _ in range(epochs):
        logits = head(pooler(chunks, owner, len(vectors)))
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, target)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()

    def predict(vs: list[torch.Tensor]) -> np.ndarray:
        vs = [v[:1] for v in vs] if pooling == "first" else vs
        c, o = _stack(vs)
        with torch.no_grad():
            return torch.sigmoid(head(pooler(c, o, len(vs)))).numpy()

    return predict


def compare_poolings(
    model: LetterTransformer, train: tuple[list[Letter], np.ndarray], dev: tuple[list[Letter], np.ndarray],
    test: tuple[list[Letter], np.ndarray], poolings: Sequence[str] = POOLINGS,
) -> dict[str, dict[str, float]]:
    """Test macro-F1 (dev-tuned thresholds) and dev macro-F1 per pooling."""
    vecs = {name: chunk_vectors(model, letters) for name, (letters, _) in
            {"train": train, "dev": dev, "test": test}.items()}
    labels = model.labels
    results = {}
    for pooling in poolings:
        predict = train_head(vecs["train"], train[1], pooling)
        dev_p, test_p = predict(vecs["dev"]), predict(vecs["test"])
        cuts = np.array([best_threshold(dev_p[:, j], dev[1][:, j]) for j in range(len(labels))])
        results[pooling] = {
            "dev_macro_f1": topic_scores(dev[1], dev_p >= cuts, labels)["macro_f1"],
            "test_macro_f1": topic_scores(test[1], test_p >= cuts, labels)["macro_f1"],
        }
    return results
