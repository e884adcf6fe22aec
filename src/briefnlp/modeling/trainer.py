"""Fine-tune a `LetterModel` (LoRA on the backbone, both heads trained) with `Trainer`.

Examples are letters with their topic labels and one 0/1 flag per sentence (does it
announce a measure?). A training batch is a few whole letters: all their chunks go
through the encoder together, so that the letter-level pooling is trained end to end.
Optionally a letter is drawn in its local view instead (short chunks of whole sentences,
`LetterChunker.local`): same targets, less context around each sentence.

With adapters on the top layers only, the frozen bottom layers' output is computed once
per chunk before training (`cache_bottom_states`), and each step runs only the top
layers: the same model, without the bottom layers' forward pass in every step.
With word dropout (`token_mask`), each step hides other tokens: their ids are replaced by
the mask token, or, where the frozen layers' output is cached, their cached states are
zeroed (the top layers then fill the gap from the context).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch.utils.data import Dataset
from transformers import Trainer, TrainingArguments

from briefnlp.modeling.chunking import ChunkedLetter, LetterChunker, collate_chunks
from briefnlp.modeling.layers import run_bottom, split_layers
from briefnlp.modeling.letter_model import LetterModel, LetterModelConfig


@dataclass
class LetterTrainingArguments(TrainingArguments):
    """`TrainingArguments` plus the LoRA settings; defaults suit a laptop CPU."""

    output_dir: str | None = field(default=None)
    lora_rank: int = 8
    lora_alpha: int = 16
    lora_dropout: float = 0.0  # > 0 draws a random mask per adapted module: slow on a CPU
    # every linear layer of the adapted blocks: on the corpus dev split this took topics from
    # 0.88 to 0.97 macro-F1 and measures from 0.64 to 0.76 F1 over q/v only (3 epochs each)
    lora_targets: tuple[str, ...] = ("query", "key", "value", "dense")
    # adapters on the top N layers only (0 or None: every layer); below N, backward stops
    # and the frozen layers' output is cached. Every layer was chosen on dev: measure F1
    # 0.871 against 0.852 with the top 8 (481 letters; topics 0.976 against 0.982), and 8
    # against 6 and 4 before that (0.856, 0.826, 0.798 on an earlier split); each step
    # costs about half as much again as with 8 (3.7 s against 2.4 s on 2 cores)
    lora_top_layers: int | None = 0
    cache_frozen_layers: bool = True  # compute the frozen bottom layers once, not every epoch
    # Dropout inside the encoder is costly on a CPU: on attention weights it sends torch's
    # attention to a path about 4x slower (2.2 s vs 0.5 s forward, 5 chunks x 512 tokens,
    # top 4 layers), and on hidden states it took 21% of a step (drawing random masks).
    # LoRA dropout and the heads' dropout still regularise.
    encoder_dropout: float = 0.0
    # Probability that a training step sees a letter in short chunks of whole sentences
    # (`LetterChunker.local`, `local_length` tokens) instead of 512-token chunks; the
    # targets stay the same. So the measure head learns from a sentence with its paragraph,
    # not only with the whole letter (the model leaned on the written letters' layout).
    local_view: float = 0.0
    local_length: int = 128
    # Word dropout: each content token of a training letter is replaced by the mask token
    # with this probability, drawn anew every step, so that the measure head cannot hang on
    # one cue word (eval/probe_wording.py: "De gemeente heeft direct maatregelen genomen."
    # 0.91, "... meteen maatregelen getroffen." 0.13). With cached frozen layers, the hidden
    # tokens' cached states are zeroed instead (the mask token cannot enter a cached state).
    # Off: at 0.15 (zeroed states) dev measure F1 fell from 0.846 to 0.810.
    token_mask: float = 0.0
    num_train_epochs: float = 6.0
    learning_rate: float = 1e-3
    per_device_train_batch_size: int = 2
    warmup_steps: float = 0.1  # a tenth of the steps: 2e-3 without warmup diverged to the base rate
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
    prefix: list[torch.Tensor] | None = None  # cached bottom-layer states, one [T, H] per chunk
    local: LetterExample | None = None  # the same letter in short chunks (`LetterChunker.local`)


class LetterExamples(Dataset):
    """Training letters; each draw is the local view with probability `local_view`."""

    def __init__(self, examples: list[LetterExample], local_view: float = 0.0, seed: int = 0) -> None:
        if local_view and any(e.local is None for e in examples):
            raise ValueError("local_view > 0 needs examples made with a local_length")
        self.examples = examples
        self.local_view = local_view
        self.rng = torch.Generator().manual_seed(seed)

    def __len__(self) -> int:
        return len(self.examples)

    def __getitem__(self, i: int) -> LetterExample:
        example = self.examples[i]
        if self.local_view and float(torch.rand(1, generator=self.rng)) < self.local_view:
            return example.local  # type: ignore[return-value]
        return example


class LetterCollator:
    """Batch letters: padded chunks plus topic and measure targets.

    With `mask_prob` > 0, every token that is not in `keep_ids` (the special tokens) is
    hidden with that probability (word dropout): its id becomes `mask_id`, or, when the
    batch carries cached frozen-layer states, its state becomes zero.
    """

    def __init__(
        self, pad_id: int, mask_id: int | None = None, mask_prob: float = 0.0,
        keep_ids: tuple[int, ...] = (), seed: int = 0,
    ) -> None:
        if not 0.0 <= mask_prob < 1.0:
            raise ValueError(f"mask_prob must be in [0, 1), got {mask_prob}")
        self.pad_id = pad_id
        self.mask_id = mask_id
        self.mask_prob = mask_prob
        self.keep_ids = torch.tensor(sorted({pad_id, *keep_ids}))
        self.rng = torch.Generator().manual_seed(seed)

    def hidden_tokens(self, input_ids: torch.Tensor) -> torch.Tensor:
        """Which content tokens to hide this step ([chunks, tokens] bool)."""
        draw = torch.rand(input_ids.shape, generator=self.rng) < self.mask_prob
        return draw & ~torch.isin(input_ids, self.keep_ids)

    def __call__(self, examples: list[LetterExample]) -> dict[str, torch.Tensor]:
        batch = collate_chunks([e.chunked for e in examples], self.pad_id)
        hide = self.hidden_tokens(batch["input_ids"]) if self.mask_prob else None
        if hide is not None and examples[0].prefix is None:
            if self.mask_id is None:
                raise ValueError("word dropout on token ids needs the tokenizer's mask token")
            batch["input_ids"] = batch["input_ids"].masked_fill(hide, self.mask_id)
        batch["topic_labels"] = torch.tensor([e.topic_labels for e in examples], dtype=torch.float)
        batch["measure_labels"] = torch.tensor(
            [flag for e in examples for flag in e.measure_labels], dtype=torch.float
        )
        if examples[0].prefix is not None:
            states = [state for e in examples for state in e.prefix]
            padded = states[0].new_zeros((len(states), batch["input_ids"].shape[1], states[0].shape[-1]))
            for row, state in enumerate(states):
                padded[row, : len(state)] = state
            if hide is not None:
                padded = padded.masked_fill(hide.unsqueeze(-1), 0.0)
            batch["prefix_states"] = padded
            del batch["input_ids"]
        return batch


@torch.no_grad()
def cache_bottom_states(
    encoder: torch.nn.Module, examples: list[LetterExample], n_layers: int, pad_id: int, max_tokens: int = 8 * 512
) -> None:
    """Store the output of the first `n_layers` (frozen) layers for every chunk of `examples`."""
    from tqdm.auto import tqdm

    from briefnlp.modeling.inference import length_batches

    was_training = encoder.training
    encoder.eval()
    batches = list(length_batches([e.chunked.n_tokens for e in examples], max_tokens))
    for batch in tqdm(batches, desc=f"caching {n_layers} frozen layers", unit="batch"):
        inputs = collate_chunks([examples[i].chunked for i in batch], pad_id)
        hidden = run_bottom(encoder, inputs["input_ids"], inputs["attention_mask"], n_layers)
        row = 0
        for i in batch:
            chunks = examples[i].chunked.chunks
            examples[i].prefix = [hidden[row + k, : len(c)].clone() for k, c in enumerate(chunks)]
            row += len(chunks)
    encoder.train(was_training)


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


def set_encoder_dropout(encoder: torch.nn.Module, p: float) -> None:
    """Set every dropout of the backbone itself (attention weights, hidden states), leaving
    the LoRA adapters' own dropout as it is."""
    for name, module in encoder.named_modules():
        if isinstance(module, torch.nn.Dropout) and "lora_dropout" not in name:
            module.p = p


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
    set_encoder_dropout(model.encoder, args.encoder_dropout)
    dataset = LetterExamples(examples, args.local_view, args.seed)
    views = examples + [e.local for e in examples if e.local is not None and args.local_view]
    start = split_layers(model.encoder, args.lora_top_layers) if args.cache_frozen_layers else None
    if start:
        cache_bottom_states(model.encoder, views, start, tokenizer.pad_token_id)
        model.prefix_layers = start
    trainer = Trainer(
        model=model,
        args=args,
        train_dataset=dataset,
        data_collator=LetterCollator(
            tokenizer.pad_token_id, tokenizer.mask_token_id, args.token_mask,
            tuple(tokenizer.all_special_ids), args.seed,
        ),
        callbacks=callbacks,
    )
    try:
        trainer.train()
    finally:
        model.prefix_layers = 0
        for example in views:
            example.prefix = None  # free the cache
    model.eval()
    return model


def make_examples(
    chunker: LetterChunker,
    letters: list,
    topic_labels: list[list[float]],
    measure_flags: list[list[float]],
    local_length: int | None = None,
) -> list[LetterExample]:
    """Pair chunked letters with their targets (one measure flag per sentence); with a
    `local_length` each also carries its local view (`LetterChunker.local`)."""
    out = []
    for letter, topics, flags in zip(letters, topic_labels, measure_flags):
        if len(flags) != len(letter.sentences):
            raise ValueError("one measure flag per sentence is needed")
        example = LetterExample(chunker(letter), list(topics), list(flags))
        if local_length:
            example.local = LetterExample(chunker.local(letter, local_length), list(topics), list(flags))
        out.append(example)
    return out
