"""The domain never imports the UI or CLI frameworks (STYLE: dependencies point inward)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import qualcode

FORBIDDEN = ("textual", "click")
UI_PACKAGES = ("qualcode.tui", "qualcode.cli", "qualcode.__main__", "qualcode.demo")
# Imported only by the fork server, to load a tokenizer there: importing them loads spaCy, and spaCy's own
# CLI imports click. They import nothing of ours beyond the tokenizers (checked below).
TOKENIZER_PRELOADS = ("qualcode.app.suggesting.preload_chinese", "qualcode.app.suggesting.preload_english")


def domain_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(qualcode.__path__, prefix="qualcode."):
        if not info.name.startswith(UI_PACKAGES) and info.name not in TOKENIZER_PRELOADS:
            names.append(info.name)
    return names


def test_domain_modules_do_not_pull_in_textual_or_click():
    modules = domain_modules()
    assert "qualcode.app.api" in modules and "qualcode.storage.db" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"domain imports {result.stdout.strip()}"


def test_import_qualcode_is_light():
    script = "import sys, qualcode; print(','.join(m for m in ('textual','spacy','pandas','jieba') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_tokenizer_preloads_import_only_the_tokenizers():
    for name in TOKENIZER_PRELOADS:
        script = (f"import sys, {name}\n"
                  "print(','.join(m for m in sys.modules if m.startswith(('qualcode.cli', 'qualcode.tui', 'textual'))))")
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        assert result.stdout.strip() == "", f"{name} imports {result.stdout.strip()}"
