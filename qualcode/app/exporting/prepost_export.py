"""Pre → post: per participant × code the two waves and the change, per code (and per score) the paired
tests, and the Markdown report for the results chapter.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathlib import Path

import pandas as pd

from qualcode.analysis.table import (LabelledTable, bookkeeping_columns, describe_repeats, repeated_rows, require_column,
                                     stray_text)
from qualcode.app.exporting.results import ExportResult, WriteOptions, codebooks_of, export_target, write_export
from qualcode.app.exporting.waves import choose_waves, declared_waves
from qualcode.core.errors import ExportError, Location


def export_prepost(project, write: WriteOptions, *, pre: str | None = None, post: str | None = None,
                   filt=None, scores: Path | None = None, id_column: str = "id",
                   wave_column: str = "wave", language: str | None = None) -> ExportResult:
    """Per participant × code the two waves and the change; per code (and per score) the paired tests."""
    from qualcode.analysis.frames import ExportFilter
    from qualcode.analysis.matrix import PRESENCE_LABELS, build_matrix
    from qualcode.analysis.prepost import code_tests, paired_frame, score_tests
    from qualcode.analysis.prepost_report import COLUMN_LABELS, translated_notes
    from qualcode.app.exporting.report_info import report_language

    language = report_language(project, language)

    matrix = build_matrix(project.conn, codebooks_of(project), unit="count", by="wave", filt=filt or ExportFilter(),
                          wave_order=declared_waves(project))
    frame = matrix.frame
    present = sorted({str(w) for w in frame["wave"] if str(w)})
    pre, post = choose_waves(project, present, pre, post)
    code_columns = [c for c in frame.columns if c not in ("participant", "wave")]
    paired = paired_frame(frame, code_columns, pre, post)
    tests = translated_notes(code_tests(paired, matrix.labels), language)
    notes = [f"comparing wave {pre!r} (pre) with {post!r} (post): {paired['participant'].nunique()} participant(s) "
             f"seen in both waves"]
    presence = {column: dict(PRESENCE_LABELS) for column in ("pre_present", "post_present")}  # nominal in SPSS
    score_table = None
    who = None
    if scores is not None:
        table, numeric, unpaired = _read_scores(Path(scores), id_column, wave_column, pre, post)
        notes += unpaired
        score_table = translated_notes(score_tests(table, numeric, id_column=id_column, wave_column=wave_column,
                                                   pre=pre, post=post), language)
        who = _score_pairs(project, table, id_column, wave_column, pre, post, set(paired["participant"]))
        if who is not None:
            notes.append(f"{Path(scores)}: {who.sentence()}")
        score_table = _with_scale_labels(project.root, score_table)
    # Every file is checked before the first is written: a scores file refused above, or a report already
    # there, left the participants and codes tables written beside an exit 2.
    parts = ["participants", "codes", *(["scores"] if score_table is not None else [])]
    targets = [export_target(project, f"prepost-{part}", _named(write, part)) for part in parts]
    taken = [target for target in [*targets, _report_target(project, write)] if target.exists()]
    if taken and not write.force:
        raise ExportError("already exists; use --force to overwrite it (nothing was written)", Location(taken[0]))
    outputs = [write_export(project, LabelledTable(paired, dict(COLUMN_LABELS), presence, name="prepost_participants"),
                            "prepost-participants", _named(write, "participants"), filt or ExportFilter()),
               write_export(project, LabelledTable(tests, dict(COLUMN_LABELS), name="prepost_codes"), "prepost-codes",
                            _named(write, "codes"))]
    if score_table is not None:
        outputs.append(write_export(project, LabelledTable(score_table, dict(COLUMN_LABELS), name="prepost_scores"),
                                    "prepost-scores", _named(write, "scores")))
    outputs.append(_prepost_report(project, write, tests, score_table, pre=pre, post=post,
                                   pairs=int(paired["participant"].nunique()), language=language,
                                   score_pairs=who if scores is not None else None))
    first = outputs[0]
    written = list(dict.fromkeys(note for output in outputs for note in output.notes))  # each file's notes, once
    return ExportResult([p for o in outputs for p in o.paths], first.rows, first.columns, notes + written)


def _read_scores(scores: Path, id_column: str, wave_column: str, pre: str, post: str):
    """The questionnaire scores, checked: (the table with its score columns as numbers, those columns, notes on
    the participants seen in one wave only). A repeated participant and wave, or a word in a score column, is an
    error naming the file."""
    from qualcode.core.frontmatter import normalise_wave
    from qualcode.io.tables import read_table

    table = read_table(scores, text_columns=(id_column, wave_column), header_hint=(id_column,))
    for column, option in ((id_column, "--id-column"), (wave_column, "--wave-column")):
        require_column(table.columns, column, scores, option=option)
    table[wave_column] = [normalise_wave(str(w)) if not pd.isna(w) else "" for w in table[wave_column]]
    repeats = repeated_rows(table, [id_column, wave_column])
    if repeats:  # averaging two different questionnaires would invent a score nobody gave
        raise ExportError(f"the same participant and wave in several rows: {describe_repeats(repeats)}; keep "
                          f"one row each", Location(scores))
    unpaired = _unpaired_scores(table, scores, id_column, wave_column, pre, post)
    numeric = []
    skipped = bookkeeping_columns(c for c in table.columns if c not in (id_column, wave_column))
    if skipped:
        unpaired = [*unpaired, bookkeeping_note(scores, skipped)]
    for column in [c for c in table.columns if c not in (id_column, wave_column, *skipped)]:
        values = pd.to_numeric(table[column], errors="coerce")
        filled = table[column].notna() & (table[column].astype(str).str.strip() != "")
        if values[filled].notna().all() and filled.any():  # a score column, not a text attribute
            table[column] = values
            numeric.append(column)
        elif (stray := stray_text(table, column)) is not None:  # a typed word would drop the whole score
            raise ExportError(f"column {column!r}, row {stray[0]}: {stray[1]!r} is not a number; a score column "
                              f"holds numbers or is empty", Location(scores))
    return table, numeric, unpaired


def bookkeeping_note(scores: Path, columns: list[str]) -> str:
    return (f"{scores}: column(s) {', '.join(columns)} are the survey platform's bookkeeping (the answer sheet's "
            "number, time, source), not scores: left out of the tests")


def scale_score_labels(root: Path) -> dict[str, tuple[str, str]]:
    """Every score column a shipped or project scale writes, with its labels: RSCA_GOAL → (目标专注, Goal focus)."""
    from qualcode.analysis.questionnaire import available_scales, load_scale
    from qualcode.core.errors import QualcodeError

    labels: dict[str, tuple[str, str]] = {}
    for name in available_scales(root):
        try:
            labels.update(load_scale(name, root).labels())
        except QualcodeError:  # a broken scale file is reported by `scores compute`, not here
            continue
    return labels


def _with_scale_labels(root: Path, scores: pd.DataFrame) -> pd.DataFrame:
    """RSCA_GOAL → 目标专注 / Goal focus, from whichever shipped or project scale writes that column."""
    labels = scale_score_labels(root)
    if scores.empty or not any(column in labels for column in scores["score"]):
        return scores
    named = scores.copy()
    named.insert(1, "label_zh", [labels.get(c, ("", ""))[0] for c in scores["score"]])
    named.insert(2, "label_en", [labels.get(c, ("", ""))[1] for c in scores["score"]])
    return named


def _unpaired_scores(table: pd.DataFrame, path: Path, id_column: str, wave_column: str,
                     pre: str, post: str) -> list[str]:
    """Say which questionnaire ids miss a wave (a typo in an id drops a pair): every skip is counted."""
    ids = {wave: {str(i).strip() for i in table.loc[table[wave_column] == wave, id_column]} for wave in (pre, post)}
    if not ids[pre] or not ids[post]:
        found = sorted({w for w in table[wave_column] if w})
        raise ExportError(f"no answers of wave {(pre if not ids[pre] else post)!r} (waves in the file: "
                          f"{', '.join(found) or 'none'}); name the waves as the transcripts do", Location(path))
    notes = []
    for wave, other in ((pre, post), (post, pre)):
        alone = sorted(ids[wave] - ids[other])
        if alone:
            notes.append(f"{path}: {len(alone)} id(s) answered wave {wave!r} but not {other!r}, left out of the "
                         f"paired tests: {', '.join(alone)}")
    return notes


@dataclass(frozen=True)
class ScorePairs:
    """Who the score tests pair, beside who the code tests pair: they are not always the same people."""

    count: int
    without_transcript: tuple[str, ...]
    groups: tuple[tuple[str, int], ...]  # the `group` attribute's values among the pairs, when more than one

    def sentence(self) -> str:
        text = f"the score tests pair {self.count} participant(s) who answered both waves"
        if self.without_transcript:
            text += (f", {len(self.without_transcript)} of them with no transcript in the code tests "
                     f"({', '.join(self.without_transcript)})")
        if self.groups:
            text += (f"; they pool the groups {', '.join(f'{name} {n}' for name, n in self.groups)}: to test one "
                     "group, give --scores a file of its rows only")
        return text


def _score_pairs(project, table: pd.DataFrame, id_column: str, wave_column: str, pre: str, post: str,
                 interviewed: set[str]) -> ScorePairs | None:
    """The questionnaire pairs, when they are not the participants of the code tests or span several groups.

    The scores are tested over everyone who answered both waves, a comparison group without interviews
    included; the report said only how many were seen in both waves *of the interviews*."""
    from qualcode.analysis.attributes import participant_attribute
    from qualcode.analysis.frames import ExportFilter

    ids = {wave: {str(i).strip() for i in table.loc[table[wave_column] == wave, id_column]} for wave in (pre, post)}
    pairs = sorted(ids[pre] & ids[post])
    outside = tuple(p for p in pairs if p not in interviewed)
    group = participant_attribute(project.conn, ExportFilter(), "group")
    counts: dict[str, int] = {}
    for participant in pairs:
        if participant in group:
            counts[group[participant]] = counts.get(group[participant], 0) + 1
    groups = tuple(sorted(counts.items())) if len(counts) > 1 else ()
    if not outside and not groups:
        return None
    return ScorePairs(len(pairs), outside, groups)


def _prepost_report(project, write: WriteOptions, codes, scores, *, pre: str, post: str, pairs: int,
                    language: str, score_pairs: ScorePairs | None = None) -> ExportResult:
    """The codes and scores tables as one Markdown report for the results chapter, in ``language``."""
    from qualcode.analysis.prepost_report import render_prepost
    from qualcode.io.tables import atomic_write

    score_pairs_line = None
    if score_pairs is not None:
        score_pairs_line = (score_pairs.count, score_pairs.without_transcript, score_pairs.groups)
    text = render_prepost(codes, scores, pre=pre, post=post, pairs=pairs, language=language,
                          score_pairs=score_pairs_line)
    target = _report_target(project, write)
    path = atomic_write(target, lambda temp: temp.write_text(text, encoding="utf-8"), force=write.force)
    return ExportResult([path], len(codes), 0)


def _report_target(project, write: WriteOptions) -> Path:
    return (Path(write.out).with_name(f"{Path(write.out).stem}-report.md") if write.out is not None
            else project.root / "exports" / "prepost-report.md")


def _named(write: WriteOptions, part: str) -> WriteOptions:
    """--out names a stem: prepost.xlsx → prepost-participants.xlsx, prepost-codes.xlsx …"""
    if write.out is None:
        return write
    out = Path(write.out)
    return WriteOptions(out=out.with_name(f"{out.stem}-{part}{out.suffix}"), format=write.format, excel=write.excel,
                        label_row=write.label_row, force=write.force)
