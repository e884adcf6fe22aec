"""`LetterEnsemble`: several `LetterModel`s trained alike (other seeds), logits averaged.

Members differ only in their training seed; averaging their logits before calibration
is the plain deep ensemble. It costs one encoder pass per member, so it is worth it only
where the evaluation harness shows the gain (see the README: two members lift measure
F1 on dev, test and the real letters). Calibration is fitted on the averaged logits, so
an ensemble is calibrated as a whole, not per member.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from briefnlp.modeling.letter_model import LetterModel, LetterModelConfig

#: The outputs that are averaged over members; the rest (vectors) are the first member's.
AVERAGED = ("topic_logits", "measure_logits", "sentence_topic_logits")


class LetterEnsemble(nn.Module):
    """Members with one config; `forward` averages their logits."""

    def __init__(self, members: Sequence[LetterModel]) -> None:
        super().__init__()
        if len(members) < 2:
            raise ValueError("an ensemble needs at least two members; use the LetterModel itself")
        first = members[0].config.to_dict()
        for i, member in enumerate(members[1:], 1):
            if member.config.to_dict() != first:
                raise ValueError(f"member {i} is configured differently from member 0; "
                                 "an ensemble averages models of one recipe")
        self.members = nn.ModuleList(members)

    @property
    def config(self) -> LetterModelConfig:
        return self.members[0].config

    def forward(self, **inputs) -> dict[str, torch.Tensor]:
        if inputs.get("prefix_states") is not None:
            raise ValueError("an ensemble is for inference: train its members one by one")
        outputs = [member(**inputs) for member in self.members]
        merged = dict(outputs[0])
        for key in AVERAGED:
            merged[key] = torch.stack([o[key] for o in outputs]).mean(0)
        if "loss" in merged:
            merged["loss"] = torch.stack([o["loss"] for o in outputs]).mean()
        return merged


def members_of(model: nn.Module) -> list[LetterModel]:
    """The `LetterModel`s behind `model`: its members, or the model itself."""
    return list(model.members) if isinstance(model, LetterEnsemble) else [model]


def share_frozen_embeddings(members: Sequence[LetterModel]) -> int:
    """Let members whose (frozen) embedding tables are equal use the first one's table.

    LoRA leaves the embeddings untouched, and in e5-small they are 96 of its 118 million
    weights, so an ensemble of two then needs about 1.2 times one model's memory instead
    of twice. Returns how many members now share it.
    """
    def embeddings(member: LetterModel) -> nn.Module | None:
        return getattr(member.encoder, "embeddings", None)

    first = embeddings(members[0])
    shared = 0
    for member in members[1:]:
        mine = embeddings(member)
        if first is None or mine is None or mine is first:
            continue
        theirs, ours = first.state_dict(), mine.state_dict()
        if theirs.keys() == ours.keys() and all(torch.equal(theirs[k], ours[k]) for k in theirs):
            member.encoder.embeddings = first
            shared += 1
    return shared
