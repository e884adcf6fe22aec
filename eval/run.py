"""The evaluation harness: every system on the same letters (same as `briefnlp evaluate`).

    python eval/run.py --split test --out runs/eval
    python eval/run.py --data my_letters.jsonl --systems keywords tfidf-logreg finetuned
"""

import sys

from briefnlp.cli import main

if __name__ == "__main__":
    sys.exit(main(["evaluate", *sys.argv[1:]]))
