"""`codes merge SRC TGT` while another codebook's negated_suggests names SRC (outside tester, stop 29).

The shipped resilience-protective-factors.yaml says `negated_suggests: [AD_LOWSELF, ND_CONFIDENCE]` for
PF_CONFIDENCE; merging AD_LOWSELF (in needs-themes.yaml) was refused with "code 'PF_CONFIDENCE': negated_suggests
names unknown code 'AD_LOWSELF'", prefixed with needs-themes.yaml: the researcher had no word of the file to edit.
Now the refusal names the referencing file, line and column and what to change there, before any backup, and
changes nothing; after the edit it asks for, the merge goes through. The TUI's editor says it in Chinese.
"""

from __future__ import annotations

import pytest

from qualcode.app import api
from qualcode.core.codebook_edit import merge_codes, rename_code
from qualcode.core.errors import CodebookError
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from tests.test_tui_codebook_editor import _open_editor_on, _walk
from tests.tui_fixtures import import_transcripts, participant_segments, settle

SOURCE, TARGET = "AD_LOWSELF", "ND_CONFIDENCE"


def _reference(project):
    """The file, line and column (1-based) where the other codebook names SOURCE, read from the file itself."""
    path = project.root / "codebooks" / "resilience-protective-factors.yaml"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if "negated_suggests:" in line and SOURCE in line:
            return path, number, line.index(SOURCE) + 1
    raise AssertionError("the shipped codebook no longer names AD_LOWSELF in a negated_suggests")


def _files(project) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project.root / "codebooks").glob("*.yaml"))}


def test_cli_refusal_names_the_referencing_file_and_place_and_changes_nothing(project, run_cli, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    turn = participant_segments(project)[0]
    api.code_segment(project, turn.id, SOURCE)
    files, backups = _files(project), set((project.db_path.parent / "backups").glob("*"))
    path, line, column = _reference(project)
    result = run_cli("codes", "merge", SOURCE, TARGET, "--yes", cwd=project.root)
    assert result.exit_code == 2
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
    assert f"{path}:{line}:{column}: code 'PF_CONFIDENCE' names '{SOURCE}' in its negated_suggests" in result.err
    assert f"change '{SOURCE}' to '{TARGET}' there, or remove it, then merge again" in result.err
    assert _files(project) == files
    assert set((project.db_path.parent / "backups").glob("*")) == backups  # refused before the backup
    assert [c.code_id for c in repo.list_codings(project.conn, segment_id=turn.id)] == [SOURCE]

    # done as the message says: the merge goes through
    path.write_text(path.read_text(encoding="utf-8").replace(f"[{SOURCE}, {TARGET}]", f"[{TARGET}]"),
                    encoding="utf-8")
    merged = run_cli("codes", "merge", SOURCE, TARGET, "--yes", cwd=project.root)
    assert merged.exit_code == 0, merged.err
    assert [c.code_id for c in repo.list_codings(project.conn, segment_id=turn.id)] == [TARGET]


def test_library_merge_refuses_with_the_referencing_place(project):
    path, line, column = _reference(project)
    book = project.root / "codebooks" / "needs-themes.yaml"
    before = book.read_bytes()
    with pytest.raises(CodebookError) as caught:
        merge_codes(book, SOURCE, TARGET, siblings=project.codebook_paths())
    where = caught.value.location
    assert (where.path, where.line, where.column) == (path, line, column)
    assert book.read_bytes() == before


def test_an_edit_refused_for_another_files_problem_names_that_files_place(project, tmp_path):
    """Any edit the other codebooks make invalid (here: a code whose id another file already uses) says where
    the other file has it, not only the edited file's name."""
    other = project.root / "codebooks" / "resilience-protective-factors.yaml"
    book = project.root / "codebooks" / "needs-themes.yaml"
    text = book.read_text(encoding="utf-8")
    book.write_text(text + "  - id: EXTRA_THEME\n    label: {zh: 另一个, en: Another}\n", encoding="utf-8")
    other_text = other.read_text(encoding="utf-8")
    other.write_text(other_text + "  - id: EXTRA_TWIN\n    label: {zh: 另一个2, en: Another 2}\n", encoding="utf-8")
    from qualcode.core.codebook_edit import add_code

    with pytest.raises(CodebookError) as caught:
        add_code(book, None, {"id": "EXTRA_TWIN", "label": {"zh": "重复", "en": "Twin"}},
                 siblings=project.codebook_paths())
    twin_line = other.read_text(encoding="utf-8").splitlines().index("  - id: EXTRA_TWIN") + 1
    # the duplicate's first site is the edited file's; what the researcher needs is where the other one is
    assert f"duplicate id 'EXTRA_TWIN' (also defined at {book}:" in caught.value.message
    assert f"(at {other}:{twin_line}:" in caught.value.message
    assert caught.value.location.path == book


async def test_tui_editor_merge_says_where_in_chinese(project, tmp_path):
    path, line, column = _reference(project)
    files = _files(project)
    app = make_app(project, language="zh", poll_seconds=None)
    async with app.run_test(size=(140, 44)) as pilot:
        await _open_editor_on(pilot, SOURCE)
        await pilot.press("g")
        await pilot.pause()
        picker = app.screen.query_one("#picker-tree")
        picker.move_cursor(next(n for n in _walk(picker.root) if n.data == TARGET))
        await pilot.press("enter")
        await settle(pilot)
        shown = [str(n.message) for n in app._notifications]
    assert any(f"{path}:{line}:{column}: 编码 'PF_CONFIDENCE' 的 negated_suggests 中列有 '{SOURCE}'" in m
               and f"请在该处把 '{SOURCE}' 改为 '{TARGET}' 或删去" in m for m in shown), shown
    assert _files(project) == files
