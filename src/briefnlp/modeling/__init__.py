"""The shared transformer: one encoder pass over a letter's chunks serves topics and measures.

- `chunking`: letter -> token chunks with a stride, each token tagged with its sentence;
- `pooling`: token states -> chunk, letter and sentence vectors;
- `letter_model`: `LetterModel`, the backbone (with LoRA) plus a topic head and a measure head;
- `trainer`: fine-tuning it with the transformers `Trainer`;
- `ensemble`: `LetterEnsemble`, models trained alike (other seeds) with their logits averaged.
"""
