"""`.qdc` import: codes map onto existing ones by label, keep their spelling, and get readable ids."""

from __future__ import annotations

from qualcode.app.interop.qdc import import_qdc
from qualcode.io.refiqda import model, write_qdc


def _guid(n: int) -> str:
    return f"5c8a1e2b-0000-4000-8000-{n:012d}"


def _qdc(tmp_path, codes: tuple[model.Code, ...]):
    return write_qdc(codes, tmp_path / "other-tool.qdc")


def test_codes_map_onto_existing_codes_by_label_in_either_language(project, tmp_path):
    path = _qdc(tmp_path, (model.Code(_guid(1), "goal focus"),   # the en label, in another case
                           model.Code(_guid(2), "目标专注"),       # the zh label of the same code
                           model.Code(_guid(3), "Peer rivalry")))  # a code the project lacks
    report = import_qdc(project, path)
    assert report.imported["codes mapped onto existing codes"] == 2
    assert "code 'goal focus' mapped onto existing code PF_GOAL by its label" in str(report)
    written = (project.root / "codebooks" / "other-tool.yaml").read_text(encoding="utf-8")
    assert "Peer_rivalry" in written and "goal focus" not in written and "目标专注" not in written


def test_imported_code_names_keep_their_spelling_and_chinese_names_get_sequential_ids(project, tmp_path):
    path = _qdc(tmp_path, (model.Code(_guid(1), "Im1"),
                           model.Code(_guid(2), "宿舍生活", children=(model.Code(_guid(3), "室友矛盾"),)),
                           model.Code(_guid(4), "打工经历")))
    import_qdc(project, path)
    index = project.code_index()
    assert index["Im1"].label("en") == "Im1" and "IM1" not in index
    assert [(i, index[i].label("zh")) for i in ("C001", "C002", "C003")] == [
        ("C001", "宿舍生活"), ("C002", "室友矛盾"), ("C003", "打工经历")]
    assert index["C002"].parent_id == "C001"


def test_sequential_ids_skip_ids_already_taken(project, tmp_path):
    import_qdc(project, _qdc(tmp_path, (model.Code(_guid(1), "宿舍生活"),)))
    second = tmp_path / "second"
    second.mkdir()
    import_qdc(project, write_qdc((model.Code(_guid(2), "兼职经历"),), second / "more.qdc"))
    index = project.code_index()
    assert (index["C001"].label("zh"), index["C002"].label("zh")) == ("宿舍生活", "兼职经历")
