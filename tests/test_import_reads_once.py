"""Import opens a transcript once (Word, OpenDocument and Excel files too): the hash it stores is the hash of
the text it parsed.

Counted with Python's audit hooks (every `open` of the file in a real import, in a fresh process).
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import docx
from odf.opendocument import OpenDocumentText
from odf.text import P

from tests.test_pdf_transcripts import PAGES, _pdf
from tests.test_transcript_readers import write_xlsx

REPO = Path(__file__).resolve().parents[1]

COUNT_OPENS = """
import os
import sys
from pathlib import Path
folder = Path(sys.argv[1]).resolve()
opens = {}
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, Path)):
        path = Path(os.path.abspath(args[0]))
        if path.parent == folder / "transcripts":
            opens[path.name] = opens.get(path.name, 0) + 1
sys.addaudithook(hook)
from qualcode.cli import cli
from qualcode.cli.context import run_guarded
code = run_guarded(cli, ["--project", str(folder), "import", "transcripts"], debug=False)
print(code, " ".join(f"{name}={count}" for name, count in sorted(opens.items())))
"""

INTERVIEW = "访谈者：你家里人支持你吗？\n受访者：我妈妈每周都打电话。\n"
CAPTIONS = ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v 访谈者>你家里人支持你吗？\n\n"
            "00:00:04.000 --> 00:00:06.000\n<v 受访者>我妈妈每周都打电话。\n")
RTF = r"{\rtf1\ansi\uc1 I: How is your family?\par R: My mother calls every week.\par}"


def test_each_transcript_is_read_once_and_its_stored_hash_is_of_what_was_parsed(run_cli, tmp_path):
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0
    folder = root / "transcripts"
    (folder / "S01_pre.txt").write_text(INTERVIEW, encoding="gb18030")
    (folder / "S02_pre.vtt").write_text(CAPTIONS, encoding="utf-8")
    (folder / "S03_pre.rtf").write_text(RTF, encoding="ascii")
    word = docx.Document()
    for line in INTERVIEW.splitlines():
        word.add_paragraph(line)
    word.save(folder / "S04_pre.docx")
    _pdf(folder / "S05_pre.pdf", PAGES)
    writer = OpenDocumentText()
    for line in INTERVIEW.splitlines():
        writer.text.addElement(P(text=line))
    writer.save(str(folder / "S06_pre.odt"))
    (folder / "S07_pre.csv").write_text("说话人,文本\n问,你好\n答,你好\n", encoding="utf-8")
    write_xlsx(folder / "S08_pre.xlsx", [["speaker", "text"], ["I", "hi"], ["R", "hello"]])
    done = subprocess.run([sys.executable, "-c", COUNT_OPENS, str(root)], capture_output=True, text=True,
                          cwd=root, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, timeout=120)
    code, *counts = done.stdout.splitlines()[-1].split()
    assert code == "0", done.stderr
    opened = dict(count.split("=") for count in counts)
    # text, captions, RTF and PDF: read once (they were read twice: to hash, then to parse)
    once = ("S01_pre.txt", "S02_pre.vtt", "S03_pre.rtf", "S05_pre.pdf", "S07_pre.csv")
    assert [opened[name] for name in once] == ["1"] * len(once), opened
    # Word, OpenDocument and Excel: once too; the size check reads the zip directory from the bytes read
    # (they were opened 3, 3 and 4 times: the check opened the file in the import, the reader and the sheet reader)
    assert (opened["S04_pre.docx"], opened["S06_pre.odt"], opened["S08_pre.xlsx"]) == ("1", "1", "1"), opened
    stored = dict(sqlite3.connect(root / ".qualcode" / "project.db").execute("SELECT name, sha256 FROM documents"))
    for name in ("S01_pre.txt", "S02_pre.vtt", "S03_pre.rtf", "S04_pre.docx", "S05_pre.pdf", "S06_pre.odt",
                 "S07_pre.csv", "S08_pre.xlsx"):
        assert stored[Path(name).stem] == hashlib.sha256((folder / name).read_bytes()).hexdigest(), name
    status = run_cli("status", cwd=root).out
    assert "8 documents" in status and "18 segments" in status, status  # the PDF has 4 turns
