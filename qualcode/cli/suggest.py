"""Commands: suggest, suggestions list|accept|reject, keywords propose|add, eval suggestions."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from qualcode.cli.context import CliContext, echo_table, pass_cli, text_column_cells
from qualcode.cli.words import library_note, warning_line


def _split(values: tuple[str, ...]) -> list[str]:
    """Options may be repeated or comma-separated: --documents S01_pre,S02_pre."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


_train_coder_option = click.option(
    "--train-coder", "train_coders", multiple=True, metavar="NAME",
    help="Train the learned model only on this coder's codings (repeat or comma-separate; default: qualcode.toml "
         "[suggest] train_coders, empty = every coder).")


_embeddings_option = click.option(
    "--embeddings/--no-embeddings", default=None,
    help="Add sentence embeddings to the learned model, or not (default: qualcode.toml [suggest] embeddings, "
         "off; needs pip install 'qualcode[embeddings]').")


def _progress_bar(label: str):
    return click.progressbar(length=1, label=label, file=sys.stderr, show_pos=True)


@click.command()
@click.option("--documents", "-d", multiple=True, help="Only these documents (names; repeat or comma-separate).")
@click.option("--min-score", type=click.FloatRange(0, 1), help="Store suggestions scoring at least this "
              "(default: qualcode.toml [nlp] min_score, 0.3).")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), help="Worker processes (default: every core).")
@click.option("--force", is_flag=True, help="Redo documents already finished with these keywords.")
@click.option("--engine", "engine_kind", type=click.Choice(["keywords", "learned", "both"]), default="both",
              show_default=True, help="Keyword rules, a model learned from your codings, or both combined.")
@click.option("--ask-no-code-turns", is_flag=True,
              help='Put suggestions up for review on turns you marked "no code applies" too (by default they are '
                   "kept as ranked candidates only).")
@_train_coder_option
@_embeddings_option
@pass_cli
def suggest(ctx: CliContext, documents: tuple[str, ...], min_score: float | None, jobs: int | None,
            force: bool, engine_kind: str, ask_no_code_turns: bool, train_coders: tuple[str, ...],
            embeddings: bool | None) -> None:
    """Suggest codes for every participant turn from the codebooks' keywords and your own codings.

    With human codings in the project, a model learns from them (retrained only when codings,
    codebooks or settings change) and works even on a codebook without keywords.
    Safe to interrupt: run it again to resume. Rejected suggestions never come back.
    """
    from qualcode.app.suggesting.warm_start import warm_up
    from qualcode.core.errors import QualcodeError

    if train_coders and engine_kind == "keywords":   # an option that would change nothing is not ignored unsaid
        raise QualcodeError("--train-coder chooses whose codings train the learned model; --engine keywords "
                            "trains none (use --engine learned or both)")
    if embeddings is not None and engine_kind == "keywords":
        raise QualcodeError("--embeddings/--no-embeddings choose the learned model's features; --engine keywords "
                            "trains none (use --engine learned or both)")
    project = ctx.project()
    warm_up(project, _split(documents), jobs)  # first: the workers' tokenizers load while the engine is built
    from qualcode.app.suggesting.batch import run_suggest

    tr = ctx.words()
    with _progress_bar(tr("suggest.progress")) as bar:
        def progress(done: int, total: int, _name: str) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        report = run_suggest(project, documents=_split(documents), min_score=min_score, jobs=jobs, force=force,
                             progress=progress, engine_kind=engine_kind, train_coders=_split(train_coders),
                             embeddings=embeddings, ask_no_code_turns=ask_no_code_turns)
    if report.learned:
        click.echo(tr("suggest.engine", engine=report.engine, learned=library_note(tr, report.learned)))
    for warning in report.warnings:
        click.echo(warning_line(tr, warning), err=True)
    click.echo(tr("suggest.summary", documents=report.documents, segments=report.segments, skipped=report.skipped,
                  new=report.new, updated=report.updated, withdrawn=report.stale_removed, decided=report.decided,
                  coded=report.already_coded))
    if report.candidates:
        click.echo(tr("suggest.candidates", count=report.candidates))
    if report.held_no_code:
        click.echo(tr("suggest.held_no_code", count=report.held_no_code))


