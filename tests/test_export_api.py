"""The hand-built project again, this time made the way a researcher makes it: transcript files and
codebook YAML imported with api.import_paths, codings added with api.add_coding. The matrix must give
the hand-worked values of test_export_matrix.py (see _exports_fixture for the texts and codings)."""

from __future__ import annotations

import pytest

from _exports_fixture import CODINGS, TRANSCRIPTS

pytest.importorskip("qualcode.core.codebook", reason="the codebook loader is not in this build yet")
pytest.importorskip("qualcode.io.readers", reason="the transcript readers are not in this build yet")

CODEBOOKS = {
    "protective.yaml": """codebook: protective
version: 1
language: [zh, en]
themes:
  - id: PF_PERSONAL
    label: {zh: 个人力, en: Personal strengths}
    codes:
      - {id: PF_GOAL, label: {zh: 目标专注, en: Goal focus}}
      - {id: PF_EMOTION, label: {zh: 情绪控制, en: Emotion control}}
  - id: PF_SUPPORT
    label: {zh: 支持力, en: Supports}
    codes:
      - {id: PF_FAMILY, label: {zh: 家庭支持, en: Family support}}
      - {id: PF_PEER, label: {zh: 人际协助, en: Interpersonal help}}
""",
    "needs.yaml": """codebook: needs
version: 1
language: [zh, en]
themes:
  - id: AD_ADVERSITY
    label: {zh: 逆境, en: Adversities}
    codes:
      - {id: AD_EXAM, label: {zh: 中考失利, en: Exam failure}}
      - id: AD_PRESSURE
        label: {zh: 压力, en: Pressure}
        codes:
          - {id: AD_PRESSURE_STUDY, label: {zh: 学业压力, en: Study pressure}}
          - {id: AD_PRESSURE_LIFE, label: {zh: 生活压力, en: Life pressure}}
""",
}


@pytest.fixture
def api_project(tmp_path):
    from qualcode.app.api import add_coding, import_paths, sync_codes
    from qualcode.app.project import init_project

    project = init_project(tmp_path / "study")
    for shipped in project.codebook_paths():
        shipped.unlink()
    for name, text in CODEBOOKS.items():
        (project.root / "codebooks" / name).write_text(text, encoding="utf-8")
    sync_codes(project)
    folder = project.root / "transcripts"
    for name, (case_id, wave, utterances) in TRANSCRIPTS.items():
        turns = [f"{'访谈者' if n % 2 else '受访者'}：{u}" for n, u in enumerate(utterances, start=1)]
        text = f"---\nparticipant: {case_id}\nwave: {wave}\n---\n" + "\n".join(turns) + "\n"
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    report = import_paths(project, [folder])
    assert not report.errors
    spans = {(name, ordinal): (doc, start, end) for name, ordinal, doc, start, end in project.conn.execute(
        "SELECT d.name, s.ordinal, d.id, s.start, s.end FROM segments s JOIN documents d ON d.id = s.document_id")}
    for document, ordinal, code, coder, part in CODINGS:
        doc_id, start, end = spans[(document, ordinal)]
        if part is not None:
            start, end = start + part[0], start + part[1]
        add_coding(project, document_id=doc_id, start=start, end=end, code_id=code, coder=coder)
    yield project
    project.close()


def test_matrix_of_an_imported_project_matches_the_hand_worked_values(api_project):
    from qualcode.app.exporting.exports import MatrixOptions, matrix_table

    counts = matrix_table(api_project, MatrixOptions(themes=True)).frame.set_index("participant")
    assert list(counts.index) == ["S01", "S02", "S03"]
    assert (counts.at["S01", "PF_GOAL"], counts.at["S01", "PF_FAMILY"], counts.at["S02", "AD_PRESSURE_SELF"]) == (2, 1, 1)
    assert (counts.at["S02", "AD_ADVERSITY"], counts.at["S01", "PF_PERSONAL"]) == (1, 2)
    assert counts.loc["S03"].sum() == 0
    coverage = matrix_table(api_project, MatrixOptions(unit="coverage")).frame.set_index("participant")
    assert coverage.at["S01", "PF_FAMILY"] == pytest.approx(10 / 40)
    assert coverage.at["S02", "AD_PRESSURE_STUDY"] == pytest.approx(4 / 20)
