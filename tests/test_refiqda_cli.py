"""The interop commands, run in-process exactly as the console script runs them."""

from __future__ import annotations

import zipfile

from refiqda_support import ATLAS_SAMPLE, shared_data

from qualcode.io.refiqda import open_qdpx, read_qdc, write_qdc


def _project(run_cli, tmp_path, transcript):
    assert run_cli("init", tmp_path / "study").exit_code == 0
    root = tmp_path / "study"
    assert run_cli("import", transcript, cwd=root).exit_code == 0
    return root


def test_import_codings_then_export_qdpx(run_cli, tmp_path, chinese_transcript):
    root = _project(run_cli, tmp_path, chinese_transcript)
    sheet = tmp_path / "codes.csv"
    sheet.write_text("document,segment,code,coder\nS01_pre,2,AD_EXAM,A\nS01_pre,4,PF_GOAL,A\n", encoding="utf-8")
    result = run_cli("import-codings", sheet, cwd=root)
    assert result.exit_code == 0, result.err
    assert "codings added: 2" in result.out
    out = tmp_path / "study.qdpx"
    result = run_cli("export", "qdpx", "--out", out, cwd=root)
    assert result.exit_code == 0 and "2 codings" in result.out
    model, _ = open_qdpx(out)
    assert sorted(len(s.codings) for s in model.sources[0].selections) == [1, 1]
    again = run_cli("export", "qdpx", "--out", out, cwd=root)
    assert again.exit_code == 2 and "--force" in again.err


def test_strict_unknown_code_is_one_line_and_exit_2(run_cli, tmp_path, chinese_transcript):
    root = _project(run_cli, tmp_path, chinese_transcript)
    sheet = tmp_path / "codes.csv"
    sheet.write_text("document,segment,code\nS01_pre,2,不存在的编码\n", encoding="utf-8")
    result = run_cli("import-codings", "--strict", sheet, cwd=root)
    assert result.exit_code == 2
    assert "不存在的编码" in result.err and "row 2" in result.err and "Traceback" not in result.err


def test_qdpx_through_the_import_command_and_qdc_both_ways(run_cli, tmp_path):
    assert run_cli("init", tmp_path / "study").exit_code == 0
    root = tmp_path / "study"
    result = run_cli("import", shared_data(*ATLAS_SAMPLE), cwd=root)
    assert result.exit_code == 0, result.err
    assert (root / "codebooks" / "atlas-ti-standard-project.yaml").is_file()
    exported = tmp_path / "codes.qdc"
    assert run_cli("codebook", "export", exported, "--codebook", "needs-themes", cwd=root).exit_code == 0
    names = {code.name for root in read_qdc(exported) for code, _ in root.walk()}
    assert "压力" in names and "学业压力" in names and "目标专注" not in names  # zh labels, one codebook
    codes, _ = open_qdpx(shared_data(*ATLAS_SAMPLE))
    write_qdc(codes.codes, tmp_path / "breakfast.qdc")
    result = run_cli("codebook", "import", tmp_path / "breakfast.qdc", "--name", "早餐", cwd=root)
    assert result.exit_code == 0, result.err
    # the same codes came in with the .qdpx already: recognised by GUID, nothing new written
    assert "codes mapped onto existing codes: 14" in result.out
    assert not (root / "codebooks" / "早餐.yaml").exists()


def test_every_interop_command_has_help(run_cli):
    for args in (("export", "qdpx"), ("codebook", "import"), ("codebook", "export"), ("import-codings",)):
        result = run_cli(*args, "--help")
        assert result.exit_code == 0 and len(result.out.splitlines()) > 3, args


def test_export_writes_text_sources_as_utf8(run_cli, tmp_path, chinese_transcript):
    root = _project(run_cli, tmp_path, chinese_transcript)
    out = tmp_path / "o.qdpx"
    assert run_cli("export", "qdpx", "--out", out, cwd=root).exit_code == 0
    with zipfile.ZipFile(out) as zf:
        texts = [zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("sources/")]
    assert len(texts) == 1 and "我妈妈也一直鼓励我。" in texts[0] and "\r" not in texts[0]


def test_export_long_reads_back_with_import_codings(run_cli, tmp_path, chinese_transcript):
    first = _project(run_cli, tmp_path / "a", chinese_transcript)
    sheet = tmp_path / "codes.csv"
    sheet.write_text("document,segment,code,coder\nS01_pre,2,AD_EXAM,A\nS01_pre,2,AD_LOWSELF,B\n"
                     "S01_pre,4,PF_GOAL,A\n", encoding="utf-8")
    assert run_cli("import-codings", sheet, cwd=first).exit_code == 0
    long_table = tmp_path / "long.csv"
    assert run_cli("export", "long", "--out", long_table, cwd=first).exit_code == 0
    second = _project(run_cli, tmp_path / "b", chinese_transcript)
    result = run_cli("import-codings", long_table, cwd=second)
    assert result.exit_code == 0, result.err
    assert "codings added: 3" in result.out and "unmatched" not in result.out
