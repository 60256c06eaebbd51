"""The import summary of a `.qdpx` counts the documents it held: those already in the project with the same text are
`unchanged`, and an archive that brought nothing new is an unchanged file. Importing the same archive a second time
said `imported` and `0 imported, 0 new version(s), 0 unchanged`, as if the archive held nothing. A real project
exported with qualcode's own `export qdpx`, imported through the CLI."""

from __future__ import annotations

from qualcode.app.api import sync_codes
from qualcode.app.project import init_project


def _archive(run_cli, tmp_path):
    source = init_project(tmp_path / "colleague")
    sync_codes(source)
    for name, answer in (("S01_pre", "我给自己定了目标。"), ("S02_pre", "我妈妈很支持我。")):
        path = source.root / "transcripts" / f"{name}.txt"
        path.write_text(f"访谈者：你最近怎么样？\n受访者：{answer}\n", encoding="utf-8")
    there = ("--project", source.root, "--coder", "B")
    assert run_cli(*there, "import", source.root / "transcripts").exit_code == 0
    assert run_cli(*there, "code", "S01_pre", "2", "PF_GOAL").exit_code == 0
    archive = tmp_path / "colleague.qdpx"
    assert run_cli(*there, "export", "qdpx", "--out", archive).exit_code == 0
    source.close()
    return archive


def test_an_archive_imported_again_counts_its_documents_as_unchanged(project, run_cli, tmp_path):
    archive = _archive(run_cli, tmp_path)
    here = ("--project", project.root)
    first = run_cli(*here, "import", archive)
    assert first.exit_code == 0, first.err
    assert "2 imported, 0 new version(s), 0 unchanged" in first.out
    again = run_cli(*here, "import", archive)
    assert again.exit_code == 0, again.err
    assert "0 imported, 0 new version(s), 2 unchanged" in again.out, again.out
    assert "documents already there: 2" in again.out
    assert f"{archive}  unchanged" in again.out
    zh = run_cli(*here, "--lang", "zh", "import", archive)
    assert "导入 0 个，新版本 0 个，未变 2 个" in zh.out and "已有的文档：2 个" in zh.out, zh.out


def test_an_archive_whose_codings_are_new_on_documents_here_is_imported_and_its_documents_unchanged(
        project, run_cli, tmp_path):
    archive = _archive(run_cli, tmp_path)
    here = ("--project", project.root)
    for name, answer in (("S01_pre", "我给自己定了目标。"), ("S02_pre", "我妈妈很支持我。")):
        path = project.root / "transcripts" / f"{name}.txt"
        path.write_text(f"访谈者：你最近怎么样？\n受访者：{answer}\n", encoding="utf-8")
    assert run_cli(*here, "import", project.root / "transcripts").exit_code == 0
    result = run_cli(*here, "import", archive)
    assert result.exit_code == 0, result.err
    assert "0 imported, 0 new version(s), 2 unchanged" in result.out, result.out
    assert f"{archive}  imported" in result.out and "codings: 1" in result.out
