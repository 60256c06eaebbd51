"""`qualcode export …`, `qualcode scores compute`, `qualcode join`: thin over the export use cases.

:mod:`qualcode.app.exporting.exports` lists them; each command imports its own module.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import click

from qualcode.cli.context import CliContext, pass_cli

TABLE_FORMATS = ("csv", "xlsx", "sav", "parquet")


def _split(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """Repeated options and comma-separated lists alike: --codes A,B --codes C."""
    items = tuple(v.strip() for value in values for v in value.split(",") if v.strip())
    return items or None


def filter_options(command):
    """--only-coder --role --codes --wave --documents, shared by every export.

    The filter is not --coder: that always names who acts (a global option), so `--coder A export matrix`
    can never be read as "only A" while it silently pools every coder.
    """
    options = [
        click.option("--only-coder", "coders", multiple=True,
                     help="Only codings by this coder (repeat or comma-separate); default: every coder, pooled."),
        click.option("--role", type=click.Choice(["participant", "interviewer", "all"]), default="participant",
                     show_default=True, help="Whose turns count; interviewer turns are not participant data."),
        click.option("--codes", multiple=True, help="Code or theme ids (a theme means all its codes)."),
        click.option("--wave", "waves", multiple=True, help="Only documents of this wave (pre, post …)."),
        click.option("--documents", multiple=True, help="Only these documents (names or ids)."),
    ]
    return functools.reduce(lambda cmd, option: option(cmd), reversed(options), command)


def matrix_options(command):
    options = [
        click.option("--unit", type=click.Choice(["count", "presence", "coverage", "per1000"]), default="count",
                     show_default=True, help="Coded segments, 0/1, share of characters, or per 1,000 characters."),
        click.option("--by", type=click.Choice(["case", "document", "wave"]), default="case", show_default=True,
                     help="Rows: participants, documents, or participant × wave."),
        click.option("--themes", is_flag=True, help="Add one column per theme (each segment counted once)."),
    ]
    return filter_options(functools.reduce(lambda cmd, option: option(cmd), reversed(options), command))


def attributes_option(command):
    return click.option("--attributes", "attributes", multiple=True,
                        help="Case attributes as columns after the participant: gender,major,group or all "
                             "(value labels in XLSX and SPSS).")(command)


def write_options(command, formats=TABLE_FORMATS):
    options = [
        click.option("--format", "fmt", type=click.Choice(formats), help="Default: from --out, else csv."),
        click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
                     help="Output file (default: exports/<name>.<format>)."),
        click.option("--excel", is_flag=True, help="CSV for Excel: a byte-order mark so Excel shows Chinese, "
                     "a quote before text Excel would run as a formula, and ids of digits (007) kept as text."),
        click.option("--labels", "label_row", type=click.Choice(["zh", "en", "both"]),
                     help="CSV: add a second header row with code labels."),
        click.option("--force", is_flag=True, help="Overwrite an existing file."),
    ]
    return functools.reduce(lambda cmd, option: option(cmd), reversed(options), command)


def _filter(kw: dict):
    from qualcode.analysis.frames import ExportFilter

    only = _split(kw.pop("coders"))
    _refuse_coders_without_codings(only)
    waves, documents = _split(kw.pop("waves")), _split(kw.pop("documents"))
    _refuse_unknown_waves_and_documents(waves, documents)
    _POOL["only"] = only
    return ExportFilter(coder=only, role=kw.pop("role"), codes=_split(kw.pop("codes")),
                        wave=waves, documents=documents)


def _refuse_unknown_waves_and_documents(waves, documents) -> None:  # type: ignore[no-untyped-def]
    """--wave pst or --documents S09_pre (typos) wrote an empty table and exited 0."""
    context = click.get_current_context().find_object(CliContext)
    if context is None or not (waves or documents):
        return
    from qualcode.app import queries
    from qualcode.core.errors import NotFoundError

    problems = queries.unknown_filter_values(context.project(), waves=waves, documents=documents)
    if problems:
        raise NotFoundError("; ".join(problems) + "; nothing written")


def _refuse_coders_without_codings(only: tuple[str, ...] | None) -> None:
    """--only-coder naming no coder with codings (a typo, another spelling) would write a table of zeros or
    transcripts without codes: refuse before anything is written, naming the coders there are."""
    context = click.get_current_context().find_object(CliContext)
    if not only or context is None:
        return
    from qualcode.app.coders import coders_with_codings   # not queries: exports load it alone
    from qualcode.core.errors import NotFoundError

    present = coders_with_codings(context.project())
    if not any(coder in present for coder in only):
        raise NotFoundError(f"no codings by {', '.join(only)}; coders with codings: {', '.join(present) or 'none'}; "
                            "nothing written")


_POOL: dict[str, tuple[str, ...] | None] = {}  # the coder filter of the command being run, for _report


def _pooled_line() -> str | None:
    """Which coders' codings the export counted, so pooling two coders is never silent."""
    from qualcode.app.coders import coders_with_codings

    if "only" not in _POOL:
        return None
    only = _POOL.pop("only")
    context = click.get_current_context().find_object(CliContext)
    if context is None:
        return None
    present = coders_with_codings(context.project())
    coders = [c for c in present if only is None or c in only]
    tr = context.words()
    named = ", ".join(coders) or tr("export.coders_none")
    if only is None:
        return (tr("export.pooled", coders=named, count=len(coders)) if len(coders) > 1
                else tr("export.coders", coders=named))
    missing = [c for c in only if c not in present]
    return tr("export.only", coders=named) + (tr("export.only_missing", missing=", ".join(missing)) if missing
                                               else "")


