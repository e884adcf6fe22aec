"""`LetterEnsemble`: several `LetterModel`s trained alike (other seeds), logits averaged.

Members differ only in their training seed; averaging their logits before calibration
is the plain deep ensemble. It costs about one encoder pass per member (with
`--lora-layers N`, the frozen bottom layers, equal in every member, run once), so it is
worth it only where the evaluation harness shows the gain (see the README's "Ensembles").
Calibration is fitted on the averaged logits, so an ensemble is calibrated as a whole,
not per member.
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
        self.shared_layers = share_frozen_parts(members)

    @property
    def config(self) -> LetterModelConfig:
        return self.members[0].config

    def forward(self, **inputs) -> dict[str, torch.Tensor]:
        if inputs.get("prefix_states") is not None:
            raise ValueError("an ensemble is for inference: train its members one by one")
        shared = self._shared_bottom()
        if shared:  # the frozen bottom layers once, then each member's top layers
            from briefnlp.modeling.layers import run_bottom

            prefix = run_bottom(self.members[0].encoder, inputs["input_ids"], inputs["attention_mask"], shared)
            inputs = {**inputs, "input_ids": None, "prefix_states": prefix}
        outputs = []
        for member in self.members:
            member.prefix_layers = shared
            try:
                outputs.append(member(**inputs))
            finally:
                member.prefix_layers = 0
        merged = dict(outputs[0])
        for key in AVERAGED:
            merged[key] = torch.stack([o[key] for o in outputs]).mean(0)
        if "loss" in merged:
            merged["loss"] = torch.stack([o["loss"] for o in outputs]).mean()
        return merged

    def _shared_bottom(self) -> int:
        """How many bottom layers all members still hold as one module (0 once something,
        e.g. the batch job's length grouping or int8, has replaced an encoder)."""
        if not self.shared_layers:
            return 0
        try:
            layers = [member.encoder.encoder.layer for member in self.members]
            embeddings = [member.encoder.embeddings for member in self.members]
        except AttributeError:
            return 0
        same = all(e is embeddings[0] for e in embeddings) and all(
            all(ls[i] is layers[0][i] for ls in layers) for i in range(self.shared_layers))
        return self.shared_layers if same else 0


def members_of(model: nn.Module) -> list[LetterModel]:
    """The `LetterModel`s behind `model`: its members, or the model itself."""
    return list(model.members) if isinstance(model, LetterEnsemble) else [model]


def share_frozen_parts(members: Sequence[LetterModel]) -> int:
    """Let every member use the first one's embedding table and bottom layers where all
    members' are equal; returns how many bottom layers are now shared.

    LoRA on the top layers leaves the embeddings and the bottom layers untouched, so after
    merging they are the same in every member: shared, they are held once (in e5-small the
    table is 96 of 118 million weights) and computed once per letter (`LetterEnsemble`).
    Only plain (merged) Hugging Face encoders are shared; anything else is left alone.
    """
    bases = [member.encoder for member in members]
    if any(hasattr(b, "peft_config") or not hasattr(b, "embeddings") or not hasattr(b, "encoder") for b in bases):
        return 0
    if not all(_equal(bases[0].embeddings, b.embeddings) for b in bases[1:]):
        return 0
    for b in bases[1:]:
        b.embeddings = bases[0].embeddings
    shared = 0
    for i, layer in enumerate(bases[0].encoder.layer):
        if not all(_equal(layer, b.encoder.layer[i]) for b in bases[1:]):
            break
        for b in bases[1:]:
            b.encoder.layer[i] = layer
        shared += 1
    return shared


def _equal(a: nn.Module, b: nn.Module) -> bool:
    if a is b:
        return True
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)
