"""Write the harness outputs: metrics.json, REPORT.md, errors.jsonl and PNG plots."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def write_outputs(metrics: dict, errors: list[dict], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    curves = metrics.get("curves", {})
    stable = {k: v for k, v in metrics.items() if k != "curves"}
    _atomic_write(out / "metrics.json", json.dumps(stable, indent=2, ensure_ascii=False))
    _atomic_write(out / "errors.jsonl", "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors))
    _atomic_write(out / "REPORT.md", markdown_report(stable))
    plot_all(stable, curves, out)


def markdown_report(m: dict) -> str:
    d = m["data"]
    lines = [f"# briefnlp evaluation: {d['name']} ({d['n_letters']} letters)", "",
             f"Data sha256 `{d['sha256'][:16]}`."]
    if "dev_data" in m:
        dev = m["dev_data"]
        lines += ["", f"Stacks fitted on {dev['n_letters']} dev letters, sha256 `{dev['sha256'][:16]}`."]
    lines.append("")
    if m["topics"]:
        labels = m["labels"]
        lines += ["## Topics", "", "| system | macro-F1 (95% CI) | micro-F1 | subset acc. | ECE | "
                  + " | ".join(f"{l} F1" for l in labels) + " |",
                  "|---" * (5 + len(labels)) + "|"]
        for name, s in m["topics"].items():
            ci = s.get("macro_f1_ci95", (0, 0))
            lines.append(f"| {name} | {s['macro_f1']:.3f} ({ci[0]:.2f}–{ci[1]:.2f}) | {s['micro_f1']:.3f} | "
                         f"{s['subset_accuracy']:.3f} | {s['ece']:.3f} | "
                         + " | ".join(f"{s['per_label'][l]['f1']:.3f}" for l in labels) + " |")
        lines += ["", "Confusion per label (tp/fp/fn/tn):", ""]
        for name, s in m["topics"].items():
            lines.append(f"- {name}: " + "; ".join(
                f"{l} {c['tp']}/{c['fp']}/{c['fn']}/{c['tn']}" for l, c in s["confusion"].items()))
        lines.append("")
    if m["measures"]:
        lines += ["## Measure sentences", "", "| detector | precision | recall | F1 (95% CI) |", "|---|---|---|---|"]
        for name, s in m["measures"].items():
            ci = s.get("f1_ci95", (0, 0))
            lines.append(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} ({ci[0]:.2f}–{ci[1]:.2f}) |")
        lines.append("")
    if m["summaries"]:
        lines += ["## Summaries (ROUGE F, Dutch tokenizer + Snowball stemmer)", "",
                  "| system | ROUGE-1 | ROUGE-2 | ROUGE-L |", "|---|---|---|---|"]
        for name, s in m["summaries"].items():
            lines.append(f"| {name} | {s['rouge1']:.3f} | {s['rouge2']:.3f} | {s['rougeL']:.3f} |")
        lines.append("")
    if m["speed"]:
        lines += ["## Cost (same run; tokens are the backbone's XLM-R pieces)", "",
                  "| system | letters/s | tokens/s | peak RSS MB |", "|---|---|---|---|"]
        for name, s in m["speed"].items():
            tokens = f"{s['tokens_per_s']:.0f}" if s.get("tokens_per_s") else "–"
            lines.append(f"| {name} | {s['letters_per_s']:.2f} | {tokens} | {s['peak_rss_mb']:.0f} |")
    return "\n".join(lines) + "\n"


def plot_all(m: dict, curves: dict, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import precision_recall_curve

    from briefnlp.evaluation.metrics import calibration_curve

    if not m["topics"]:
        return
    labels, systems = m["labels"], list(m["topics"])
    fig, ax = plt.subplots(figsize=(7, 4))
    width = 0.8 / len(systems)
    for i, name in enumerate(systems):
        ax.bar(np.arange(len(labels)) + i * width, [m["topics"][name]["per_label"][l]["f1"] for l in labels], width, label=name)
    ax.set_xticks(np.arange(len(labels)) + 0.4 - width / 2, labels)
    ax.set_ylim(0, 1.05), ax.set_ylabel("F1"), ax.set_title("Per-label F1 by system"), ax.legend(fontsize=7)
    fig.tight_layout(), fig.savefig(out / "per_label_f1.png", dpi=110), plt.close(fig)

    fig, axes = plt.subplots(1, len(labels), figsize=(4 * len(labels), 3.6), squeeze=False)
    for j, label in enumerate(labels):
        for name, c in curves.items():
            y, p = np.array(c["y"])[:, j], np.array(c["proba"])[:, j]
            if y.any():
                prec, rec, _ = precision_recall_curve(y, p)
                axes[0, j].plot(rec, prec, label=name)
        axes[0, j].set_title(label), axes[0, j].set_xlabel("recall"), axes[0, j].set_ylabel("precision")
    axes[0, -1].legend(fontsize=7)
    fig.tight_layout(), fig.savefig(out / "precision_recall.png", dpi=110), plt.close(fig)

    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], "k--", lw=1)
    for name, c in curves.items():
        pts = calibration_curve(np.array(c["y"]), np.array(c["proba"]))
        ax.plot([p["confidence"] for p in pts], [p["frequency"] for p in pts], "o-", label=f"{name} (ECE {m['topics'][name]['ece']:.3f})")
    ax.set_xlabel("predicted probability"), ax.set_ylabel("observed frequency"), ax.set_title("Calibration"), ax.legend(fontsize=7)
    fig.tight_layout(), fig.savefig(out / "calibration.png", dpi=110), plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 4))
    for name in systems:
        speed = m["speed"].get(f"topics:{name}", {}).get("letters_per_s", 0)
        ax.scatter(max(speed, 1e-3), m["topics"][name]["macro_f1"])
        ax.annotate(name, (max(speed, 1e-3), m["topics"][name]["macro_f1"]), fontsize=8)
    ax.set_xscale("log"), ax.set_xlabel("letters per second (log)"), ax.set_ylabel("macro-F1"), ax.set_title("Speed against quality")
    fig.tight_layout(), fig.savefig(out / "speed_vs_f1.png", dpi=110), plt.close(fig)