def _matrix(kw: dict):
    from qualcode.app.exporting.coded_tables import MatrixOptions

    filt = _filter(kw)
    return MatrixOptions(unit=kw.pop("unit"), by=kw.pop("by"), themes=kw.pop("themes"), filt=filt,
                         attributes=_split(kw.pop("attributes", ())) or ())


def _write(kw: dict):
    from qualcode.app.exporting.results import WriteOptions

    return WriteOptions(out=kw.pop("out"), format=kw.pop("fmt"), excel=kw.pop("excel"),
                        label_row=kw.pop("label_row"), force=kw.pop("force"))


def _report(ctx: CliContext, result) -> None:
    pooled = _pooled_line()
    if pooled:
        click.echo(pooled, err=True)
    tr = ctx.words()
    if result.notes:   # through the library's patterns: a note without one stays English whole
        from qualcode.cli.words import library_note

        for note in result.notes:
            click.echo(library_note(tr, note), err=True)
    for path in result.paths:
        shape = tr("export.shape", rows=result.rows, columns=result.columns) if result.columns else ""
        click.echo(tr("export.wrote", path=path, shape=shape if path == result.path else ""))


@click.group("export")
@click.pass_context
def export_group(ctx: click.Context) -> None:
    """Write matrices, codings, co-occurrence, crosstabs, frequencies, quotes and charts for SPSS, R, Excel and Word."""
    # From here to the end of the command the collector waits for a million new objects (put back after, for
    # in-process callers): importing pandas and reading the codings set off ~170 young collections and a
    # full one, 50-90 ms of CPU per export.
    from qualcode.app.collections_pause import COMMAND_YOUNG_THRESHOLD, fewer_collections

    ctx.with_resource(fewer_collections(young=COMMAND_YOUNG_THRESHOLD))


@export_group.command("matrix")
@matrix_options
@attributes_option
@write_options
@pass_cli
def export_matrix(ctx: CliContext, **kw) -> None:
    """Participant × code matrix (code ids as columns; labels in XLSX/SPSS or --labels)."""
    from qualcode.app.exporting.coded_tables import export_matrix as run

    _report(ctx, run(ctx.project(), _matrix(kw), _write(kw)))


@export_group.command("prepost")
@click.option("--pre", help="The earlier wave (default: the first of [project] waves, else 'pre').")
@click.option("--post", help="The later wave (default: the second of [project] waves, else 'post').")
@click.option("--scores", "scores_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Also test questionnaire scores (e.g. exports/rsca.csv from `scores compute`).")
@click.option("--id-column", default="id", show_default=True, help="Participant id column of --scores.")
@click.option("--wave-column", default="wave", show_default=True, help="Wave column of --scores.")
@click.option("--lang", "language", type=click.Choice(["zh", "en"]),
              help="Language of prepost-report.md and the notes "
                   "(default: [project] report_language, else [project] language, else en).")
@filter_options
@write_options
@pass_cli
def export_prepost(ctx: CliContext, pre, post, scores_path, id_column, wave_column, language, **kw) -> None:
    """Pre → post change per participant × code, and per code McNemar / Wilcoxon tests (scores: t and Wilcoxon)."""
    from qualcode.app.exporting.prepost_export import export_prepost as run

    filt = _filter(kw)
    if filt.wave is not None:
        raise click.BadParameter("pre/post compares two waves; name them with --pre and --post", param_hint="--wave")
    _report(ctx, run(ctx.project(), _write(kw), pre=pre, post=post, scores=scores_path, id_column=id_column,
                wave_column=wave_column, language=language, filt=filt))


