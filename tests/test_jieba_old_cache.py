"""jieba's old cache file, `jieba.cache` in qualcode's cache folder (about 9 MB, written before the loader of
qualcode.nlp.jieba_loader and read by nothing since), is removed the first time jieba loads: only that file,
only a regular file, never through a link, and a failure to remove it never fails the command. Real jieba in a
fresh process with a temporary XDG_CACHE_HOME or HOME."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from qualcode.nlp.jieba_loader import CACHE_NAME, OLD_CACHE_NAME, remove_old_cache

REPO = Path(__file__).resolve().parents[1]
CUT = "from qualcode.nlp.tokenizers import cut_chinese; print('/'.join(cut_chinese('我有目标')))"


def _cut(**env: str) -> None:
    environ = {k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}
    result = subprocess.run([sys.executable, "-c", CUT], env={**environ, "PYTHONPATH": str(REPO), **env},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "我/有/目标" and result.stderr == "", result.stderr


def test_the_old_jieba_cache_is_removed_and_nothing_beside_it(tmp_path):
    folder = tmp_path / "cache" / "qualcode"
    folder.mkdir(parents=True, mode=0o700)
    (folder / OLD_CACHE_NAME).write_bytes(b"\x00" * 4096)
    (folder / "jieba.u1234.cache").write_bytes(b"another name")   # not the old file: kept
    _cut(XDG_CACHE_HOME=str(tmp_path / "cache"))
    assert sorted(p.name for p in folder.iterdir()) == sorted([CACHE_NAME, "jieba.u1234.cache"])
    _cut(XDG_CACHE_HOME=str(tmp_path / "cache"))   # the next start finds nothing to do
    assert not (folder / OLD_CACHE_NAME).exists()


def test_under_home_the_file_in_dot_cache_goes_too(tmp_path):
    old = tmp_path / ".cache" / "qualcode" / OLD_CACHE_NAME
    old.parent.mkdir(parents=True, mode=0o700)
    old.write_bytes(b"old")
    _cut(HOME=str(tmp_path))
    assert not old.exists() and (old.parent / CACHE_NAME).is_file()


def test_a_link_or_a_folder_of_that_name_is_left_alone(tmp_path):
    folder = tmp_path / "cache" / "qualcode"
    folder.mkdir(parents=True, mode=0o700)
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    (folder / OLD_CACHE_NAME).symlink_to(target)
    _cut(XDG_CACHE_HOME=str(tmp_path / "cache"))
    assert (folder / OLD_CACHE_NAME).is_symlink() and target.read_text(encoding="utf-8") == "keep me"
    (folder / OLD_CACHE_NAME).unlink()
    (folder / OLD_CACHE_NAME).mkdir()
    (folder / OLD_CACHE_NAME / "inside").write_text("x", encoding="utf-8")
    _cut(XDG_CACHE_HOME=str(tmp_path / "cache"))
    assert (folder / OLD_CACHE_NAME / "inside").is_file()


def test_a_removal_that_cannot_happen_is_not_an_error(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    assert remove_old_cache(not_a_folder) is False            # lstat fails (not a directory): nothing raised
    assert remove_old_cache(tmp_path / "missing") is False
    (tmp_path / OLD_CACHE_NAME).write_bytes(b"old")
    assert remove_old_cache(tmp_path) is True and not (tmp_path / OLD_CACHE_NAME).exists()
