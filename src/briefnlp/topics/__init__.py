"""Topic classification (multi-label: cyber, politie, privacy).

All systems share the scikit-learn contract (`fit`, `predict`, `predict_proba`,
`classes_`) and take `Letter`s or raw text, so the evaluation harness scores them alike:

- `KeywordTopicClassifier`: the typical words of ANNOTATION.md (baseline);
- `TfidfTopicClassifier`: TF-IDF word + character n-grams with LogisticRegression or a
  calibrated LinearSVC (baselines);
- `EmbeddingTopicClassifier`: frozen backbone embeddings + LogisticRegression;
- `TopicClassifier`: the fine-tuned transformer (the default).
"""

from briefnlp.topics.keywords import KeywordTopicClassifier
from briefnlp.topics.tfidf import TfidfTopicClassifier

__all__ = ["KeywordTopicClassifier", "TfidfTopicClassifier"]