@export_group.command("long")
@filter_options
@click.option("--with-text", is_flag=True, help="Include the coded text (left out by default).")
@write_options
@pass_cli
def export_long(ctx: CliContext, with_text: bool, **kw) -> None:
    """One row per coding: participant, document, segment, code, theme, coder, origin, offsets, time."""
    from qualcode.app.exporting.coded_tables import export_long as run

    _report(ctx, run(ctx.project(), _filter(kw), _write(kw), with_text=with_text))


@export_group.command("cooccurrence")
@filter_options
@click.option("--window", type=click.IntRange(min=0), default=0, show_default=True,
              help="0: codes on the same segment; N: within N turns of each other.")
@click.option("--percent", is_flag=True, help="Column percentages instead of counts.")
@write_options
@pass_cli
def export_cooccurrence(ctx: CliContext, window: int, percent: bool, **kw) -> None:
    """Code × code co-occurrence over segments or a window of turns."""
    from qualcode.app.exporting.coded_tables import export_cooccurrence as run

    _report(ctx, run(ctx.project(), _filter(kw), _write(kw), window=window, percent=percent))


@export_group.command("crosstab")
@click.option("--attribute", required=True, help="A case attribute (gender, grade, major …) or wave.")
@click.option("--unit", type=click.Choice(["count", "presence"]), default="count", show_default=True,
              help="Coded segments, or participants mentioning the code.")
@click.option("--themes", is_flag=True, help="Add theme rows.")
@filter_options
@write_options
@pass_cli
def export_crosstab(ctx: CliContext, attribute: str, unit: str, themes: bool, **kw) -> None:
    """Codes × the values of one attribute: counts and column percentages."""
    from qualcode.app.exporting.coded_tables import export_crosstab as run

    _report(ctx, run(ctx.project(), _filter(kw), _write(kw), attribute=attribute, unit=unit, themes=themes))


@export_group.command("quotes")
@filter_options
@click.option("--format", "fmt", type=click.Choice(["md", "docx"]), help="Default: from --out, else md.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Default: exports/quotes.<format>.")
@click.option("--include-interviewer", is_flag=True, help="Also quote interviewer turns.")
@click.option("--lang", "language", type=click.Choice(["zh", "en", "both"]),
              help="Language of headings and labels "
                   "(default: [project] report_language, else [project] language, else both).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--names", "names_list", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Warn when names from this list (CSV, as for pseudonymize) remain in the quotes "
                   "(default: the project's pseudonym key, if any).")
@pass_cli
def export_quotes(ctx: CliContext, fmt: str | None, out: Path | None, include_interviewer: bool, language: str | None,
                  force: bool, names_list: Path | None, **kw) -> None:
    """Excerpts grouped by theme and code, with participant, wave and location."""
    from qualcode.app.exporting.results import WriteOptions
    from qualcode.app.exporting.quote_report import export_quotes as run

    write = WriteOptions(out=out, format=fmt, force=force)
    _report(ctx, run(ctx.project(), _filter(kw), write, include_interviewer=include_interviewer, language=language,
                names_list=names_list))


@export_group.command("frequencies")
@filter_options
@click.option("--format", "fmt", type=click.Choice(["md", "docx", *TABLE_FORMATS]),
              help="md or docx for the thesis, csv/xlsx/sav/parquet for analysis (default: from --out, else md).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Default: exports/frequencies.<format>.")
@click.option("--lang", "language", type=click.Choice(["zh", "en"]),
              help="Language of the md/docx table (default: [project] report_language, else [project] language).")
