"""A questionnaire sheet as a Chinese study keeps it (QA round 28): the id column 编号, the wave column 测量 with
前测/后测, a byte-order mark and CRLF line ends, as Excel saves "CSV UTF-8". `join --by wave` matched its waves to the
documents' pre/post, but `join --wave pre` compared 前测 with pre literally, dropped every score row and wrote a
table of `matrix_only` rows with exit 0; and the note "answered in 2 rows or more" looked for a column named `wave`,
so every participant answering once per wave was reported as a repeat."""

from __future__ import annotations

import csv
import re

import pandas as pd


def _chinese_sheet(project):
    with (project.root / "scores" / "rsca-sample.csv").open(encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    path = project.root / "scores" / "问卷.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["编号", "测量", *header[2:]])
        for row in rows:
            writer.writerow([row[0], {"pre": "前测", "post": "后测"}[row[1]], *row[2:]])
    return path


def test_join_of_one_wave_matches_chinese_wave_names_and_waves_are_not_repeats(sample_project, run_cli):
    sheet = _chinese_sheet(sample_project)
    out = sample_project.root / "exports" / "pre.csv"
    result = run_cli("join", "--scores", sheet, "--id-column", "编号", "--wave-column", "测量", "--scale", "rsca",
                     "--wave", "pre", "--out", out, cwd=sample_project.root)
    assert result.exit_code == 0, result.err
    frame = pd.read_csv(out).set_index("participant")
    assert frame.at["S01", "matched"] == "both"
    assert frame.at["S01", "RSCA_TOTAL"] > 0
    assert "only in the matrix" not in result.out + result.err

    by_wave = run_cli("join", "--scores", sheet, "--id-column", "编号", "--wave-column", "测量", "--scale", "rsca",
                      "--by", "wave", "--out", sample_project.root / "exports" / "waves.csv", cwd=sample_project.root)
    assert by_wave.exit_code == 0, by_wave.err
    assert "answered in 2 rows or more" not in by_wave.out + by_wave.err


def test_a_sheet_whose_ids_match_no_participant_is_refused_not_stacked(sample_project, run_cli):
    """Questionnaire ids numbered 1, 2, 3 (the survey tool's respondent number) against S01, S02 …: no row
    matched, and `join` wrote the two tables stacked, said `24 rows joined` and exited 0."""
    with (sample_project.root / "scores" / "rsca-sample.csv").open(encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    numbers: dict[str, str] = {}
    sheet = sample_project.root / "scores" / "numbered.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([numbers.setdefault(row[0], str(len(numbers) + 1)), *row[1:]])
    out = sample_project.root / "exports" / "joined.csv"
    result = run_cli("join", "--scores", sheet, "--scale", "rsca", "--by", "wave", "--out", out,
                     cwd=sample_project.root)
    assert result.exit_code == 2 and not out.exists()
    assert (f"{sheet}: no participant in the scores is in the matrix: the scores' 'id' and 'wave' give 1, 2, 3, 4, "
            "5 … (6), the matrix has E01, S01, S02, S03; name the id column with --id-column (--normalize-ids "
            "matches s1 with S01); nothing written") in result.err


def test_a_repeated_answer_row_is_named_in_chinese_under_a_chinese_interface(sample_project, run_cli):
    """The note on rows answered twice, beside the scores written: under --lang zh it stayed English (stop 28)."""
    source = sample_project.root / "scores" / "rsca-sample.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    twice = sample_project.root / "scores" / "twice.csv"
    twice.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")   # the first answer pasted again
    args = ("scores", "compute", "--scale", "rsca", "--in", twice, "--id-column", "id")
    english = run_cli(*args, "--out", sample_project.root / "exports" / "en.csv", cwd=sample_project.root)
    chinese = run_cli("--lang", "zh", *args, "--out", sample_project.root / "exports" / "zh.csv", "--force",
                      cwd=sample_project.root)
    assert english.exit_code == chinese.exit_code == 0, chinese.err
    said = next(line for line in english.err.splitlines() if "answered in 2 rows or more" in line)
    found = re.fullmatch(r"(?P<file>.+): (?P<keys>\S+) answered in 2 rows or more: (?P<who>\S+) in rows "
                         r"(?P<rows>[\d, ]+)", said)
    assert found, said
    assert (f"{found['file']}：同一 {found['keys']} 的回答出现在 2 行或更多行：{found['who']} 在第 {found['rows']} 行"
            in chinese.err.splitlines()), chinese.err
