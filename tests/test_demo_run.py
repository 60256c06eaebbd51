"""`make demo`'s job (qualcode.demo.main) on a copy of the shipped sample, started from another folder."""

from __future__ import annotations

import docx


def test_the_demo_writes_the_thesis_outputs_into_the_project_wherever_it_is_started(sample_project, tmp_path,
                                                                                  monkeypatch, capsys):
    from qualcode.demo import main

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    root = sample_project.root
    sample_project.close()
    assert main(root, open_tui=False) == 0
    exports = root / "exports"
    for name in ("matrix.csv", "matrix.sav", "rsca.csv", "prepost-codes.csv", "prepost-scores.csv",
                 "agreement.md", "transcripts/S01_pre.docx", "transcripts/S01_pre.html"):
        assert (exports / name).is_file(), name
    assert list(elsewhere.iterdir()) == []  # nothing written where the command was started
    # the annotated transcript is the supervisor's Word file: one comment per coding at least
    comments = docx.Document(exports / "transcripts" / "S01_pre.docx").part.package.parts
    assert any(part.partname.endswith("comments.xml") for part in comments)
    assert "Done." in capsys.readouterr().out
