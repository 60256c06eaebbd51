"""Finding the shipped codebooks in a wheel layout and in a source checkout."""

from __future__ import annotations

from pathlib import Path

from qualcode.core.resources import shipped_codebook_dir, shipped_codebook_paths


def test_source_checkout_uses_the_repository_codebooks():
    repo = Path(__file__).resolve().parents[1]
    assert shipped_codebook_paths() == [
        repo / "codebooks" / "needs-themes.yaml",
        repo / "codebooks" / "resilience-protective-factors.yaml",
    ]


def test_installed_layout_is_preferred(tmp_path):
    package = tmp_path / "site-packages" / "qualcode"
    (package / "data" / "codebooks").mkdir(parents=True)
    (package / "data" / "codebooks" / "b.yaml").write_text("", encoding="utf-8")
    (package / "data" / "codebooks" / "a.yaml").write_text("", encoding="utf-8")
    (package / "data" / "codebooks" / "notes.txt").write_text("", encoding="utf-8")
    assert shipped_codebook_dir(package) == package / "data" / "codebooks"
    assert [p.name for p in shipped_codebook_paths(package)] == ["a.yaml", "b.yaml"]


def test_fallback_to_the_folder_beside_the_package(tmp_path):
    package = tmp_path / "checkout" / "qualcode"
    package.mkdir(parents=True)
    assert shipped_codebook_paths(package) == []
    (tmp_path / "checkout" / "codebooks").mkdir()
    (tmp_path / "checkout" / "codebooks" / "x.yaml").write_text("", encoding="utf-8")
    assert shipped_codebook_paths(package) == [tmp_path / "checkout" / "codebooks" / "x.yaml"]
