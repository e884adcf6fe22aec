"""`LetterModel`: a backbone encoder with a topic head and a measure head on one pass.

The encoder runs once over all chunks of a batch of letters. Chunk vectors are pooled
into letter vectors for the multi-label topic head; token states are pooled per sentence
for the measure head, which also sees its neighbouring sentences and the letter vector.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import torch
from torch import nn

from briefnlp.modeling.layers import run_top
from briefnlp.modeling.pooling import ChunkPooler, SentencePooler, mean_pool


@dataclass
class LetterModelConfig:
    """What the heads need to be rebuilt; saved as JSON beside the weights."""

    labels: list[str] = field(default_factory=lambda: ["cyber", "politie", "privacy"])
    pooling: str = "attention"
    max_length: int = 512
    stride: int = 64
    prefix: str = "passage: "
    # The measure loss is the harder task; it needs the weight. 3 against 2: dev measure F1
    # 0.826 against 0.815, topics equal (0.976). (With lr 2e-3 and no warmup, 3 diverged.)
    measure_weight: float = 3.0
    dropout: float = 0.1
    measure_head: str = "mlp"  # "mlp", or "linear" (e.g. a refit logistic regression)
    sentence_pooling: str = "mean"  # token states -> sentence vectors: "mean" or "attention"

    def to_dict(self) -> dict:
        return asdict(self)


class MeasureHead(nn.Module):
    """Scores a sentence from its own vector, its neighbours' and its letter's."""

    def __init__(self, hidden_size: int, dropout: float, kind: str = "mlp") -> None:
        super().__init__()
        if kind == "linear":
            self.net = nn.Sequential(nn.Dropout(dropout), nn.Linear(4 * hidden_size, 1))
        elif kind == "mlp":
            self.net = nn.Sequential(
                nn.LayerNorm(4 * hidden_size),  # e5 vectors share a large common part
                nn.Dropout(dropout),
                nn.Linear(4 * hidden_size, hidden_size),
                nn.GELU(),
                nn.Dropout(dropout),
                nn.Linear(hidden_size, 1),
            )
        else:
            raise ValueError(f"measure_head must be 'mlp' or 'linear', got {kind!r}")

    def features(
        self, sentences: torch.Tensor, sentence_letter: torch.Tensor, letters: torch.Tensor
    ) -> torch.Tensor:
        """[sentence, previous sentence, next sentence, letter] per sentence: [S, 4H]."""
        zero = sentences.new_zeros((1, sentences.shape[-1]))
        same_prev = torch.cat([sentence_letter.new_zeros(1, dtype=torch.bool),
                               sentence_letter[1:] == sentence_letter[:-1]]).unsqueeze(-1)
        same_next = torch.cat([sentence_letter[1:] == sentence_letter[:-1],
                               sentence_letter.new_zeros(1, dtype=torch.bool)]).unsqueeze(-1)
        prev = torch.cat([zero, sentences[:-1]]) * same_prev
        nxt = torch.cat([sentences[1:], zero]) * same_next
        return torch.cat([sentences, prev, nxt, letters[sentence_letter]], dim=-1)

    def forward(
        self, sentences: torch.Tensor, sentence_letter: torch.Tensor, letters: torch.Tensor
    ) -> torch.Tensor:
        if len(sentences) == 0:
            return sentences.new_zeros(0)
        return self.net(self.features(sentences, sentence_letter, letters)).squeeze(-1)


class LetterModel(nn.Module):
    """Backbone + chunk pooler + topic head + measure head."""

    def __init__(self, encoder: nn.Module, config: LetterModelConfig) -> None:
        super().__init__()
        self.encoder = encoder
        self.config = config
        hidden = encoder.config.hidden_size
        self.pooler = ChunkPooler(hidden, config.pooling)
        self.sentence_pooler = SentencePooler(hidden, config.sentence_pooling)
        self.topic_head = nn.Sequential(nn.Dropout(config.dropout), nn.Linear(hidden, len(config.labels)))
        self.measure_head = MeasureHead(hidden, config.dropout, config.measure_head)
        self.prefix_layers = 0  # > 0 while training on cached bottom-layer states

    def head_state_dict(self) -> dict[str, torch.Tensor]:
        """The weights that are not the encoder's (saved next to the LoRA adapter)."""
        return {k: v for k, v in self.state_dict().items() if not k.startswith("encoder.")}

    def encode(
        self,
        input_ids: torch.Tensor | None,
        attention_mask: torch.Tensor,
        token_sentence: torch.Tensor,
        chunk_letter: torch.Tensor,
        sentence_letter: torch.Tensor,
        prefix_states: torch.Tensor | None = None,
    ) -> dict[str, torch.Tensor]:
        """One encoder pass; returns chunk, letter and sentence vectors.

        `prefix_states` (training only) are the cached outputs of the frozen bottom
        `self.prefix_layers` layers; then only the top layers run.
        """
        if prefix_states is not None:
            hidden = run_top(self.encoder, prefix_states, attention_mask, self.prefix_layers).float()
        else:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state.float()
        n_letters = int(chunk_letter.max()) + 1 if len(chunk_letter) else 0
        chunks = mean_pool(hidden, attention_mask)
        return {
            "chunks": chunks,
            "letters": self.pooler(chunks, chunk_letter, n_letters),
            "sentences": self.sentence_pooler(hidden, token_sentence, len(sentence_letter)),
        }

    def forward(
        self,
        input_ids: torch.Tensor | None = None,
        attention_mask: torch.Tensor | None = None,
        token_sentence: torch.Tensor | None = None,
        chunk_letter: torch.Tensor | None = None,
        sentence_letter: torch.Tensor | None = None,
        topic_labels: torch.Tensor | None = None,
        measure_labels: torch.Tensor | None = None,
        prefix_states: torch.Tensor | None = None,
    ) -> dict[str, torch.Tensor]:
        vectors = self.encode(input_ids, attention_mask, token_sentence, chunk_letter, sentence_letter, prefix_states)
        topic_logits = self.topic_head(vectors["letters"])
        measure_logits = self.measure_head(vectors["sentences"], sentence_letter, vectors["letters"])
        out = {"topic_logits": topic_logits, "measure_logits": measure_logits,
               "sentence_topic_logits": self.topic_head(vectors["sentences"]), **vectors}
        if topic_labels is not None:
            bce = nn.functional.binary_cross_entropy_with_logits
            loss = bce(topic_logits, topic_labels.to(topic_logits.dtype))
            if measure_labels is not None and len(measure_labels):
                loss = loss + self.config.measure_weight * bce(
                    measure_logits, measure_labels.to(measure_logits.dtype)
                )
            out["loss"] = loss
        return out
