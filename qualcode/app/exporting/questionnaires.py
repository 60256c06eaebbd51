"""Questionnaires: item answers scored into factor scores with their reliability, and the matrix joined
with scores (optionally with Spearman correlations).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from qualcode.analysis.table import (LabelledTable, bookkeeping_columns, describe_repeats, repeated_rows,
                                     require_column)
from qualcode.app.exporting.coded_tables import MatrixOptions, documents_as_participants, matrix_table
from qualcode.app.exporting.results import ExportResult, WriteOptions, export_target, write_export
from qualcode.core.errors import Location, ScoreError


def _scored(root: Path, scale_name: str, in_path: Path, id_column: str, column_map: dict[int, str] | None,
            strict: bool, wave_column: str = "wave", *, require_wave: bool = False):
    from qualcode.analysis.questionnaire import load_scale
    from qualcode.analysis.scoring import score_answers
    from qualcode.io.tables import read_table

    scale = load_scale(scale_name, root)
    frame = read_table(in_path, text_columns=(id_column, wave_column), header_hint=(id_column,))
    if require_wave:  # named on the command line: a typo is said, not taken as "no waves"
        require_column(frame.columns, wave_column, in_path, option="--wave-column")
    report = score_answers(frame, scale, id_column=id_column, column_map=column_map, source=in_path, strict=strict)
    notes = [f"{in_path}: {problem}" for problem in report.problems]
    from qualcode.analysis.reliability import reversal_looks_done

    if report.answers is not None and (alphas := reversal_looks_done(report.answers, scale)) is not None:
        reverse = ", ".join(map(str, sorted(scale.reverse)))
        notes.append(f"{in_path}: the answers hang together as they are (α {alphas[1]:.2f} over all items) but not "
                     f"once items {reverse} are reverse-scored (α {alphas[0]:.2f}): were those items recoded in the "
                     f"file already? Then every score is upside down; score the original answers, or a copy of the "
                     f"scale in scales/ without its reverse list")
    own = [c for c in scale.score_columns() if c in frame.columns]
    if own:  # it replaced the file's column of the same name without a word
        notes.append(f"{in_path}: the file has its own {', '.join(own)}; the computed score takes that name and the "
                     f"file's values are kept as {', '.join(f'{c}_in_file' for c in own)}")
    if unscored := scale.unscored_items():
        notes.append(f"{scale.path or scale.id}: item(s) {', '.join(map(str, unscored))} of {scale.id} are in no "
                     "factor: their answers are checked but are in no score"
                     + (", the total included" if scale.total else ""))
    keys = [c for c in (id_column, wave_column) if c in frame.columns]
    repeats = repeated_rows(frame, keys) if id_column in frame.columns else {}
    if repeats:  # scored as they stand, but a second copy weighs twice in α and is refused by prepost
        notes.append(f"{in_path}: {'/'.join(keys)} answered in 2 rows or more: {describe_repeats(repeats)}")
        if wave_column not in frame.columns:
            notes.append(f"{in_path}: no column {wave_column!r}: if a column holds the wave (测量 前测/后测), name it "
                         "with --wave-column, so each wave is one answer per participant and has its own α")
    return scale, report, notes


def compute_scores(root: Path, *, scale: str, in_path: Path, write: WriteOptions, id_column: str = "id",
                   column_map: dict[int, str] | None = None, strict: bool = True,
                   wave_column: str = "wave") -> ExportResult:
    """Item answers -> factor scores file (the id and other non-item columns kept)."""
    from qualcode.io.tables import write_table

    definition, report, notes = _scored(Path(root), scale, Path(in_path), id_column, column_map, strict,
                                        wave_column, require_wave=wave_column != "wave")
    table = LabelledTable(report.scores, definition.labels(), name=f"{definition.id}-scores")
    target = Path(write.out or Path(root) / "exports" / f"{definition.id}-scores.{write.format or 'csv'}")
    reliability_target = reliability_path_for(target, definition.id)
    _refuse_existing([target, reliability_target], write.force)
    path = write_table(table, target, format=write.format, excel=write.excel, label_row=write.label_row,
                       force=write.force)
    reliability_table, summary = _reliability(definition, report, wave_column)
    reliability_path = write_table(reliability_table, reliability_target, format=write.format, excel=write.excel,
                                   label_row=write.label_row, force=write.force)
    return ExportResult([path, reliability_path], len(table.frame), len(table.frame.columns), notes + summary)


def reliability_path_for(scores: Path, scale_id: str) -> Path:
    """The reliability table beside the scores, named after them: ``rsca-pre.csv`` -> ``rsca-pre-reliability.csv``
    (``rsca.csv`` and the default ``rsca-scores.csv`` -> ``rsca-reliability.csv``), so the scores of each wave
    written to a file of their own keep a reliability table of their own."""
    stem = scale_id if scores.stem == f"{scale_id}-scores" else scores.stem
    return scores.with_name(f"{stem}-reliability{scores.suffix}")


def _refuse_existing(targets: list[Path], force: bool) -> None:
    """Refuse before the first file is written when any of the files a command writes exists already."""
    taken = [target for target in targets if target.exists()]
    if taken and not force:
        from qualcode.core.errors import ExportError

        raise ExportError("already exists; use --force to overwrite it (nothing was written)",
                          Location(path=taken[0]))


def _reliability(scale, report, wave_column: str = "wave") -> tuple[LabelledTable, list[str]]:
    """Cronbach's α per factor and total, item by item, as a table and as lines for the terminal.

    Every row together (wave ``all``), then each wave alone when the file holds several: the same person
    answering twice is not two independent respondents, and a thesis reports α per administration.
    """
    from qualcode.analysis.frames import wave_key
    from qualcode.analysis.reliability import reverse_scored, scale_reliability

    scored = reverse_scored(report.answers, scale)
    results = scale_reliability(scored, scale)
    rows = _reliability_rows(results, "all")
    lines = ["Reliability (Cronbach's alpha, participants who answered every item of the factor):"]
    lines += [f"  {r.factor_id:<10} {r.labels[0] or r.labels[1]}: alpha {r.alpha:.3f} ({r.n_items} items, "
              f"n = {r.n_complete})" for r in results]
    waves = (report.scores[wave_column].astype(str).str.strip() if wave_column in report.scores.columns
             else None)
    if waves is not None and waves.nunique() > 1:
        lines.append("Per wave (each participant once):")
        for wave in sorted(set(waves), key=wave_key):
            per_wave = scale_reliability(scored[(waves == wave).to_numpy()], scale)
            rows += _reliability_rows(per_wave, wave)
            lines.append(f"  {wave}: " + ", ".join(f"{r.factor_id} {r.alpha:.3f} (n = {r.n_complete})"
                                                    for r in per_wave))
    labels = {"alpha": ("Cronbach α", "Cronbach's alpha"), "corrected_item_total_r": ("校正的项总计相关性",
              "Corrected item-total correlation"), "alpha_if_item_deleted": ("项已删除的 α", "Alpha if item deleted"),
              "wave": ("波次（all：全部行）", "Wave (all: every row)")}
    return LabelledTable(pd.DataFrame(rows), labels, name=f"{scale.id}-reliability"), lines


def _reliability_rows(results, wave: str) -> list[dict]:
    return [{"wave": wave, "factor": r.factor_id, "factor_label": r.labels[0] or r.labels[1], "n_items": r.n_items,
             "n_complete": r.n_complete, "alpha": round(r.alpha, 4), "item": item.item,
             "corrected_item_total_r": round(item.corrected_item_total_r, 4),
             "alpha_if_item_deleted": round(item.alpha_if_deleted, 4)} for r in results for item in r.items]


@dataclass(frozen=True)
class JoinOptions:
    scores: Path
    id_column: str = "id"  # as `export prepost` and `scores compute`
    scale: str | None = None
    wave_column: str = "wave"
    normalize_ids: bool = False
    duplicates: str = "error"
    how: str = "outer"
    correlate: bool = False
    correlations_out: Path | None = None
    column_map: dict[int, str] | None = None
    strict: bool = True


def join_with_scores(project, options: MatrixOptions, join: JoinOptions, write: WriteOptions) -> ExportResult:
    """Matrix ⋈ scores (item answers scored first when a scale is named), and optional correlations."""
    from qualcode.analysis.attributes import fill_attributes
    from qualcode.analysis.join import correlate, join_scores
    from qualcode.io.tables import read_table, write_table

    notes: list[str] = []
    labels: dict[str, tuple[str, str]] = {}
    if join.scale:
        scale, report, notes = _scored(project.root, join.scale, Path(join.scores), join.id_column,
                                       join.column_map, join.strict, join.wave_column)
        scores, labels, score_columns = report.scores, scale.labels(), scale.score_columns()
    else:
        scores = read_table(join.scores, text_columns=(join.id_column, join.wave_column),
                            header_hint=(join.id_column,))
        score_columns = None
        from qualcode.app.exporting.prepost_export import scale_score_labels

        # scores computed earlier (`scores compute`) keep their names: RSCA_GOAL is 目标专注 in SPSS, as with --scale
        labels = {c: names for c, names in scale_score_labels(project.root).items() if c in scores.columns}
    require_column(scores.columns, join.id_column, join.scores, option="--id-column")
    scores = _waves_for(scores, options, join)
    matrix = matrix_table(project, options)
    joined = join_scores(matrix, scores, id_column=join.id_column,
                         wave_column=join.wave_column if options.by == "wave" else None,
                         normalize_ids=join.normalize_ids, duplicates=join.duplicates, how=join.how,
                         score_labels=labels, source=join.scores)
    _refuse_no_match(joined, join, options.by)
    notes += joined.summary()
    joined.table = fill_attributes(joined.table, project.conn, options.filt)
    stem = f"matrix-{options.unit}-joined"
    if join.correlate:  # both files checked before the first is written
        matrix_target = export_target(project, stem, write)
        _refuse_existing([matrix_target, _correlations_target(join, matrix_target)], write.force)
    result = write_export(project, joined.table, stem, write, options.filt)
    result.notes = documents_as_participants(project, matrix) + notes
    if join.correlate:
        value_columns = [c for c in matrix.frame.columns if c not in ("participant", "wave", "document")
                         and c not in matrix.attribute_columns]
        if score_columns is None:
            score_columns = [c for c in joined.table.frame.columns if c not in matrix.frame.columns
                             and c != "matched" and pd.api.types.is_numeric_dtype(joined.table.frame[c])
                             and c not in matrix.attribute_columns]
            if skipped := bookkeeping_columns(score_columns):
                from qualcode.app.exporting.prepost_export import bookkeeping_note

                score_columns = [c for c in score_columns if c not in skipped]
                result.notes.append(bookkeeping_note(Path(join.scores), skipped).replace("the tests",
                                                                                          "the correlations"))
        table = correlate(joined, value_columns, score_columns)
        target = _correlations_target(join, result.path)
        result.paths.append(write_table(LabelledTable(table, name="correlations"), target, excel=write.excel,
                                        force=write.force))
    return result


def _correlations_target(join: JoinOptions, matrix: Path) -> Path:
    return Path(join.correlations_out or matrix.with_name(f"{matrix.stem}-correlations.csv"))


def _refuse_no_match(joined, join: JoinOptions, by: str) -> None:
    """Not one row of the scores found its participant in the matrix (ids 1, 2, 3 against S01, S02 …; another
    column than the id): the "joined" table would be the two stacked, written with exit 0 and "24 rows joined"."""
    frame = joined.table.frame
    if "matched" not in frame.columns or (frame["matched"] == "both").any():
        return
    if not joined.only_in_matrix or not joined.only_in_scores:
        return  # one side is empty: the summary says it

    def some(ids: list[str]) -> str:
        return ", ".join(ids[:5]) + (f" … ({len(ids)})" if len(ids) > 5 else "")

    shared = sorted(set(joined.only_in_scores) & set(joined.only_in_matrix))
    if by == "wave" and shared:  # the ids meet; the waves do not (1/2 or T1/T2 against pre/post)
        def waves_of(side: str) -> str:
            return ", ".join(sorted({str(w) for w in frame.loc[frame["matched"] == side, "wave"].dropna() if str(w)}))

        raise ScoreError(f"no wave of the scores is a wave of the documents: participants {some(shared)} are on "
                         f"both sides, but the scores' {join.wave_column!r} gives {waves_of('scores_only')} and the "
                         f"documents have {waves_of('matrix_only')}; write the waves as the transcripts do (pre, "
                         "post; 前测 and 后测 are read as pre and post); nothing written", Location(join.scores))
    waves = f" and {join.wave_column!r}" if by == "wave" else ""
    raise ScoreError(f"no participant in the scores is in the matrix: the scores' {join.id_column!r}{waves} give "
                     f"{some(joined.only_in_scores)}, the matrix has {some(joined.only_in_matrix)}; name the id "
                     "column with --id-column (--normalize-ids matches s1 with S01); nothing written",
                     Location(join.scores))


def _waves_for(scores: pd.DataFrame, options: MatrixOptions, join: JoinOptions) -> pd.DataFrame:
    """A per-participant matrix takes the scores of the filtered wave; several waves need --by wave."""
    if options.by == "wave" or join.wave_column not in scores.columns:
        return scores
    if options.filt.wave is not None:  # 前测 in the sheet is the documents' pre, as `--by wave` matches them
        from qualcode.core.frontmatter import normalise_wave

        wanted = {normalise_wave(w).casefold() for w in options.filt.wave}
        chosen = scores[scores[join.wave_column].map(lambda v: normalise_wave(str(v)).casefold() in wanted)]
        if chosen.empty and not scores.empty:  # every score row would be dropped and the table written anyway
            found = sorted({str(v).strip() for v in scores[join.wave_column] if v is not None and str(v).strip()})
            raise ScoreError(f"no score row of wave {', '.join(options.filt.wave)} in column {join.wave_column!r} "
                             f"(the waves there: {', '.join(found) or 'none'}); name the waves as the transcripts "
                             "do (pre, post; 前测 and 后测 are read as pre and post); nothing written",
                             Location(join.scores))
        return chosen
    waves = sorted({str(v).strip() for v in scores[join.wave_column] if v is not None})
    if len(waves) > 1:
        raise ScoreError(f"the scores hold several waves ({', '.join(waves)}); use --by wave, or --wave "
                         f"{waves[0]} to join one of them")
    return scores
