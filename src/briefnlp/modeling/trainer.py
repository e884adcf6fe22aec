"""Fine-tune a `LetterModel` (LoRA on the backbone, both heads trained) with `Trainer`.

Examples are letters with their topic labels and one 0/1 flag per sentence (does it
announce a measure?). A training batch is a few whole letters: all their chunks go
through the encoder together, so that the letter-level pooling is trained end to end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch.utils.data import Dataset
from transformers import Trainer, TrainingArguments

from briefnlp.modeling.chunking import ChunkedLetter, LetterChunker, collate_chunks
from briefnlp.modeling.letter_model import LetterModel, LetterModelConfig


@dataclass
class LetterTrainingArguments(TrainingArguments):
    """`TrainingArguments` plus the LoRA settings; defaults suit a laptop CPU."""

    output_dir: str | None = field(default=None)
    lora_rank: int = 8
    lora_alpha: int = 16
    lora_dropout: float = 0.1
    lora_targets: tuple[str, ...] = ("query", "value")
    lora_top_layers: int | None = 4  # adapters on the top N layers only: backward stops there
    num_train_epochs: float = 6.0
    learning_rate: float = 5e-4
    per_device_train_batch_size: int = 2
    warmup_steps: int = 10
    weight_decay: float = 0.01
    logging_steps: int = 10
    save_strategy: str = "no"
    report_to: str | list[str] = "none"
    remove_unused_columns: bool = False
    use_cpu: bool = True
    dataloader_num_workers: int = 0


@dataclass
class LetterExample:
    """One training letter: its chunks and its targets."""

    chunked: ChunkedLetter
    topic_labels: list[float]
    measure_labels: list[float]


class LetterExamples(Dataset):
    def __init__(self, examples: list[LetterExample]) -> None:
        self.examples = examples

    def __len__(self) -> int:
        return len(self.examples)

    def __getitem__(self, i: int) -> LetterExample:
        return self.examples[i]


class LetterCollator:
    """Batch letters: padded chunks plus topic and measure targets."""

    def __init__(self, pad_id: int) -> None:
        self.pad_id = pad_id

    def __call__(self, examples: list[LetterExample]) -> dict[str, torch.Tensor]:
        batch = collate_chunks([e.chunked for e in examples], self.pad_id)
        batch["topic_labels"] = torch.tensor([e.topic_labels for e in examples], dtype=torch.float)
        batch["measure_labels"] = torch.tensor(
            [flag for e in examples for flag in e.measure_labels], dtype=torch.float
        )
        return batch


def add_lora(encoder: torch.nn.Module, args: LetterTrainingArguments) -> torch.nn.Module:
    """Wrap the encoder with LoRA adapters; everything else in it stays frozen."""
    from peft import LoraConfig, get_peft_model

    n_layers = getattr(getattr(encoder, "config", None), "num_hidden_layers", None)
    layers = None
    if args.lora_top_layers and n_layers and args.lora_top_layers < n_layers:
        layers = list(range(n_layers - args.lora_top_layers, n_layers))
    config = LoraConfig(
        r=args.lora_rank,
        lora_alpha=args.lora_alpha,
        lora_dropout=args.lora_dropout,
        target_modules=list(args.lora_targets),
        layers_to_transform=layers,
        layers_pattern="layer" if layers else None,
    )
    return get_peft_model(encoder, config)


def train_letter_model(
    encoder: torch.nn.Module,
    tokenizer,
    examples: list[LetterExample],
    config: LetterModelConfig,
    args: LetterTrainingArguments,
    callbacks: list | None = None,
) -> LetterModel:
    """Fine-tune LoRA adapters and both heads on `examples`; returns the trained model."""
    torch.manual_seed(args.seed)
    model = LetterModel(add_lora(encoder, args), config)
    trainer = Trainer(
        model=model,
        args=args,
        train_dataset=LetterExamples(examples),
        data_collator=LetterCollator(tokenizer.pad_token_id),
        callbacks=callbacks,
    )
    trainer.train()
    model.eval()
    return model


def make_examples(
    chunker: LetterChunker, letters: list, topic_labels: list[list[float]], measure_flags: list[list[float]]
) -> list[LetterExample]:
    """Pair chunked letters with their targets (one measure flag per sentence)."""
    out = []
    for letter, topics, flags in zip(letters, topic_labels, measure_flags):
        if len(flags) != len(letter.sentences):
            raise ValueError("one measure flag per sentence is needed")
        out.append(LetterExample(chunker(letter), list(topics), list(flags)))
    return out
