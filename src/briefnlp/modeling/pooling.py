"""Pool token states into chunk, sentence and letter vectors.

Chunks are mean-pooled over their tokens (e5's convention). Letters pool their chunks
by mean, max or learned attention, or take only the first chunk ("first": plain
truncation to one window). Sentences average the states of their tokens (or weigh them
by learned attention), over every chunk that holds them.
"""

from __future__ import annotations

import torch
from torch import nn

POOLINGS = ("mean", "max", "attention", "first")
SENTENCE_POOLINGS = ("mean", "attention")


def mean_pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Masked mean over the token axis: [C, T, H] -> [C, H]."""
    mask = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)


def pool_sentences(
    hidden: torch.Tensor, token_sentence: torch.Tensor, n_sentences: int, scores: torch.Tensor | None = None
) -> torch.Tensor:
    """Pool token states per sentence: [C, T, H] with ids [C, T] -> [S, H].

    Without `scores` a plain average; with `scores` ([C, T]) a softmax-weighted average
    within each sentence. Tokens outside any sentence (id -1) are left out.
    """
    ids = token_sentence.reshape(-1)
    keep = ids >= 0
    ids, flat = ids[keep], hidden.reshape(-1, hidden.shape[-1])[keep]
    if scores is None:
        weights = flat.new_ones(len(ids))
    else:
        z = scores.reshape(-1)[keep].to(flat.dtype)
        top = z.new_full((n_sentences,), float("-inf")).scatter_reduce(0, ids, z, reduce="amax", include_self=True)
        weights = torch.exp(z - top[ids])
    sums = flat.new_zeros((n_sentences, flat.shape[-1])).index_add(0, ids, flat * weights.unsqueeze(-1))
    totals = flat.new_zeros(n_sentences).index_add(0, ids, weights)
    return sums / totals.clamp(min=1e-9).unsqueeze(-1)


class SentencePooler(nn.Module):
    """Token states -> sentence vectors, by mean or by learned attention over the tokens.

    Attention lets a sentence's vector weigh the words that make it a measure ("zal",
    "is gestart") above the rest; its score layer starts at zero, i.e. at the mean.
    """

    def __init__(self, hidden_size: int, mode: str = "mean") -> None:
        super().__init__()
        if mode not in SENTENCE_POOLINGS:
            raise ValueError(f"sentence pooling must be one of {SENTENCE_POOLINGS}, got {mode!r}")
        self.mode = mode
        self.score = None
        if mode == "attention":
            self.score = nn.Linear(hidden_size, 1)
            nn.init.zeros_(self.score.weight)
            nn.init.zeros_(self.score.bias)

    def forward(self, hidden: torch.Tensor, token_sentence: torch.Tensor, n_sentences: int) -> torch.Tensor:
        scores = None if self.score is None else self.score(hidden).squeeze(-1)
        return pool_sentences(hidden, token_sentence, n_sentences, scores)


class ChunkPooler(nn.Module):
    """Pool chunk vectors [C, H] into letter vectors [B, H]."""

    def __init__(self, hidden_size: int, mode: str = "attention") -> None:
        super().__init__()
        if mode not in POOLINGS:
            raise ValueError(f"pooling must be one of {POOLINGS}, got {mode!r}")
        self.mode = mode
        self.score = nn.Linear(hidden_size, 1) if mode == "attention" else None

    def forward(self, chunks: torch.Tensor, chunk_letter: torch.Tensor, n_letters: int) -> torch.Tensor:
        hidden = chunks.shape[-1]
        index = chunk_letter.unsqueeze(-1).expand(-1, hidden)
        if self.mode == "max":
            out = chunks.new_full((n_letters, hidden), float("-inf"))
            return out.scatter_reduce(0, index, chunks, reduce="amax", include_self=True)
        if self.mode == "first":
            first = torch.ones_like(chunk_letter, dtype=torch.bool)
            first[1:] = chunk_letter[1:] != chunk_letter[:-1]
            out = chunks.new_zeros((n_letters, hidden))
            return out.index_copy(0, chunk_letter[first], chunks[first])
        if self.mode == "mean":
            weights = chunks.new_ones(len(chunks))
        else:  # attention: softmax of a learned score over each letter's chunks
            scores = self.score(chunks).squeeze(-1).float()
            top = scores.new_full((n_letters,), float("-inf")).scatter_reduce(
                0, chunk_letter, scores, reduce="amax", include_self=True
            )
            weights = torch.exp(scores - top[chunk_letter])
        total = chunks.new_zeros(n_letters).index_add(0, chunk_letter, weights)
        summed = chunks.new_zeros((n_letters, hidden)).index_add(0, chunk_letter, chunks * weights.unsqueeze(-1))
        return summed / total.clamp(min=1e-9).unsqueeze(-1)