@click.option("--excel", is_flag=True, help="CSV for Excel (a byte-order mark).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@pass_cli
def export_frequencies(ctx: CliContext, fmt: str | None, out: Path | None, language: str | None, excel: bool,
                       force: bool, **kw) -> None:
    """Code frequencies for the findings chapter: coded segments and participants mentioning each code, per wave."""
    from qualcode.app.exporting.frequency_report import export_frequencies as run
    from qualcode.app.exporting.results import WriteOptions

    write = WriteOptions(out=out, format=fmt, excel=excel, force=force)
    _report(ctx, run(ctx.project(), _filter(kw), write, language=language))


@export_group.command("codebook")
@click.option("--format", "fmt", type=click.Choice(["md", "docx"]), help="Default: from --out, else md.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Default: exports/codebook.<format>.")
@click.option("--lang", "language", type=click.Choice(["zh", "en"]),
              help="Language of headings and names (default: [project] report_language, else [project] language).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@pass_cli
def export_codebook(ctx: CliContext, fmt: str | None, out: Path | None, language: str | None, force: bool) -> None:
    """The codebook as a table for the thesis: each theme and code with its definition, include, exclude, example."""
    from qualcode.app.exporting.frequency_report import export_codebook_table as run
    from qualcode.app.exporting.results import WriteOptions

    _report(ctx, run(ctx.project(), WriteOptions(out=out, format=fmt, force=force), language=language))


@export_group.command("transcript")
@click.argument("documents", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every current transcript, one file each.")
@click.option("--format", "fmt", type=click.Choice(["docx", "html"]), default="docx", show_default=True,
              help="Word with comments, or HTML with margin notes.")
@click.option("--out", type=click.Path(path_type=Path),
              help="A folder (default: exports/transcripts/), or a .docx/.html file for one document.")
@click.option("--only-coder", "coders", multiple=True, help="Only codings by this coder (default: every coder).")
@click.option("--lang", "language", type=click.Choice(["zh", "en"]),
              help="Language of headings and notes "
                   "(default: [project] report_language, else [project] language, else en).")
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@pass_cli
def export_transcript(ctx: CliContext, documents: tuple[str, ...], every: bool, fmt: str, out: Path | None,
                      coders: tuple[str, ...], language: str | None, force: bool) -> None:
    """Transcripts with coded passages in code colours, codes and coders as comments, memos, interviewer turns marked."""
    from qualcode.app.exporting.transcripts import export_transcripts as run

    only = _split(coders)
    _refuse_coders_without_codings(only)
    _POOL["only"] = only
    _report(ctx, run(ctx.project(), documents, every=every, fmt=fmt, out=out, language=language, coders=only,
                force=force))


@export_group.command("chart")
@click.option("--kind", type=click.Choice(["heatmap", "bars"]), default="heatmap", show_default=True,
              help="Participant × code heatmap, or code totals as bars.")
@matrix_options
@click.option("--labels", type=click.Choice(["id", "zh", "en", "both"]), default="id", show_default=True,
              help="Axis labels: code ids, or labels (zh needs a CJK font).")
@click.option("--title", help="Chart title.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help=".png or .svg (default: exports/<kind>-<unit>.png).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@pass_cli
def export_chart(ctx: CliContext, kind: str, labels: str, title: str | None, out: Path | None, force: bool,
                 **kw) -> None:
    """A PNG/SVG chart of the matrix for the thesis."""
    from qualcode.app.exporting.coded_tables import export_chart as run

    _report(ctx, run(ctx.project(), _matrix(kw), kind=kind, labels=labels, out=out, force=force, title=title))


def _column_map(pairs: tuple[str, ...]) -> dict[int, str] | None:
    mapping: dict[int, str] = {}
    for pair in pairs:
        item, sep, column = pair.partition("=")
        items = re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", item)
        if sep and items:
            mapping.update(_column_range(pair, int(items.group(1)), int(items.group(2)), column.strip()))
            continue
        if not sep or not item.strip().isdigit():
            raise click.BadParameter(f"{pair!r}: use ITEM=COLUMN, e.g. 1=第1题, or a range 1-27=Q3-Q29",
                                     param_hint="--map")
        mapping[int(item)] = column.strip()
    return mapping or None


def _column_range(pair: str, first: int, last: int, columns: str) -> dict[int, str]:
    """``1-27=Q3-Q29``: items 1 … 27 are the columns Q3 … Q29 (the number's width kept: ``Q03-Q29``)."""
    ends = re.fullmatch(r"(.*?)(\d+)\s*-\s*(.*?)(\d+)", columns)
    if not ends or (ends.group(3) and ends.group(3) != ends.group(1)) or first > last:
        raise click.BadParameter(f"{pair!r}: a range maps items to columns named alike, e.g. 1-27=Q3-Q29",
                                 param_hint="--map")
    stem, start, end = ends.group(1), ends.group(2), int(ends.group(4))
    if end - int(start) != last - first:
        raise click.BadParameter(f"{pair!r}: {last - first + 1} items but {end - int(start) + 1} columns",
                                 param_hint="--map")
    width = len(start) if start.startswith("0") else 1
    return {first + k: f"{stem}{int(start) + k:0{width}d}" for k in range(last - first + 1)}


def scale_options(command):
    options = [
        click.option("--map", "column_map", multiple=True, help="ITEM=COLUMN when columns are not named like RSCA1; a range 1-27=Q3-Q29 for consecutive items; #3 is the column of question 3 (3、… in a 问卷星 download): 1-27=#3-#29."),
        click.option("--allow-problems", is_flag=True,
                     help="Score anyway, treating bad answers as unanswered (each is still reported)."),
    ]
    return functools.reduce(lambda cmd, option: option(cmd), reversed(options), command)


@click.group("scores")
def scores_group() -> None:
    """Questionnaire scales: item answers to factor scores."""


@scores_group.command("compute")
@click.option("--scale", required=True, help="A shipped scale (rsca), one in the project's scales/, or a .yaml path.")
@click.option("--in", "in_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Answers: .csv, .xlsx, .sav or .parquet, one row per participant (and wave).")
@click.option("--id-column", default="id", show_default=True, help="The column with participant ids.")
@click.option("--wave-column", default="wave", show_default=True,
              help="The column with the wave (前测/后测): one answer per participant per wave, α per wave.")
@scale_options
@write_options
@pass_cli
def scores_compute(ctx: CliContext, scale: str, in_path: Path, id_column: str, wave_column: str,
                   column_map: tuple[str, ...], allow_problems: bool, **kw) -> None:
    """Turn item answers into factor scores; bad or missing answers are listed by row and item."""
    from qualcode.app.exporting.questionnaires import compute_scores

    root = _project_root(ctx)
    _report(ctx, compute_scores(root, scale=scale, in_path=in_path, id_column=id_column, write=_write(kw),
                           column_map=_column_map(column_map), strict=not allow_problems,
                           wave_column=wave_column))


def _project_root(ctx: CliContext) -> Path:
    """Scoring needs no project; inside one, its scales/ folder and exports/ are used."""
    from qualcode.core.errors import ProjectError

    try:
        return ctx.project().root
    except ProjectError:
        return Path.cwd()


@click.command("join")
@click.option("--scores", "scores_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Scores or item answers (.csv/.xlsx/.sav/.parquet).")
@click.option("--id-column", default="id", show_default=True, help="The participant id column in the scores.")
@click.option("--scale", help="Score item answers with this scale first (e.g. rsca).")
@click.option("--wave-column", default="wave", show_default=True, help="The wave column in the scores.")
@click.option("--normalize-ids", is_flag=True,
              help="Match ids ignoring case, full-width characters and leading zeros (S01 = s1).")
@click.option("--duplicates", type=click.Choice(["error", "first", "last", "mean"]), default="error",
              show_default=True, help="What to do with a participant listed twice in the scores.")
@click.option("--how", type=click.Choice(["outer", "inner", "left"]), default="outer", show_default=True,
              help="Keep everyone (outer), only matched ids (inner), or every matrix row (left).")
@click.option("--correlate", is_flag=True, help="Also write Spearman correlations (rho, p, n) code × score.")
@click.option("--correlations-out", type=click.Path(dir_okay=False, path_type=Path),
              help="Default: <out>-correlations.csv.")
@scale_options
@matrix_options
@attributes_option
@write_options
@pass_cli
def join_command(ctx: CliContext, scores_path: Path, id_column: str, scale: str | None, wave_column: str,
                 normalize_ids: bool, duplicates: str, how: str, correlate: bool, correlations_out: Path | None,
                 column_map: tuple[str, ...], allow_problems: bool, **kw) -> None:
    """Join the participant × code matrix with questionnaire scores on the participant id."""
    from qualcode.app.exporting.questionnaires import JoinOptions, join_with_scores

    join = JoinOptions(scores=scores_path, id_column=id_column, scale=scale, wave_column=wave_column,
                       normalize_ids=normalize_ids, duplicates=duplicates, how=how, correlate=correlate,
                       correlations_out=correlations_out, column_map=_column_map(column_map),
                       strict=not allow_problems)
    _report(ctx, join_with_scores(ctx.project(), _matrix(kw), join, _write(kw)))


def register(group: click.Group) -> None:
    group.add_command(export_group)
    group.add_command(scores_group)
    group.add_command(join_command)
