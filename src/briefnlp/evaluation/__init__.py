"""Evaluation: every system side by side on the same letters (see `harness.evaluate`)."""

from briefnlp.evaluation.harness import evaluate

__all__ = ["evaluate"]
