"""Export use cases: build a table from the project, write it where asked. One function per CLI command.

Every function takes an open project (``conn``, ``codebooks()``, ``root``), writes
atomically, refuses to overwrite without ``force``, and returns what it wrote with
notes for the user (ids found on one side only, unanswered items ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from qualcode.analysis.frames import ExportFilter
from qualcode.analysis.table import LabelledTable, describe_repeats, repeated_rows, require_column, stray_text
from qualcode.core.errors import ExportError, Location, ScoreError

QUOTE_FORMATS = ("md", "docx")


@dataclass(frozen=True)
class MatrixOptions:
    unit: str = "count"
    by: str = "case"
    themes: bool = False
    filt: ExportFilter = ExportFilter()
    attributes: tuple[str, ...] = ()  # case attributes as columns; ("all",) for every one


@dataclass(frozen=True)
class WriteOptions:
    out: Path | None = None
    format: str | None = None
    excel: bool = False
    label_row: str | None = None
    force: bool = False


@dataclass
class ExportResult:
    paths: list[Path]
    rows: int
    columns: int
    notes: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.paths[0]


def codebooks_of(project):
    """The project's codebooks; without a codebooks/ folder the ``codes`` table describes the codes."""
    return project.codebooks() if project.codebook_paths() else None


def _target(project, stem: str, write: WriteOptions, default_format: str = "csv") -> Path:
    if write.out is not None:
        return Path(write.out)
    return project.root / "exports" / f"{stem}.{write.format or default_format}"


def _write(project, table: LabelledTable, stem: str, write: WriteOptions) -> ExportResult:
    from qualcode.io.tables import remove_stale_parts, write_table

    target = _target(project, stem, write)
    removed = remove_stale_parts(target.parent) if target.parent.is_dir() else []
    path = write_table(table, target, format=write.format, excel=write.excel,
                       label_row=write.label_row, force=write.force)
    notes = [f"removed {len(removed)} unfinished file(s) left in {target.parent} by an interrupted export: "
             + ", ".join(p.name for p in removed)] if removed else []
    return ExportResult([path], len(table.frame), len(table.frame.columns), notes)


def matrix_table(project, options: MatrixOptions) -> LabelledTable:
    from qualcode.analysis.attributes import resolve_attributes, with_attributes
    from qualcode.analysis.matrix import build_matrix

    names = resolve_attributes(project.conn, options.attributes, options.filt) if options.attributes else []
    table = build_matrix(project.conn, codebooks_of(project), unit=options.unit, by=options.by,
                         filt=options.filt, themes=options.themes, wave_order=declared_waves(project))
    return with_attributes(table, project.conn, names, options.filt)


def export_matrix(project, options: MatrixOptions, write: WriteOptions) -> ExportResult:
    return _write(project, matrix_table(project, options), f"matrix-{options.unit}", write)


def export_long(project, filt: ExportFilter, write: WriteOptions, *, with_text: bool = False) -> ExportResult:
    from qualcode.analysis.long import build_long_table

    table = build_long_table(project.conn, codebooks_of(project), filt=filt, with_text=with_text)
    return _write(project, table, "codings", write)


def export_cooccurrence(project, filt: ExportFilter, write: WriteOptions, *, window: int = 0,
                        percent: bool = False) -> ExportResult:
    from qualcode.analysis.cooccurrence import build_cooccurrence

    table = build_cooccurrence(project.conn, codebooks_of(project), filt=filt, window=window, percent=percent)
    return _write(project, table, table.name, write)


def export_crosstab(project, filt: ExportFilter, write: WriteOptions, *, attribute: str, unit: str = "count",
                    themes: bool = False) -> ExportResult:
    from qualcode.analysis.cooccurrence import build_crosstab

    table = build_crosstab(project.conn, codebooks_of(project), attribute=attribute, filt=filt, unit=unit,
                           themes=themes)
    return _write(project, table, table.name, write)


def export_quotes(project, filt: ExportFilter, write: WriteOptions, *, include_interviewer: bool = False,
                  language: str | None = None, title: str | None = None, names_list: Path | None = None
                  ) -> ExportResult:
    """Excerpts by theme and code; headings in ``language`` (zh, en or both; default: the project's language)."""
    from qualcode.app.exporting.report_info import document_info, report_language
    from qualcode.core.report_words import report_words

    from qualcode.analysis.quotes import collect_quotes, render_markdown
    from qualcode.io.quotes_docx import write_quotes_docx
    from qualcode.io.tables import atomic_write

    language = report_language(project, language, fallback="both")  # both: code names in zh and en
    title = title or report_words(language)["quotes"]
    fmt = write.format or (Path(write.out).suffix.lstrip(".").lower() if write.out else "md")
    if fmt not in QUOTE_FORMATS:
        raise ExportError(f"quotes are written as md or docx, not {fmt!r}")
    groups = collect_quotes(project.conn, codebooks_of(project), filt=filt, include_interviewer=include_interviewer)
    path = write.out or project.root / "exports" / f"quotes.{fmt}"
    if fmt == "docx":
        written = write_quotes_docx(groups, path, title=title, language=language, force=write.force,
                                    info=document_info(project, title))
    else:
        text = render_markdown(groups, title=title, language=language)
        written = atomic_write(Path(path), lambda temp: temp.write_text(text, encoding="utf-8"), force=write.force)
    count = sum(len(code.quotes) for group in groups for code in group.codes)
    notes = [f"{count} excerpts under {len(groups)} themes"]
    notes += _names_warning(project, groups, names_list)
    return ExportResult([written], count, 0, notes)


