"""The backbone cache: env override, atomic builds, and rebuilds when a checksum stops matching.

These use a fake two-file "model" builder so they run in milliseconds; the real e5-small
conversion through the cache is covered in test_e5_small.py.
"""

from __future__ import annotations

import json
import os

import pytest

from briefnlp.backbones import BackboneNotFoundError
from briefnlp.backbones.cache import MANIFEST, cache_root, ensure_built, read_manifest, verify


class FakeBuilder:
    """Writes config.json + weights.bin derived from the source; counts its calls."""

    def __init__(self, source, fail=False):
        self.source, self.fail, self.calls = source, fail, 0

    def __call__(self, folder):
        self.calls += 1
        (folder / "config.json").write_text(json.dumps({"n": self.calls}))
        (folder / "weights.bin").write_bytes(self.source.read_bytes() * 3)
        if self.fail:
            raise RuntimeError("build interrupted")


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "src" / "model.bin"
    path.parent.mkdir()
    path.write_bytes(b"weights v1")
    return path


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFNLP_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def build(source, builder, **kw):
    return ensure_built("fake", [source], builder, builder="fake", version=1, **kw)


def test_cache_root_env_override(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFNLP_CACHE", str(tmp_path / "elsewhere"))
    assert cache_root() == tmp_path / "elsewhere"
    monkeypatch.delenv("BRIEFNLP_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "briefnlp"


def test_builds_once_and_records_checksums(root, source):
    builder = FakeBuilder(source)
    folder = build(source, builder)
    assert folder == root / "backbones" / "fake"
    assert build(source, builder) == folder and builder.calls == 1
    manifest = read_manifest(folder)
    assert manifest["sources"][0]["size"] == source.stat().st_size
    assert len(manifest["sources"][0]["sha256"]) == 64
    assert set(manifest["files"]) == {"config.json", "weights.bin"}
    assert verify(folder, [source], deep=True)
    assert sorted(p.name for p in (root / "backbones").iterdir()) == [".fake.lock", "fake"]


def test_failed_build_leaves_nothing_behind(root, source):
    with pytest.raises(RuntimeError, match="interrupted"):
        build(source, FakeBuilder(source, fail=True))
    assert not (root / "backbones" / "fake").exists()
    assert [p.name for p in (root / "backbones").iterdir()] == [".fake.lock"]


def test_failed_rebuild_keeps_the_old_folder(root, source):
    folder = build(source, FakeBuilder(source))
    with pytest.raises(RuntimeError):
        build(source, FakeBuilder(source, fail=True), force=True)
    assert verify(folder, [source])  # the previous complete build is still in place


def test_rebuilt_when_source_changes(root, source):
    builder = FakeBuilder(source)
    folder = build(source, builder)
    stat = source.stat()
    source.write_bytes(b"weights v2")  # same size, new content
    # the cheap check keys on size + mtime (as make and rsync do); make sure the mtime moves
    # even on a filesystem with a coarse clock
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert not verify(folder, [source])
    build(source, builder)
    assert builder.calls == 2
    assert (folder / "weights.bin").read_bytes() == b"weights v2" * 3


def test_touched_but_identical_source_is_not_rebuilt(root, source):
    builder = FakeBuilder(source)
    folder = build(source, builder)
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # e.g. a reinstall
    assert verify(folder, [source])  # re-hashed, same sha256
    build(source, builder)
    assert builder.calls == 1


def test_rebuilt_when_written_file_is_damaged(root, source):
    builder = FakeBuilder(source)
    folder = build(source, builder)
    (folder / "weights.bin").write_bytes(b"truncated")
    assert not verify(folder, [source])
    build(source, builder)
    assert builder.calls == 2 and verify(folder, [source], deep=True)


def test_same_size_damage_needs_deep_verify(root, source):
    folder = build(source, FakeBuilder(source))
    data = (folder / "weights.bin").read_bytes()
    (folder / "weights.bin").write_bytes(data[::-1])
    assert verify(folder, [source])  # the cheap check looks at sizes only
    assert not verify(folder, [source], deep=True)


def test_rebuilt_when_manifest_is_missing_or_version_changes(root, source):
    builder = FakeBuilder(source)
    folder = build(source, builder)
    (folder / MANIFEST).unlink()
    build(source, builder)
    assert builder.calls == 2
    ensure_built("fake", [source], builder, builder="fake", version=2)
    assert builder.calls == 3


def test_leftovers_of_a_crashed_build_are_cleaned(root, source):
    stale = root / "backbones" / ".fake.tmp-dead"
    stale.mkdir(parents=True)
    (stale / "half.bin").write_bytes(b"x")
    build(source, FakeBuilder(source))
    assert not stale.exists()


def test_missing_source_is_a_clear_error(root, tmp_path):
    with pytest.raises(BackboneNotFoundError, match="not found"):
        build(tmp_path / "absent.bin", FakeBuilder(tmp_path / "absent.bin"))
