"""Fine-tune briefnlp's letter model (topic head + measure head on one LoRA adapter).

    python training/train_topics.py --out models/briefnlp-e5-small-nl

Without --train, the bundled corpus is used (train split; dev for calibration and
thresholds). With --train FILE.jsonl (the format of ANNOTATION.md) you train on your own
labels. The same as `briefnlp train`; see --help for every flag.
"""

import sys

from briefnlp.cli import main

if __name__ == "__main__":
    sys.exit(main(["train", *sys.argv[1:]]))
