"""Kills at exact write moments, phase by phase, with doctor after each and a resume (issue 18, figures).

For each phase a small project is prepared once (the template) and the command is run once uninterrupted
from a copy of it with ``QUALCODE_FAULT_LOG`` set: that reference run gives the state every resumed run must
reach, and the list of write points it passes (each transaction's ``begin``/``commit``, each staged file).
Then, per kill, a fresh copy of the template runs the command with ``QUALCODE_KILL_AT=POINT:N`` -- SIGKILL at
the N-th time POINT is reached, as ``strace -e inject`` would at a system call -- chosen at random among the
reference's points, so every kill is counted by what was being written:

* ``inside a transaction`` (``begin``/``commit``: rows written, not committed),
* ``file staged`` (a codebook, export, backup or rewritten transcript written under its temporary name),
* ``after a commit`` (between two transactions; not counted as mid-way).

After the kill: ``PRAGMA integrity_check`` and ``foreign_key_check``, then ``qualcode doctor`` (its exit code),
then the same command again (the resume), whose exit code must be 0, and the project's rows compared with the
reference: rows missing are lost, rows extra or repeated are duplicated.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
# jobs 2 only starts workers above 400,000 characters; the bench lowers that in the killed process itself
SUGGEST_TWO_WORKERS = ("import sys, qualcode.app.suggesting.batch as b; b.CHARACTERS_PER_WORKER = 2000; "
                       "from qualcode.cli import main; main(sys.argv[1:])")
MID_WAY = {"begin": "inside a transaction", "commit": "inside a transaction",
           "codebook-part-written": "file staged", "export-part-written": "file staged",
           "backup-part-written": "file staged", "pseudonymize-file-rewritten": "file staged",
           "pseudonymize-original-kept": "file staged"}
NAMES = "name,kind\n王芳,person\n深圳,place\n"


# --------------------------------------------------------------------------- templates
def _init(root: Path, *, files: int = 6, per_file: int = 2500) -> None:
    from qualcode.app.project import init_project

    init_project(root).close()
    paths = write_corpus(root / "transcripts", language="zh", total_characters=files * per_file, per_file=per_file)
    with paths[0].open("a", encoding="utf-8") as handle:  # names for pseudonymize to replace
        handle.write("受访者：我的同桌王芳以后想去深圳。\n")
    config = root / "qualcode.toml"  # a commit per document: many points to kill at
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[suggest]\n", "[suggest]\ncommit_documents = 1\n", 1), encoding="utf-8")


def _cli(root: Path, *args: str, env: dict | None = None, code: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", code, "--project", str(root), *args] if code else \
        [sys.executable, "-m", "qualcode", "--project", str(root), *args]
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=full_env, timeout=900)


def _qdpx(path: Path) -> Path:
    from tests.refiqda_support import G, codebook_xml, make_qdpx, qde

    codes = codebook_xml("".join(f'<Code guid="{G(100 + n)}" name="外来编码{n}"/>' for n in range(4)))
    sources = "".join(
        f'<TextSource guid="{G(1 + s)}" name="Q{s:02d}_pre.txt"><PlainTextContent>访谈者：你好。\n受访者：'
        f'我妈妈一直鼓励我考电工证，老师也帮我。</PlainTextContent>'
        + "".join(f'<PlainTextSelection guid="{G(200 + 10 * s + n)}" startPosition="11" endPosition="30">'
                  f'<Coding guid="{G(400 + 10 * s + n)}"><CodeRef targetGUID="{G(100 + n)}"/></Coding>'
                  f'</PlainTextSelection>' for n in range(4))
        + "</TextSource>" for s in range(5))
    notes = f'<Notes><Note guid="{G(900)}" name="n"><PlainTextContent>王芳说的</PlainTextContent></Note></Notes>'
    return make_qdpx(path, qde(codes + f"<Sources>{sources}</Sources>" + notes))


def _sheet(root: Path) -> Path:
    conn = sqlite3.connect(root / ".qualcode" / "project.db")
    rows = conn.execute("SELECT d.name, s.ordinal FROM segments s JOIN documents d ON d.id = s.document_id "
                        "WHERE s.role = 'participant' ORDER BY d.name, s.ordinal LIMIT 40").fetchall()
    conn.close()
    sheet = root / "codings.csv"
    codes = ["PF_GOAL", "新的编码甲", "PF_FAMILY", "新的编码乙"]
    sheet.write_text("document,segment,code,coder\n" + "".join(
        f"{name},{ordinal},{codes[n % 4]},A\n" for n, (name, ordinal) in enumerate(rows)), encoding="utf-8")
    return sheet


def _older_schema(root: Path) -> None:
    conn = sqlite3.connect(root / ".qualcode" / "project.db")
    conn.executescript("""
        DROP TABLE IF EXISTS pending_codebooks; DROP INDEX IF EXISTS documents_current_path;
        DROP INDEX IF EXISTS segments_document_role; DROP INDEX IF EXISTS suggestions_status_segment;
        DROP INDEX IF EXISTS codings_document_segment; DROP INDEX IF EXISTS segments_document_role_span;
        DELETE FROM schema_migrations WHERE name IN ('m0014_status_indexes', 'm0060_pending_codebooks',
                                                      'm0061_document_path_identity',
                                                      'm0085_segments_covering_index');""")
    conn.close()


def templates(tmp: Path) -> dict[str, tuple[Path, list[str], str | None]]:
    """phase -> (template folder, command, code to run instead of `python -m qualcode`)."""
    fresh = tmp / "t-fresh"
    _init(fresh)
    # as after any first command: the shipped codes are in the database (a never-synced project is
    # reported by doctor as "codes not yet in the database", harmless, and would count against a kill)
    assert _cli(fresh, "status").returncode == 0
    imported = tmp / "t-imported"
    shutil.copytree(fresh, imported)
    assert _cli(imported, "import", "transcripts").returncode == 0
    suggested = tmp / "t-suggested"
    shutil.copytree(imported, suggested)
    assert _cli(suggested, "suggest", "--jobs", "1", "--engine", "keywords").returncode == 0
    assert _cli(suggested, "--coder", "A", "memo", "project", "project", "王芳在深圳打工").returncode == 0
    (suggested / "names.csv").write_text(NAMES, encoding="utf-8")
    _sheet(suggested)
    _qdpx(fresh / "other.qdpx")
    older = tmp / "t-older"
    shutil.copytree(suggested, older)
    _older_schema(older)
    return {
        "import": (fresh, ["import", "transcripts"], None),
        "suggest --jobs 1": (imported, ["suggest", "--jobs", "1", "--engine", "keywords"], None),
        "suggest --jobs 2": (imported, ["suggest", "--jobs", "2", "--engine", "keywords"], SUGGEST_TWO_WORKERS),
        "import-codings": (suggested, ["import-codings", "codings.csv"], None),
        "export": (suggested, ["export", "matrix", "--force"], None),
        "backup": (suggested, ["backup", "--out", "copy.db"], None),
        "migrations": (older, ["status"], None),
        "import .qdpx": (fresh, ["import", "other.qdpx"], None),
        "pseudonymize": (suggested, ["pseudonymize", "--names", "names.csv"], None),
    }


# --------------------------------------------------------------------------- state
def contents(root: Path) -> Counter:
    """Every row that matters, by content (ids and times differ between runs), with repeats counted."""
    conn = sqlite3.connect(root / ".qualcode" / "project.db")
    queries = [
        "SELECT 'document', name, sha256, version, is_current, text FROM documents",
        "SELECT 'segment', d.name, d.version, s.ordinal, s.start, s.end, s.role FROM segments s "
        "JOIN documents d ON d.id = s.document_id",
        "SELECT 'suggestion', d.name, s.ordinal, g.code_id, g.status FROM suggestions g JOIN segments s "
        "ON s.id = g.segment_id JOIN documents d ON d.id = s.document_id",
        "SELECT 'coding', d.name, d.version, c.start, c.end, c.code_id, c.coder FROM codings c "
        "JOIN documents d ON d.id = c.document_id",
        "SELECT 'code', id, codebook, label_zh, active FROM codes",
        "SELECT 'memo', target_type, text, author FROM memos",
        "SELECT 'case', id, attributes FROM cases",
    ]
    rows = Counter(tuple(row) for sql in queries for row in conn.execute(sql))
    conn.close()
    for book in sorted((root / "codebooks").glob("*.yaml")):
        rows[("codebook file", book.name)] += 1
    for export in sorted((root / "exports").glob("*.csv")):
        rows[("export", export.name, export.read_bytes())] += 1
    return rows


def integrity(root: Path) -> bool:
    conn = sqlite3.connect(root / ".qualcode" / "project.db")
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return ok and not conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()


def _extra_checks(phase: str, root: Path, template: Path) -> list[str]:
    """What a phase leaves besides rows: a usable backup, an intact original, no unfinished files."""
    problems = []
    if phase == "backup":
        if not (root / "copy.db").exists() or not integrity_of(root / "copy.db"):
            problems.append("backup unusable")
    if phase == "pseudonymize":  # each kept original must be the template's file, byte for byte
        originals = root / ".qualcode" / "originals"
        kept = [p for p in originals.rglob("*.txt")]
        if not kept or any(p.read_bytes() != (template / p.relative_to(originals)).read_bytes() for p in kept):
            problems.append("original lost")
    leftovers = [p for folder in ("codebooks", "exports") for p in (root / folder).glob(".*.part")]
    if leftovers:
        problems.append(f"{len(leftovers)} .part file(s) left")
    return problems


def integrity_of(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


# --------------------------------------------------------------------------- the run
def run_phases(kills: int, seed: int, only: list[str] | None = None) -> dict[str, dict[str, int]]:
    rng = random.Random(seed)
    results: dict[str, Counter] = defaultdict(Counter)
    with tempfile.TemporaryDirectory() as tmp:
        phases = templates(Path(tmp))
        chosen = [p for p in phases if not only or p in only]
        plan = {}
        for phase in chosen:
            template, command, code = phases[phase]
            root = Path(tmp) / f"ref-{len(plan)}"
            shutil.copytree(template, root)
            log = Path(tmp) / f"ref-{len(plan)}.log"
            done = _cli(root, *command, env={"QUALCODE_FAULT_LOG": str(log)}, code=code)
            if done.returncode != 0:
                raise SystemExit(f"{phase}: the reference run failed: {done.stderr[-1500:]}")
            points = log.read_text(encoding="utf-8").split() if log.exists() else []
            occurrences, numbered = Counter(), []
            for point in points:
                occurrences[point] += 1
                if point in MID_WAY or point == "committed":
                    numbered.append((point, occurrences[point]))
            plan[phase] = (contents(root), numbered)
        for n in range(kills):
            phase = chosen[n % len(chosen)]
            template, command, code = phases[phase]
            reference, numbered = plan[phase]
            point, nth = rng.choice(numbered)
            _one_kill(Path(tmp) / f"k{n}", template, command, code, point, nth, reference, results[phase], phase)
            print(f"{n + 1}/{kills} {phase}: {point}:{nth}", file=sys.stderr, flush=True)
    return {phase: dict(counts) for phase, counts in results.items()}


def _one_kill(root: Path, template: Path, command: list[str], code: str | None, point: str, nth: int,
              reference: Counter, totals: Counter, phase: str) -> None:
    shutil.copytree(template, root)
    killed = _cli(root, *command, env={"QUALCODE_KILL_AT": f"{point}:{nth}"}, code=code)
    if killed.returncode != -signal.SIGKILL:
        totals["not killed (finished first)"] += 1
        return
    totals["kills"] += 1
    totals[MID_WAY.get(point, "after a commit")] += 1
    totals["integrity failures"] += not integrity(root)
    doctor = _cli(root, "doctor")
    totals["doctor not clean"] += doctor.returncode != 0
    resumed = _cli(root, *command, code=code)
    totals["failed resumes"] += resumed.returncode != 0
    got = contents(root)
    totals["lost rows"] += sum((reference - got).values())
    totals["duplicated rows"] += sum((got - reference).values())
    for problem in _extra_checks(phase, root, template):
        totals[problem] += 1
    shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=216)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--phase", action="append", help="Only these phases (repeatable).")
    args = parser.parse_args()
    started = time.monotonic()
    results = run_phases(args.kills, args.seed, args.phase)
    total = Counter()
    for phase, counts in results.items():
        total.update(counts)
        print(f"{phase}: {counts}")
    print(f"all phases: {dict(total)}")
    print(f"{time.monotonic() - started:.0f} s; load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