def _names_warning(project, groups, names_list: Path | None) -> list[str]:
    """Quotes leave the project: warn when real names (from --names, else the pseudonym key) are in them."""
    from qualcode.app.privacy.pseudonymize import names_remaining, read_key

    if names_list is None and not read_key(project):
        return []
    text = "\n".join(quote.text for group in groups for code in group.codes for quote in code.quotes)
    remaining = names_remaining(text, names_list, project)
    if not remaining:
        return []
    source = str(names_list) if names_list is not None else "the pseudonym key"
    return [f"warning: {len(remaining)} real name(s) from {source} remain in the quotes: {', '.join(remaining)}; "
            "run `qualcode pseudonymize` before sharing this file"]


def export_chart(project, options: MatrixOptions, *, kind: str = "heatmap", labels: str = "id",
                 out: Path | None = None, force: bool = False, title: str | None = None) -> ExportResult:
    from qualcode.io.charts import write_chart

    table = matrix_table(project, options)
    path = out or project.root / "exports" / f"{kind}-{options.unit}.png"
    written = write_chart(table, path, kind=kind, labels=labels, title=title, force=force, unit=options.unit)
    return ExportResult([written], len(table.frame), len(table.frame.columns))


# --------------------------------------------------------------------------- questionnaires
def _scored(root: Path, scale_name: str, in_path: Path, id_column: str, column_map: dict[int, str] | None,
            strict: bool):
    from qualcode.analysis.questionnaire import load_scale
    from qualcode.analysis.scoring import score_answers
    from qualcode.io.tables import read_table

    scale = load_scale(scale_name, root)
    frame = read_table(in_path)
    report = score_answers(frame, scale, id_column=id_column, column_map=column_map, source=in_path, strict=strict)
    notes = [f"{in_path}: {problem}" for problem in report.problems]
    keys = [c for c in (id_column, "wave") if c in frame.columns]
    repeats = repeated_rows(frame, keys) if id_column in frame.columns else {}
    if repeats:  # scored as they stand, but a second copy weighs twice in α and is refused by prepost
        notes.append(f"{in_path}: {'/'.join(keys)} answered in 2 rows or more: {describe_repeats(repeats)}")
    return scale, report, notes


def compute_scores(root: Path, *, scale: str, in_path: Path, write: WriteOptions, id_column: str = "id",
                   column_map: dict[int, str] | None = None, strict: bool = True) -> ExportResult:
    """Item answers -> factor scores file (the id and other non-item columns kept)."""
    from qualcode.io.tables import write_table

    definition, report, notes = _scored(Path(root), scale, Path(in_path), id_column, column_map, strict)
    table = LabelledTable(report.scores, definition.labels(), name=f"{definition.id}-scores")
    target = write.out or Path(root) / "exports" / f"{definition.id}-scores.{write.format or 'csv'}"
    path = write_table(table, target, format=write.format, excel=write.excel, label_row=write.label_row,
                       force=write.force)
    reliability_table, summary = _reliability(definition, report)
    reliability_target = path.with_name(f"{definition.id}-reliability{path.suffix}")
    reliability_path = write_table(reliability_table, reliability_target, format=write.format, excel=write.excel,
                                   label_row=write.label_row, force=write.force)
    return ExportResult([path, reliability_path], len(table.frame), len(table.frame.columns), notes + summary)