@click.group()
def suggestions() -> None:
    """Review stored suggestions from the command line."""


def _selection_options(func):
    for option in reversed([
        click.option("--document", "-d", "documents", multiple=True, help="Only in these documents."),
        click.option("--code", "-c", "codes", multiple=True, help="Only for these code ids."),
        click.option("--min-score", type=click.FloatRange(0, 1), help="Only scoring at least this."),
        click.option("--max-score", type=click.FloatRange(0, 1), help="Only scoring below this."),
    ]):
        func = option(func)
    return func


@suggestions.command("list")
@_selection_options
@click.option("--status", type=click.Choice(["pending", "accepted", "rejected", "candidate", "coded", "all"]),
              default="pending", show_default=True,
              help="candidate: ranked codes below min_score (accept them by id); coded: pending ones whose "
                   "turn was given the code by hand (no longer pending); all: every status.")
@click.option("--limit", type=click.IntRange(0), default=200, show_default=True, help="0 for no limit.")
@pass_cli
def list_(ctx: CliContext, documents, codes, min_score, max_score, status: str, limit: int) -> None:
    """List suggestions with their score and evidence."""
    from qualcode.app.suggesting.review import select_suggestions
    from qualcode.cli.words import evidence_in, library_note

    rows = select_suggestions(ctx.project(), documents=_split(documents), codes=_split(codes), min_score=min_score,
                              max_score=max_score, status=None if status == "all" else status)
    shown = rows if limit == 0 else rows[:limit]
    tr = ctx.words()
    table = []
    for row in shown:
        s = row.suggestion
        evidence = library_note(tr, row.problem) if row.problem else evidence_in(tr, s.evidence)
        status_words = tr(f"suggestions.status.{s.status}")
        table.append((str(s.id), row.document_name, str(row.ordinal), s.code_id, f"{s.score:.2f}",
                      s.status if status_words.startswith("suggestions.") else status_words, evidence))
    if table:
        columns = ("document", "seg", "code", "score", "status", "evidence")
        echo_table(table, ("id",) + tuple(tr(f"suggestions.col.{column}") for column in columns))
    damaged = sum(1 for row in rows if row.problem)
    click.echo(tr("suggestions.count", count=len(rows)) + (tr("suggestions.not_shown", count=len(rows) - len(shown))
                                                          if len(shown) < len(rows) else ""))
    if damaged:
        click.echo(tr("warning.stderr", message=tr("suggestions.damaged", count=damaged)), err=True)


def _decide(ctx: CliContext, decision: str, ids, documents, codes, min_score, max_score, select_all) -> None:
    from qualcode.core.errors import NotFoundError, QualcodeError
    from qualcode.app.suggesting.review import decide, select_suggestions

    if not (ids or documents or codes or min_score is not None or max_score is not None or select_all):
        raise QualcodeError(f"say which suggestions to {decision}: ids, --document, --code, --min-score, "
                            "--max-score, or --all")
    from qualcode.app.api import sync_codes

    project = ctx.project()
    # As `qualcode code` does: a code just removed from the YAML is then inactive, and accepting its
    # suggestion is skipped and said; without it, a suggestion named by id was coded with the removed code.
    sync_codes(project)
    rows = select_suggestions(project, ids=list(ids), documents=_split(documents), codes=_split(codes),
                              min_score=min_score, max_score=max_score,
                              status=None if ids else "pending")
    if not rows:  # a filter that selects nothing says why, instead of "0 suggestion(s) accepted"
        from qualcode.app.suggesting.review import why_nothing_selected

        raise NotFoundError(why_nothing_selected(project, documents=_split(documents), codes=_split(codes),
                                                 min_score=min_score, max_score=max_score)
                            + f"; nothing {decision}ed")
    report = decide(project, rows, decision)  # type: ignore[arg-type]
    tr = ctx.words()
    for reason in report.skipped:
        click.echo(tr("suggestions.skipped", reason=library_note(tr, reason)), err=True)
    for change in report.overturned:
        click.echo(tr("note.line", message=library_note(tr, change)), err=True)
    click.echo(tr(f"suggestions.{decision}ed", count=report.decided, created=report.codings_created,
                  coder=project.coder))


