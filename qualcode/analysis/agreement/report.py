"""The agreement table for a methods section, as Markdown or CSV, with its rules stated."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from datetime import date
from pathlib import Path

import qualcode
from qualcode.analysis.agreement.compute import AgreementResult, CodeAgreement
from qualcode.analysis.agreement.source import ENGINE
from qualcode.core.errors import ExportError, Location

UNIT_WORDS = {
    "segment": "{role} (one unit per speaker turn)",
    "sentence": "sentences of {role} (split after 。！？!? and after a '.' followed by a space)",
    "character": "characters of {role} (every code point is a unit, the NVivo convention)",
}
ROLE_WORDS = {"participant": "participant turns", "all": "all turns (interviewer turns included)"}

CSV_COLUMNS = ["code", "label", "n_units", "coder_a", "coder_b", "a_count", "b_count", "both", "only_a", "only_b",
               "neither", "agreement", "cohen_kappa", "krippendorff_alpha", "bp_kappa", "passage_splits", "note",
               "unit", "role", "overlap", "documents"]


def describe_unit(result: AgreementResult) -> str:
    o = result.options
    return UNIT_WORDS[o.unit].format(role=ROLE_WORDS[o.role])


def rules(result: AgreementResult) -> list[str]:
    """The header lines: what every figure was computed on."""
    o = result.options
    a, b = o.coders
    names = ", ".join(d.name for d in result.documents) or "none"
    lines = [
        f"Coder A: {a}; coder B: {b}. Columns A and B: units each coder marked with the code.",
        f"Documents: {len(result.documents)} ({names}).",
        f"Unit: {describe_unit(result)}; {result.units_total} units, of which {result.units_missing} were left "
        "out because a coder did no work in their document (missing, not absent).",
    ]
    if o.unit == "character":
        lines.append("A coder's value for a character is 1 when one of their codings of the code covers it.")
    else:
        lines.append(f"A coder marks a unit with a code when one of their codings of it overlaps the unit. "
                     f"Two coders' marks agree when their coded passages inside the unit overlap by at least "
                     f"{o.overlap:.0%} of their union (|A∩B| / |A∪B| ≥ {o.overlap:g}); otherwise the unit "
                     f"counts once for each coder's passage (column 'Split').")
    if ENGINE in o.coders and result.engine_description:
        lines.append(result.engine_description)
    lines += [
        "Agreement is the observed share p_o; Cohen's κ (Cohen 1960) = (p_o − p_e)/(1 − p_e); "
        "Krippendorff's α, nominal, from the coincidence matrix (Krippendorff 2011); "
        "Brennan–Prediger κ = (p_o − 1/2)/(1 − 1/2) (Brennan & Prediger 1981).",
        "Both / Only A / Only B / Neither are the 2×2 counts from which every figure can be recomputed; "
        "'All codes (pooled)' counts every unit × code pair as one unit.",
        f"Computed by qualcode {qualcode.__version__} on {date.today().isoformat()}.",
    ]
    return lines


def _percent(statistic) -> str:
    return f"{statistic.value:.1%}" if statistic.defined else "undefined"


def _cells(row: CodeAgreement, notes: list[str]) -> list[str]:
    c = row.counts
    figures = []
    for name, statistic in (("κ", row.kappa), ("α", row.alpha), ("BP κ", row.bp_kappa)):
        if statistic.defined:
            figures.append(statistic.format())
        else:
            notes.append(f"{row.code_id}: {name} undefined — {statistic.reason}.")
            figures.append(f"undefined [{len(notes)}]")
    return [str(c.n), str(c.a_present), str(c.b_present), str(c.both), str(c.only_a), str(c.only_b),
            str(c.neither), _percent(row.observed), *figures, str(row.passage_splits)]


def mean_line(result: AgreementResult) -> str:
    """Unweighted means of the per-code figures, each over the codes where it is defined."""
    parts = []
    for name, pick, as_percent in (("agreement", lambda r: r.observed, True), ("Cohen's κ", lambda r: r.kappa, False),
                                   ("Krippendorff's α", lambda r: r.alpha, False),
                                   ("BP κ", lambda r: r.bp_kappa, False)):
        values = [pick(r).value for r in result.rows if pick(r).defined]
        if values:
            mean = sum(values) / len(values)
            parts.append(f"{name} {mean:.1%}" if as_percent else f"{name} {mean:.3f}")
            parts[-1] += f" ({len(values)} codes)"
    return "Mean over codes (unweighted, each over the codes where it is defined): " + "; ".join(parts) + "."


def to_markdown(result: AgreementResult) -> str:
    a, b = result.options.coders
    out = [f"# Intercoder agreement: {a} and {b}", ""]
    out += [f"- {line}" for line in rules(result)]
    out.append("")
    header = ["Code", "Label", "n units", "A", "B", "Both", "Only A", "Only B", "Neither",
              "Agreement", "Cohen's κ", "Krippendorff's α", "BP κ", "Split"]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "|".join(["---", "---"] + ["---:"] * (len(header) - 2)) + "|")
    notes: list[str] = []
    rows = list(result.rows) + ([result.overall] if result.overall else [])
    for row in rows:
        name = "**All codes (pooled)**" if row is result.overall else row.code_id
        label = "" if row is result.overall else row.label.replace("|", "\\|")
        out.append("| " + " | ".join([name, label, *_cells(row, notes)]) + " |")
    if not result.rows:
        out.append("")
        out.append("No code was used by either coder on these units.")
    else:
        out += ["", mean_line(result)]
    if notes:
        out += ["", "Notes:", ""] + [f"{i}. {note}" for i, note in enumerate(notes, start=1)]
    if result.unused_codes:
        out += ["", "Codes no coder used on these units (not in the table, no figure computed): "
                + ", ".join(f"{c.id} ({c.label()})" for c in result.unused_codes) + "."]
    return "\n".join(out) + "\n"


def to_csv(result: AgreementResult) -> str:
    o = result.options
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    shared = [describe_unit(result), o.role, o.overlap if o.unit != "character" else "",
              ";".join(d.name for d in result.documents)]
    rows = list(result.rows) + ([result.overall] if result.overall else [])
    for row in rows:
        c = row.counts
        stats = [row.observed, row.kappa, row.alpha, row.bp_kappa]
        note = "; ".join(f"{name} undefined: {s.reason}" for name, s in
                         zip(("agreement", "kappa", "alpha", "bp_kappa"), stats) if not s.defined)
        writer.writerow([row.code_id, row.label, c.n, *o.coders, c.a_present, c.b_present, c.both, c.only_a,
                         c.only_b, c.neither, *(f"{s.value:.6f}" if s.defined else "" for s in stats),
                         row.passage_splits, note, *shared])
    for code in result.unused_codes:
        writer.writerow([code.id, code.label(), 0, *o.coders, 0, 0, "", "", "", "", "", "", "", "", "",
                         "no coder used this code on the compared units", *shared])
    return buffer.getvalue()


def write_report(result: AgreementResult, path: Path, *, force: bool = False, excel: bool = False) -> Path:
    """Write ``.md`` or ``.csv`` (UTF-8; a CSV with a byte-order mark for Excel when ``excel``) atomically.

    An existing file needs ``force``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        text = to_markdown(result)
    elif suffix == ".csv":
        text = to_csv(result)
    else:
        raise ExportError("write the agreement table to a .md or .csv file", Location(path=path))
    if path.exists() and not force:
        raise ExportError("exists; add --force to replace it", Location(path=path))
    if not path.parent.is_dir():
        raise ExportError("the folder does not exist", Location(path=path.parent))
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        encoding = "utf-8-sig" if excel and suffix == ".csv" else "utf-8"
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise ExportError(f"cannot write: {exc.strerror}", Location(path=path)) from exc
    return path