def _reliability(scale, report) -> tuple[LabelledTable, list[str]]:
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
    waves = report.scores["wave"].astype(str).str.strip() if "wave" in report.scores.columns else None
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
                                       join.column_map, join.strict)
        scores, labels, score_columns = report.scores, scale.labels(), scale.score_columns()
    else:
        scores = read_table(join.scores)
        score_columns = None
    require_column(scores.columns, join.id_column, join.scores, option="--id-column")
    scores = _waves_for(scores, options, join)
    matrix = matrix_table(project, options)
    joined = join_scores(matrix, scores, id_column=join.id_column,
                         wave_column=join.wave_column if options.by == "wave" else None,
                         normalize_ids=join.normalize_ids, duplicates=join.duplicates, how=join.how,
                         score_labels=labels, source=join.scores)
    notes += joined.summary()
    joined.table = fill_attributes(joined.table, project.conn, options.filt)
    result = _write(project, joined.table, f"matrix-{options.unit}-joined", write)
    result.notes = notes
    if join.correlate:
        value_columns = [c for c in matrix.frame.columns if c not in ("participant", "wave", "document")
                         and c not in matrix.attribute_columns]
        if score_columns is None:
            score_columns = [c for c in joined.table.frame.columns if c not in matrix.frame.columns
                             and c != "matched" and pd.api.types.is_numeric_dtype(joined.table.frame[c])
                             and c not in matrix.attribute_columns]
        table = correlate(joined, value_columns, score_columns)
        target = join.correlations_out or result.path.with_name(f"{result.path.stem}-correlations.csv")
        result.paths.append(write_table(LabelledTable(table, name="correlations"), target, excel=write.excel,
                                        force=write.force))
    return result


def _waves_for(scores: pd.DataFrame, options: MatrixOptions, join: JoinOptions) -> pd.DataFrame:
    """A per-participant matrix takes the scores of the filtered wave; several waves need --by wave."""
    if options.by == "wave" or join.wave_column not in scores.columns:
        return scores
    if options.filt.wave is not None:
        wanted = {w.lower() for w in options.filt.wave}
        return scores[scores[join.wave_column].map(lambda v: str(v).strip().lower() in wanted)]
    waves = sorted({str(v).strip() for v in scores[join.wave_column] if v is not None})
    if len(waves) > 1:
        raise ScoreError(f"the scores hold several waves ({', '.join(waves)}); use --by wave, or --wave "
                         f"{waves[0]} to join one of them")
    return scores


# --------------------------------------------------------------------------- make demo
def write_demo_exports(project) -> list[Path]:
    """The sample project's matrix, the matrix joined with RSCA factor scores, and quotes, into exports/."""
    forced = WriteOptions(force=True, excel=True)
    matrix = MatrixOptions(themes=True)
    paths: list[Path] = []
    for suffix in ("csv", "xlsx", "sav"):
        paths += export_matrix(project, matrix, replace(forced, out=project.root / "exports" / f"matrix.{suffix}")).paths
    join = JoinOptions(scores=project.root / "scores" / "rsca-sample.csv", id_column="id", scale="rsca",
                       correlate=True)
    by_wave = MatrixOptions(themes=True, by="wave")
    for suffix in ("csv", "sav"):
        out = project.root / "exports" / f"matrix-with-rsca.{suffix}"
        paths += join_with_scores(project, by_wave, replace(join, correlate=suffix == "csv"),
                                  replace(forced, out=out)).paths
    for suffix in ("md", "docx"):
        paths += export_quotes(project, ExportFilter(), replace(forced, out=project.root / "exports" / f"quotes.{suffix}",
                                                                excel=False)).paths
    return paths


def declared_waves(project) -> tuple[str, ...]:
    """The project's waves in time order: ``[project] waves``, else pre then post.

    Spelt as import stores them (``前测`` → ``pre``), so declaring ``["前测", "后测"]`` orders the documents
    that import named ``pre`` and ``post``.
    """
    from qualcode.analysis.frames import DEFAULT_WAVE_ORDER
    from qualcode.core.config import setting
    from qualcode.core.frontmatter import normalise_wave

    declared = setting(project.config, "project.waves", None) or DEFAULT_WAVE_ORDER
    return tuple(dict.fromkeys(normalise_wave(str(w)) for w in declared))


def choose_waves(project, present: list[str], pre: str | None, post: str | None) -> tuple[str, str]:
    """The two waves to compare: as given, else as ``[project] waves`` declares, else pre and post."""
    from qualcode.analysis.frames import wave_key

    from qualcode.core.frontmatter import normalise_wave

    pre, post = (normalise_wave(w) if w else w for w in (pre, post))
    declared = declared_waves(project)
    ordered = sorted(present, key=lambda wave: wave_key(wave, declared))  # the matrices' order too
    pre = pre or (ordered[0] if ordered else None)
    post = post or (ordered[1] if len(ordered) > 1 else None)
    for name, wave in (("--pre", pre), ("--post", post)):
        if wave is None or wave not in present:
            raise ExportError(f"{name}: the project has no documents of wave {wave!r} (waves found: "
                              f"{', '.join(present) or 'none'}); name the waves with --pre and --post")
    if pre == post:
        raise ExportError(f"--pre and --post are both {pre!r}; compare two different waves")
    return pre, post


