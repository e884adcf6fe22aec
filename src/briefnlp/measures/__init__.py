"""Measure detection and grounded summaries.

Detectors share `score_sentences` / `detect`: `RuleMeasureDetector` (Dutch cues),
`TfidfMeasureDetector` (sentence + context n-grams) and `TransformerMeasureDetector`
(the fine-tuned default); `StackedMeasureDetector` combines fitted detectors with weights
learnt on held-out letters. `MeasureSummariser` turns detections into bullets.
"""

from briefnlp.measures.base import Measure, Summary
from briefnlp.measures.rules import RuleMeasureDetector
from briefnlp.measures.stacked import StackedMeasureDetector
from briefnlp.measures.tfidf import TfidfMeasureDetector

__all__ = ["Measure", "RuleMeasureDetector", "StackedMeasureDetector", "Summary", "TfidfMeasureDetector"]
