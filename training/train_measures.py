"""Train the measure detector.

briefnlp's topic head and measure head share one LoRA adapter and one encoder pass, so
they are trained together: this script is `train_topics.py` under the name that users
look for. See `python training/train_topics.py --help` for the flags.
"""

from train_topics import main

if __name__ == "__main__":
    main()