def export_prepost(project, write: WriteOptions, *, pre: str | None = None, post: str | None = None,
                   filt=None, scores: Path | None = None, id_column: str = "id",
                   wave_column: str = "wave", language: str | None = None) -> ExportResult:
    """Per participant × code the two waves and the change; per code (and per score) the paired tests."""
    from qualcode.analysis.frames import ExportFilter
    from qualcode.analysis.matrix import PRESENCE_LABELS, build_matrix
    from qualcode.analysis.prepost import code_tests, paired_frame, score_tests
    from qualcode.analysis.prepost_report import COLUMN_LABELS, translated_notes
    from qualcode.app.exporting.report_info import report_language
    from qualcode.core.frontmatter import normalise_wave
    from qualcode.io.tables import read_table

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
    outputs = [_write(project, LabelledTable(paired, dict(COLUMN_LABELS), presence, name="prepost_participants"),
                      "prepost-participants", _named(write, "participants")),
               _write(project, LabelledTable(tests, dict(COLUMN_LABELS), name="prepost_codes"), "prepost-codes",
                      _named(write, "codes"))]
    score_table = None
    if scores is not None:
        table = read_table(Path(scores))
        for column, option in ((id_column, "--id-column"), (wave_column, "--wave-column")):
            require_column(table.columns, column, Path(scores), option=option)
        table[wave_column] = [normalise_wave(str(w)) if not pd.isna(w) else "" for w in table[wave_column]]
        repeats = repeated_rows(table, [id_column, wave_column])
        if repeats:  # averaging two different questionnaires would invent a score nobody gave
            raise ExportError(f"the same participant and wave in several rows: {describe_repeats(repeats)}; keep "
                              f"one row each", Location(Path(scores)))
        notes += _unpaired_scores(table, Path(scores), id_column, wave_column, pre, post)
        numeric = []
        for column in [c for c in table.columns if c not in (id_column, wave_column)]:
            values = pd.to_numeric(table[column], errors="coerce")
            filled = table[column].notna() & (table[column].astype(str).str.strip() != "")
            if values[filled].notna().all() and filled.any():  # a score column, not a text attribute
                table[column] = values
                numeric.append(column)
            elif (stray := stray_text(table, column)) is not None:  # a typed word would drop the whole score
                raise ExportError(f"column {column!r}, row {stray[0]}: {stray[1]!r} is not a number; a score column "
                                  f"holds numbers or is empty", Location(Path(scores)))
        score_table = translated_notes(score_tests(table, numeric, id_column=id_column, wave_column=wave_column,
                                                   pre=pre, post=post), language)
        score_table = _with_scale_labels(project.root, score_table)
        outputs.append(_write(project, LabelledTable(score_table, dict(COLUMN_LABELS), name="prepost_scores"),
                              "prepost-scores", _named(write, "scores")))
    outputs.append(_prepost_report(project, write, tests, score_table, pre=pre, post=post,
                                   pairs=int(paired["participant"].nunique()), language=language))
    first = outputs[0]
    return ExportResult([p for o in outputs for p in o.paths], first.rows, first.columns, notes)


def _with_scale_labels(root: Path, scores: pd.DataFrame) -> pd.DataFrame:
    """RSCA_GOAL → 目标专注 / Goal focus, from whichever shipped or project scale writes that column."""
    from qualcode.analysis.questionnaire import available_scales, load_scale
    from qualcode.core.errors import QualcodeError

    labels: dict[str, tuple[str, str]] = {}
    for name in available_scales(root):
        try:
            labels.update(load_scale(name, root).labels())
        except QualcodeError:  # a broken scale file is reported by `scores compute`, not here
            continue
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


def _prepost_report(project, write: WriteOptions, codes, scores, *, pre: str, post: str, pairs: int,
                    language: str) -> ExportResult:
    """The codes and scores tables as one Markdown report for the results chapter, in ``language``."""
    from qualcode.analysis.prepost_report import render_prepost
    from qualcode.io.tables import atomic_write

    text = render_prepost(codes, scores, pre=pre, post=post, pairs=pairs, language=language)
    target = (Path(write.out).with_name(f"{Path(write.out).stem}-report.md") if write.out is not None
              else project.root / "exports" / "prepost-report.md")
    path = atomic_write(target, lambda temp: temp.write_text(text, encoding="utf-8"), force=write.force)
    return ExportResult([path], len(codes), 0)


def _named(write: WriteOptions, part: str) -> WriteOptions:
    """--out names a stem: prepost.xlsx → prepost-participants.xlsx, prepost-codes.xlsx …"""
    if write.out is None:
        return write
    out = Path(write.out)
    return WriteOptions(out=out.with_name(f"{out.stem}-{part}{out.suffix}"), format=write.format, excel=write.excel,
                        label_row=write.label_row, force=write.force)