@suggestions.command()
@click.argument("ids", nargs=-1, type=int)
@_selection_options
@click.option("--all", "select_all", is_flag=True, help="Every pending suggestion.")
@pass_cli
def accept(ctx: CliContext, ids, documents, codes, min_score, max_score, select_all) -> None:
    """Accept suggestions (by id or by filter): each becomes a coding of its segment by you."""
    _decide(ctx, "accept", ids, documents, codes, min_score, max_score, select_all)


@suggestions.command()
@click.argument("ids", nargs=-1, type=int)
@_selection_options
@click.option("--all", "select_all", is_flag=True, help="Every pending suggestion.")
@pass_cli
def reject(ctx: CliContext, ids, documents, codes, min_score, max_score, select_all) -> None:
    """Reject suggestions (by id or by filter); they are never suggested again."""
    _decide(ctx, "reject", ids, documents, codes, min_score, max_score, select_all)


# --------------------------------------------------------------------------- keywords
@click.group()
def keywords() -> None:
    """Learn keywords from coded segments and add them to a codebook."""


@keywords.command()
@click.option("--code", "-c", "codes", multiple=True, help="Only for these code ids (default: every coded code).")
@click.option("--reference", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Learn from a codings CSV (document,segment,code[,coder]) instead of the project's codings.")
@click.option("--coder", "reference_coder", help="Whose codings are the reference (default: the project coder; "
              "with --reference, only that coder's rows).")
@click.option("--top", type=click.IntRange(1, 100), default=10, show_default=True, help="Candidates per code.")
@click.option("--min-count", type=click.IntRange(1), default=2, show_default=True,
              help="Coded segments a word must occur in.")
@pass_cli
def propose(ctx: CliContext, codes, reference: Path | None, reference_coder: str | None, top: int,
            min_count: int) -> None:
    """Rank candidate keywords per code from the segments coded with it (log-odds keyness)."""
    from qualcode.app.suggesting.keywords import propose_keywords

    project = ctx.project()
    ranked = propose_keywords(project, code_ids=_split(codes), coder=reference_coder or ctx.coder,
                              reference=reference, top=top, min_count=min_count)
    rows = [(c.code_id, c.word, c.language, f"{c.z:.2f}", str(c.in_code), str(c.total), f"{c.precision:.2f}")
            for candidates in ranked.values() for c in candidates]
    if rows:
        echo_table(rows, ("code", "word", "lang", "z", "in_code", "segments", "precision"))
        click.echo("Add the good ones with `qualcode keywords add CODE WORD...`")
    else:
        click.echo("No candidate stands out yet; code more segments and try again.")



@keywords.command("add")
@click.argument("code_id")
@click.argument("words", nargs=-1, required=True)
@click.option("--language", "-l", type=click.Choice(["zh", "en"]),
              help="Keyword language (default: by the word's script).")
@pass_cli
def add_keywords_command(ctx: CliContext, code_id: str, words: tuple[str, ...], language: str | None) -> None:
    """Add WORDS to CODE_ID's keywords in its codebook file, keeping comments and order."""
    from qualcode.app.suggesting.keywords import add_keywords

    from qualcode.app.coding.history import record_codebook_edit

    project = ctx.project()
    added = add_keywords(project, code_id, list(words), language=language)
    if any(added.values()):
        record_codebook_edit(project.conn, project.coder, f"keywords add {code_id}")
    for lang, new in added.items():
        skipped = "" if new else " (all already there)"
        click.echo(f"{code_id} keywords.{lang}: added {', '.join(new) or 'nothing'}{skipped}")
    click.echo("Run `qualcode suggest` to use them.")

# --------------------------------------------------------------------------- eval
@click.group("eval")
def eval_group() -> None:
    """Measure how well suggestions agree with human coding."""


@click.command("suggestions")
@click.option("--reference", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Compare with a codings CSV (document,segment,code[,coder]) instead of the project's codings.")
@click.option("--coder", "reference_coder", help="Whose codings are the reference (default: the project coder; "
              "with --reference, only that coder's rows).")
@click.option("--folds", type=click.IntRange(1, 100), default=5, show_default=True,
              help="Cross-validation folds over documents (used with --learn).")
@click.option("--train-fraction", type=click.FloatRange(0, 1, min_open=True, max_open=True),
              help="One train/test split with this share of documents for training, instead of folds.")
@click.option("--learn", is_flag=True, help="Learn keywords on each fold's training documents, test on the rest.")
@click.option("--min-score", type=click.FloatRange(0, 1), help="Count suggestions scoring at least this.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Also write the table as CSV.")
@click.option("--engine", "engine_kind", type=click.Choice(["keywords", "learned", "both"]), default=None,
              help="Which engine to evaluate (default: both, as suggest; keywords with --learn). learned and "
                   "both train on each split's training documents and report recall@3.")
@click.option("--learning-curve", is_flag=True, help="Also print micro-F1 and recall@3 with 1/3, 1/2 and 2/3 "
              "of the documents coded (learned/both).")
@_embeddings_option
@pass_cli
def eval_suggestions(ctx: CliContext, reference, reference_coder, folds, train_fraction, learn, min_score,
                     out, engine_kind, learning_curve, embeddings) -> None:
    """Precision, recall, F1 and Cohen's kappa of suggestions against a human coder, per code.

    With --engine learned or both: a by-document split (--train-fraction, repeated --folds times,
    or cross-validation folds), recall@3 and, with --learning-curve, 1/3, 1/2 and 2/3 coded.
    """
    from qualcode.core.errors import QualcodeError
    from qualcode.app.suggesting.evaluate import evaluate_suggestions, write_eval_csv

    engine_kind = engine_kind or ("keywords" if learn else "both")
    if learn and engine_kind != "keywords":
        raise QualcodeError("--learn learns keywords; use it with --engine keywords (the learned engine "
                            "learns from the codings itself)")
    if embeddings is not None and engine_kind == "keywords":   # a flag that would change nothing is said
        raise QualcodeError("--embeddings/--no-embeddings choose the learned model's features; --engine keywords "
                            "trains none (use --engine learned or both)")
    project = ctx.project()
    coder = reference_coder or ctx.coder
    report = evaluate_suggestions(project, reference=reference, coder=coder, folds=folds,
                                  train_fraction=train_fraction, learn=learn, min_score=min_score,
                                  engine=engine_kind, embeddings=embeddings)
    tr = ctx.words()
    for warning in report.warnings:
        click.echo(warning_line(tr, warning), err=True)
    _print_eval(tr, report, str(reference) if reference else None, coder or project.coder)
    if learning_curve and report.recall_at_k is not None:
        click.echo(tr("eval.curve"))
        for share, label in ((1 / 3, "1/3"), (1 / 2, "1/2"), (2 / 3, "2/3")):
            point = evaluate_suggestions(project, reference=reference, coder=coder, folds=folds,
                                         train_fraction=share, min_score=min_score, engine=engine_kind,
                                         embeddings=embeddings)
            f1s = point.repeats_micro_f1
            # With few documents two shares can round to the same number: say how many were coded.
            coded = tr("eval.curve_coded", coded=point.documents_coded[0], documents=point.documents_coded[1]) \
                if point.documents_coded else ""
            click.echo(tr("eval.curve_point", label=label, coded=coded, f1=f"{sum(f1s) / len(f1s):.2f}",
                          k=point.k, recall=f"{point.recall_at_k:.2f}"))
    if out is not None:
        click.echo(tr("export.wrote", path=write_eval_csv(report, out), shape=""))


def _print_eval(tr, report, reference: str | None, coder: str) -> None:  # type: ignore[no-untyped-def]
    """The evaluation's table and summary lines, in the interface language."""
    result = report.result
    rows = [(c.code_id, str(c.support), str(c.tp), str(c.fp), str(c.fn), f"{c.precision:.2f}", f"{c.recall:.2f}",
             f"{c.f1:.2f}", f"{c.kappa:.2f}") for c in result.per_code if c.support or c.fp]
    m = result.micro
    rows.append((tr("eval.row.micro"), str(m.support), str(m.tp), str(m.fp), str(m.fn), f"{m.precision:.2f}",
                 f"{m.recall:.2f}", f"{m.f1:.2f}", f"{result.kappa:.2f}"))
    rows.append((tr("eval.row.macro"), "", "", "", "", f"{result.macro_precision:.2f}",
                 f"{result.macro_recall:.2f}", f"{result.macro_f1:.2f}", ""))
    click.echo(tr("eval.header", min_score=f"{report.min_score:g}", segments=result.segments,
                  reference=reference or tr("eval.by_coder", coder=coder)))
    if report.accepted_turns_left_out:
        click.echo(tr("eval.left_out_accepted", turns=report.accepted_turns_left_out,
                      codings=report.accepted_codings_left_out, coder=coder))
    echo_table(rows, (tr("eval.col.code"), tr("eval.col.support"), "tp", "fp", "fn", tr("eval.col.precision"),
                      tr("eval.col.recall"), "f1", "kappa"))
    if len(result.fold_micro_f1) > 1:
        click.echo(tr("eval.folds", values=", ".join(f"{f:.2f}" for f in result.fold_micro_f1)))
    for code_id, words in report.learned.items():
        click.echo(tr("eval.learned_for", code=code_id, words=", ".join(words)))
    if report.recall_at_k is not None:
        repeats = report.repeats_micro_f1
        if len(repeats) > 1:
            click.echo(tr("eval.repeats", count=len(repeats), mean=f"{sum(repeats) / len(repeats):.2f}",
                          values=", ".join(f"{f:.2f}" for f in repeats)))
        click.echo(tr("eval.recall", engine=report.engine, k=report.k, recall=f"{report.recall_at_k:.2f}"))


eval_group.add_command(eval_suggestions)


@click.command("next")
@click.option("--limit", "-n", type=click.IntRange(1), default=10, show_default=True)
@_train_coder_option
@_embeddings_option
@pass_cli
def next_(ctx: CliContext, limit: int, train_coders: tuple[str, ...], embeddings: bool | None) -> None:
    """Uncoded participant turns to code next: those the learned model is least sure about first."""
    from qualcode.app.suggesting.next_turns import next_turns

    result = next_turns(ctx.project(), limit=limit, train_coders=_split(train_coders), embeddings=embeddings)
    tr = ctx.words()
    for message in result.not_learned:   # such a code takes no part in the order: say so, as suggest does
        click.echo(warning_line(tr, message), err=True)
    others = result.coded_by_others > 0   # a column naming them only when some turn has them
    columns = ("document", "seg", "code", "score", "threshold") + (("coded_by",) if others else ())
    headers = tuple(tr(f"next.col.{column}") for column in columns)
    cells = [(t.document, str(t.ordinal), t.code, f"{t.score:.2f}", f"{t.threshold:.2f}")
             + ((", ".join(t.coded_by),) if others else ()) for t in result.turns]
    if cells:
        # The text is cut to the terminal cells the other columns leave it, counted as the terminal does:
        # a Chinese character takes two, so cutting at 40 characters made Chinese rows twice as wide.
        from qualcode.tui.layout import clip_cells

        room = text_column_cells([headers, *cells])
        table = [row[:5] + (clip_cells(" ".join(t.text.split()), room),) + row[5:]
                 for row, t in zip(cells, result.turns)]
        echo_table(table, headers[:5] + (tr("next.col.text"),) + headers[5:])
    shown, note = f"{len(result.turns)}", library_note(tr, result.note)
    if not result.coders:
        click.echo(tr("next.summary", shown=shown, total=result.total, note=note))
    else:
        click.echo(tr("next.summary_chosen", shown=shown, total=result.total, coders=", ".join(result.coders),
                      note=note))
    if result.looked_at < result.total:
        click.echo(tr("next.sampled", looked_at=result.looked_at))
    if not result.coders:
        return
    if others:   # listed although someone coded them: say why, never silently
        click.echo(tr("next.coded_by_others", count=result.coded_by_others))


def register(group: click.Group) -> None:
    group.add_command(suggest)
    group.add_command(next_)
    group.add_command(suggestions)
    group.add_command(keywords)
    existing = group.commands.get("eval")
    if isinstance(existing, click.Group):  # another area made an eval group first: join it
        existing.add_command(eval_suggestions)
    else:
        group.add_command(eval_group)


