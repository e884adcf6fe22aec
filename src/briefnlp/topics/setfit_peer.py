"""SetFit on the same backbone: the few-shot method users know, as a peer in the harness.

Each letter is one text (e5's "passage: " prefix, truncated to `max_length` tokens, as
SetFit does); contrastive fine-tuning of the body, then one-vs-rest logistic heads.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable

import numpy as np

from briefnlp.letter import Letter
from briefnlp.topics.base import TopicSystemMixin, as_letters, binarize, infer_classes


class SetFitTopicClassifier(TopicSystemMixin):
    """`setfit.SetFitModel` (one-vs-rest) with CPU-sized defaults.

    SetFit's own defaults (20 pair iterations per letter, full-length texts) take hours
    on 2 cores with a 117M body; here one iteration and 192 tokens keep it to minutes.
    That makes it a weaker peer than it can be with a GPU; the harness says which
    settings produced its figures.
    """

    def __init__(self, backbone: str = "e5-small", num_iterations: int = 1, epochs: int = 1,
                 batch_size: int = 16, max_length: int = 192, seed: int = 42) -> None:
        self.backbone = backbone
        self.num_iterations = num_iterations
        self.epochs = epochs
        self.batch_size = batch_size
        self.max_length = max_length
        self.seed = seed

    def _texts(self, X: Iterable[Letter | str]) -> list[str]:
        return ["passage: " + letter.text for letter in as_letters(X)]

    def fit(self, X: Iterable[Letter | str], y) -> SetFitTopicClassifier:
        from datasets import Dataset
        from setfit import SetFitModel, Trainer, TrainingArguments

        from briefnlp.backbones import resolve_backbone

        self.classes_ = infer_classes(y)
        Y = binarize(y, self.classes_)
        self.model_ = SetFitModel.from_pretrained(str(resolve_backbone(self.backbone)),
                                                  multi_target_strategy="one-vs-rest")
        self.model_.model_body.max_seq_length = self.max_length
        # as for the fine-tuned model: backbone dropout makes CPU training steps ~4x slower
        from briefnlp.modeling.trainer import set_encoder_dropout

        set_encoder_dropout(self.model_.model_body[0].auto_model, 0.0)
        data = Dataset.from_dict({"text": self._texts(X), "label": Y.tolist()})
        with tempfile.TemporaryDirectory() as scratch:  # SetFit writes checkpoints otherwise
            args = TrainingArguments(output_dir=scratch, save_strategy="no", batch_size=self.batch_size,
                                     num_epochs=self.epochs, num_iterations=self.num_iterations,
                                     seed=self.seed, report_to="none", show_progress_bar=False)
            Trainer(model=self.model_, args=args, train_dataset=data).train()
        return self

    def predict_proba(self, X: Iterable[Letter | str]) -> np.ndarray:
        proba = self.model_.predict_proba(self._texts(X), as_numpy=True)
        proba = np.asarray(proba)
        if proba.ndim == 3:  # one-vs-rest: [labels, n, 2] in some versions
            proba = proba[:, :, 1].T
        return proba.reshape(-1, len(self.classes_))
