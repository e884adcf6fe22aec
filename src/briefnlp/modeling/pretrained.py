"""`LetterTransformer`: a fine-tuned `LetterModel` with its calibration, saved as small files.

On disk (a few MB; the backbone itself is built or downloaded separately):

    briefnlp_config.json   backbone name, head config, calibration, thresholds
    adapter/               the LoRA adapter (peft format)
    heads.safetensors      pooler, topic head and measure head
    member-1/ ...          an ensemble's further members (adapter/ and heads.safetensors)
    README.md              the model card
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from briefnlp.letter import Letter
from briefnlp.modeling.calibration import PlattScaler, f1_optimal_threshold
from briefnlp.modeling.chunking import LetterChunker
from briefnlp.modeling.ensemble import LetterEnsemble, members_of
from briefnlp.modeling.inference import LetterOutput, run_letter_model
from briefnlp.modeling.letter_model import LetterModel, LetterModelConfig

CONFIG_NAME = "briefnlp_config.json"
HEADS_NAME = "heads.safetensors"
ADAPTER_DIR = "adapter"
MEMBER_DIR = "member-{}"  # an ensemble's member i > 0; member 0 lies in the folder itself


@dataclass
class Calibration:
    """Per-label Platt scaling and thresholds, plus the measure scaler and threshold."""

    topics: dict[str, PlattScaler] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    measures: PlattScaler = field(default_factory=PlattScaler)
    measure_threshold: float = 0.5

    def to_dict(self) -> dict:
        return {
            "topics": {k: [v.a, v.b] for k, v in self.topics.items()},
            "thresholds": self.thresholds,
            "measures": [self.measures.a, self.measures.b],
            "measure_threshold": self.measure_threshold,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Calibration:
        return cls(
            topics={k: PlattScaler(*v) for k, v in d.get("topics", {}).items()},
            thresholds=dict(d.get("thresholds", {})),
            measures=PlattScaler(*d.get("measures", [1.0, 0.0])),
            measure_threshold=float(d.get("measure_threshold", 0.5)),
        )


class LetterTransformer:
    """The fine-tuned model behind `TopicClassifier` and `MeasureSummariser`."""

    def __init__(
        self,
        model: LetterModel | LetterEnsemble,
        tokenizer,
        backbone: str,
        calibration: Calibration | None = None,
        max_tokens: int = 8 * 512,
    ) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.backbone = backbone
        self.calibration = calibration or Calibration()
        self.max_tokens = max_tokens
        c = model.config
        self.chunker = LetterChunker(
            tokenizer, c.max_length, c.stride, c.prefix, max_chunks=1 if c.pooling == "first" else None
        )

    @property
    def members(self) -> list[LetterModel]:
        """The `LetterModel`s whose logits are averaged (one for a single model)."""
        return members_of(self.model)

    @property
    def labels(self) -> list[str]:
        return list(self.model.config.labels)

    # --- scoring -------------------------------------------------------------------------

    def run(self, letters: Sequence[Letter]) -> list[LetterOutput]:
        """One encoder pass per letter (batched by length) for both tasks."""
        return run_letter_model(self.model, self.chunker, letters, self.max_tokens)

    def topic_proba(self, output: LetterOutput) -> np.ndarray:
        return np.array([self._scaler(label)(output.topic_logits[i]) for i, label in enumerate(self.labels)])

    def topic_decisions(self, proba: np.ndarray) -> np.ndarray:
        cuts = np.array([self.calibration.thresholds.get(label, 0.5) for label in self.labels])
        return (proba >= cuts).astype(int)

    def measure_proba(self, output: LetterOutput) -> np.ndarray:
        return self.calibration.measures(output.measure_logits)

    def _scaler(self, label: str) -> PlattScaler:
        return self.calibration.topics.get(label, PlattScaler())

    def calibrate(
        self,
        letters: Sequence[Letter],
        y: np.ndarray,
        measure_flags: list[list[int]],
        outputs: Sequence[LetterOutput] | None = None,
    ) -> None:
        """Fit Platt scaling and F1-optimal thresholds (half the best F1) on held-out (dev) letters.

        `outputs`: this model's scores of `letters` where the caller already has them
        (saves a second encoder pass)."""
        outputs = self.run(letters) if outputs is None else outputs
        logits = np.stack([o.topic_logits for o in outputs])
        cal = Calibration()
        for i, label in enumerate(self.labels):
            cal.topics[label] = PlattScaler().fit(logits[:, i], y[:, i])
            cal.thresholds[label] = f1_optimal_threshold(cal.topics[label](logits[:, i]), y[:, i])
        m_logits = np.concatenate([o.measure_logits for o in outputs])
        m_y = np.concatenate([np.asarray(f, dtype=int) for f in measure_flags])
        cal.measures = PlattScaler().fit(m_logits, m_y)
        cal.measure_threshold = f1_optimal_threshold(cal.measures(m_logits), m_y)
        self.calibration = cal

    # --- persistence ---------------------------------------------------------------------

    def save_pretrained(self, path: str | os.PathLike, card: str | None = None) -> None:
        """Write each member's adapter and heads, and the config (small files only)."""
        import shutil

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        members = self.members
        for i, member in enumerate(members):
            _save_member(member, path if i == 0 else path / MEMBER_DIR.format(i))
        for stale in path.glob(MEMBER_DIR.format("*")):  # members of an earlier save
            index = stale.name.rpartition("-")[2]
            if stale.is_dir() and (not index.isdigit() or int(index) >= len(members)):
                shutil.rmtree(stale)
        config = {
            "backbone": self.backbone,
            "model": self.model.config.to_dict(),
            "members": len(members),
            "calibration": self.calibration.to_dict(),
        }
        (path / CONFIG_NAME).write_text(json.dumps(config, indent=2, ensure_ascii=False))
        if card is not None:
            (path / "README.md").write_text(card, encoding="utf-8")

    @classmethod
    def from_pretrained(
        cls, path: str | os.PathLike, backbone: str | None = None, merge: bool = True
    ) -> LetterTransformer:
        """Load a saved model (or ensemble) onto its backbone (`backbone` overrides the saved name)."""
        path = Path(path)
        if not (path / CONFIG_NAME).is_file():
            raise FileNotFoundError(f"{path} holds no {CONFIG_NAME}; is it a briefnlp model folder?")
        saved = json.loads((path / CONFIG_NAME).read_text())
        backbone = backbone or saved["backbone"]
        config = saved["model"]
        count = int(saved.get("members", 1))
        members, tokenizer = [], None
        for i in range(count):
            member, tokenizer = _load_member(path if i == 0 else path / MEMBER_DIR.format(i), backbone, config, merge)
            members.append(member)
        model = members[0] if count == 1 else LetterEnsemble(members)
        return cls(model, tokenizer, backbone, Calibration.from_dict(saved["calibration"]))

    @classmethod
    def ensemble(cls, transformers: Sequence[LetterTransformer]) -> LetterTransformer:
        """One model whose logits are the mean of `transformers`' (same backbone and
        recipe, e.g. other seeds). Calibrate it on dev before use: the members'
        calibrations do not carry over to their mean. Merged members' equal frozen parts
        become one shared module (in place; see `share_frozen_parts`)."""
        if len({t.backbone for t in transformers}) != 1:
            raise ValueError("ensemble members must share one backbone")
        members = [m for t in transformers for m in t.members]
        return cls(LetterEnsemble(members), transformers[0].tokenizer, transformers[0].backbone)


