"""The coding workbench (Textual). ``run()`` opens it; ``app.make_app()`` builds it for tests.

Importing this package loads no Textual: the CLI imports it only to run the app.
"""

from __future__ import annotations

from pathlib import Path


def run(project_dir: str | Path | None = None, coder: str | None = None, lang: str | None = None,
        blind: bool | None = None) -> None:
    """Open the project (found by walking up from the working directory) in the TUI; ``blind``: own codings only."""
    from qualcode.tui.app import run as run_app

    run_app(project_dir, coder=coder, lang=lang, blind=blind)
