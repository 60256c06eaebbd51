"""The export use cases live in modules by purpose; a command loads only its own (qualcode/app/exporting/)."""

from __future__ import annotations

import subprocess
import sys

from _exports_fixture import build_small_project

# For each command: use cases that must not be loaded to run it (each was in one 482-line exports.py).
OTHERS = {
    ("export", "matrix"): ("export_prepost", "join_with_scores", "compute_scores", "export_quotes",
                           "write_demo_exports"),
    ("export", "quotes"): ("export_prepost", "join_with_scores", "export_matrix", "write_demo_exports"),
    ("export", "prepost"): ("join_with_scores", "compute_scores", "export_quotes", "write_demo_exports"),
}


def test_each_export_command_loads_only_its_own_use_cases(tmp_path):
    built = build_small_project(tmp_path / "small")
    built.conn.close()
    (built.root / "qualcode.toml").write_text('[project]\nname = "small"\ncoder = "A"\n', encoding="utf-8")
    for command, unwanted in OTHERS.items():
        script = (
            "import sys\n"
            "from qualcode.cli import cli\n"
            "from qualcode.cli.context import run_guarded\n"
            f"code = run_guarded(cli, ['--project', {str(built.root)!r}, *{command!r}, '--out', "
            f"{str(tmp_path / ('out-' + command[1] + ('.md' if command[1] == 'quotes' else '.csv')))!r}], debug=False)\n"
            "found = sorted(name for key, module in list(sys.modules.items()) if key.startswith('qualcode.app.') "
            f"for name in {unwanted!r} if hasattr(module, name))\n"
            "print(code, ' '.join(found))\n"
        )
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        code, *found = done.stdout.splitlines()[-1].split()
        assert code in ("0", "2"), done.stderr  # prepost on this small project may refuse its waves: it ran
        assert found == [], (command, found)
        if command[1] != "prepost":
            assert code == "0", done.stderr


def test_the_gathering_module_still_offers_every_use_case():
    from qualcode.app.exporting import exports

    for name in exports.__all__:
        assert callable(getattr(exports, name)) or isinstance(getattr(exports, name), tuple), name
