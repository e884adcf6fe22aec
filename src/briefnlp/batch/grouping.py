"""`LengthGroupedEncoder`: run the chunks of a padded model batch in groups of similar length.

`run_letter_model` batches whole letters (their chunks must meet in one forward pass for
the letter pooling) and pads all chunks of a batch to the longest. Most chunks are full
windows, but every letter's last chunk is short, so that padding costs about a fifth of
the encoder's work on letters of a few chunks. This wrapper sorts the rows by length,
cuts them into groups whose shortest row holds at least `slack` of the group's longest,
runs the encoder on each group trimmed to its own width, and returns the states
zero-padded to the full width, as `LetterModel.encode` and its masked pooling expect.
Results are the same up to float noise (`eval/bench_batch.py` checks labels and measures).
"""

from __future__ import annotations

import torch
from torch import nn
from transformers.modeling_outputs import BaseModelOutput


class LengthGroupedEncoder(nn.Module):
    """Wraps a Hugging Face encoder; called like one, returns `last_hidden_state`."""

    def __init__(self, encoder: nn.Module, slack: float = 0.9) -> None:
        super().__init__()
        self.inner = encoder
        self.slack = slack
        self.config = encoder.config

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, **kwargs
    ) -> BaseModelOutput:
        lengths = attention_mask.sum(-1).tolist()
        order = sorted(range(len(lengths)), key=lambda row: -lengths[row])
        width = input_ids.shape[1]
        out: torch.Tensor | None = None
        start = 0
        while start < len(order):
            longest = int(lengths[order[start]])
            end = start + 1
            while end < len(order) and lengths[order[end]] >= self.slack * longest:
                end += 1
            rows = torch.tensor(order[start:end])
            hidden = self.inner(
                input_ids=input_ids[rows, :longest],
                attention_mask=attention_mask[rows, :longest],
                **kwargs,
            ).last_hidden_state
            if out is None:
                out = hidden.new_zeros((len(order), width, hidden.shape[-1]))
            out[rows, :longest] = hidden
            start = end
        assert out is not None, "an empty batch"
        return BaseModelOutput(last_hidden_state=out)