def _save_member(member: LetterModel, folder: Path) -> None:
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    encoder = member.encoder
    if not hasattr(encoder, "peft_config"):
        raise ValueError("save_pretrained needs the unmerged LoRA model (as trained)")
    encoder.save_pretrained(folder / ADAPTER_DIR)
    (folder / ADAPTER_DIR / "README.md").unlink(missing_ok=True)  # peft's empty card template
    heads = {k: v.detach().contiguous() for k, v in member.head_state_dict().items()}
    save_file(heads, folder / HEADS_NAME)


def _load_member(folder: Path, backbone: str, config: dict, merge: bool) -> tuple[LetterModel, object]:
    """One member: a fresh backbone with the folder's adapter (merged) and heads."""
    from peft import PeftModel
    from safetensors.torch import load_file

    from briefnlp.backbones import load_backbone

    if not (folder / HEADS_NAME).is_file():
        raise FileNotFoundError(f"{folder} holds no {HEADS_NAME}: the saved model is incomplete")
    base, tokenizer = load_backbone(backbone)
    encoder = PeftModel.from_pretrained(base, folder / ADAPTER_DIR)
    if merge:  # fold LoRA into the weights: plain, faster inference
        encoder = encoder.merge_and_unload()
    model = LetterModel(encoder, LetterModelConfig(**config))
    missing, unexpected = model.load_state_dict(load_file(folder / HEADS_NAME), strict=False)
    if unexpected or any(not k.startswith("encoder.") for k in missing):
        raise ValueError(f"{folder}: heads do not fit the model ({unexpected or missing})")
    model.eval()
    return model, tokenizer
