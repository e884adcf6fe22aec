"""Extractive peers for the harness: lead-3 and a TextRank-style sentence graph."""

from __future__ import annotations

import numpy as np

from briefnlp.letter import Letter, Sentence


def lead(letter: Letter, k: int = 3) -> list[Sentence]:
    """The first `k` sentences of the body."""
    return list(letter.sentences[:k])


def textrank(letter: Letter, k: int = 3, damping: float = 0.85, vectors: np.ndarray | None = None) -> list[Sentence]:
    """The `k` most central sentences (PageRank on cosine similarity), in letter order.

    `vectors` are sentence embeddings (e.g. the backbone's); without them TF-IDF of
    the letter's own sentences is used.
    """
    sentences = letter.sentences
    if len(sentences) <= k:
        return list(sentences)
    if vectors is None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectors = TfidfVectorizer(sublinear_tf=True).fit_transform([s.text for s in sentences]).toarray()
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.clip(norms, 1e-12, None)
    sim = np.clip(unit @ unit.T, 0, None)
    np.fill_diagonal(sim, 0)
    rows = sim.sum(1, keepdims=True)
    transition = np.divide(sim, rows, out=np.full_like(sim, 1 / len(sim)), where=rows > 0)
    rank = np.full(len(sim), 1 / len(sim))
    for _ in range(100):
        new = (1 - damping) / len(sim) + damping * transition.T @ rank
        if np.abs(new - rank).sum() < 1e-9:
            break
        rank = new
    top = sorted(np.argsort(-rank, kind="stable")[:k])
    return [sentences[i] for i in top]
