"""`make demo`: build the sample project in this repository and show it.

Runs the same commands a researcher would type (DESIGN §1), so the README's
walkthrough and the demo cannot drift apart. Opens the TUI at the end when a
terminal is attached.
"""

from __future__ import annotations

import contextlib
import shlex
import sys
from pathlib import Path

from qualcode.cli import cli
from qualcode.cli.context import run_guarded

STEPS: tuple[str, ...] = (
    "import transcripts/",
    "import-codings codings/researcher-A.csv",
    "suggest",
    "status",
    "export matrix --only-coder A --themes --excel --out exports/matrix.csv --force",
    "export matrix --only-coder A --themes --out exports/matrix.xlsx --force",
    "export matrix --only-coder A --themes --attributes gender,major,group --out exports/matrix.sav --force",
    "join --scores scores/rsca-sample.csv --scale rsca --id-column id --only-coder A --by wave --correlate "
    "--out exports/matrix-with-rsca.csv --force",
    "scores compute --scale rsca --in scores/rsca-sample.csv --id-column id --out exports/rsca.csv --force",
    "export prepost --only-coder A --scores exports/rsca.csv --out exports/prepost.csv --force",
    "export quotes --only-coder A --format md --out exports/quotes.md --force",
    "export quotes --only-coder A --format docx --out exports/quotes.docx --force",
    "import-codings codings/researcher-B.csv",
    "agreement --coders A B --out exports/agreement.md --force",
    "export transcript S01_pre --format docx --lang zh --out exports/transcripts/S01_pre.docx --force",
    "export transcript S01_pre --format html --out exports/transcripts/S01_pre.html --force",
)


def main(root: Path | None = None, *, open_tui: bool | None = None) -> int:
    root = Path(root or Path.cwd()).resolve()
    # The steps name their outputs relative to the project (exports/…), wherever the caller stands.
    with contextlib.chdir(root):
        for step in STEPS:
            args = shlex.split(step)
            print(f"\n$ qualcode {step}", flush=True)
            code = run_guarded(cli, ["--project", str(root), *args], debug=False)
            if code != 0:
                print(f"make demo: `qualcode {step}` failed (exit {code})", file=sys.stderr)
                return code
    if open_tui is None:
        open_tui = sys.stdin.isatty() and sys.stdout.isatty()
    if open_tui:
        return run_guarded(cli, ["--project", str(root), "tui"], debug=False)
    print("\nDone. Run `.venv/bin/qualcode` in a terminal to open the coding workbench.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
