"""A realistic large Chinese project for the benchmarks: the sample project (its 8 interviews, coder A's
221 codings) plus generated interviews in the sample's style.

Each generated interview has the sample's front matter and ``turns`` question/answer pairs: questions drawn
from the sample's interviewer turns, answers of one to three sentences drawn from the sample's Chinese
participant turns (about 300 sentences), so nearly every answer is a different text (as in real
interviews; a corpus of a few repeated answers would flatter any cache keyed by text). Deterministic for a
seed; fictional throughout.
"""

from __future__ import annotations

import contextlib
import io
import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_SENTENCE = re.compile(r"[^。！？!?…]+[。！？!?…」”]*")


def sample_lines() -> tuple[list[str], list[str]]:
    """(interviewer questions, participant sentences) of the sample's Chinese transcripts."""
    questions, sentences = [], []
    for path in sorted((REPO / "transcripts").glob("S*")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:   # the sample has a GB18030 file, as Chinese Windows saves them
            text = raw.decode("gb18030")
        body = text.split("---", 2)[2] if text.startswith("---") else text
        for line in body.splitlines():
            label, _, text = line.partition("：")
            if not text:
                continue
            if label == "访谈者":
                questions.append(text.strip())
            else:
                sentences += [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    return questions, sentences


def write_interviews(folder: Path, count: int, *, turns: int = 83, seed: int = 31) -> list[Path]:
    rng = random.Random(seed)
    questions, sentences = sample_lines()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(1, count + 1):
        lines = [f"---\nparticipant: G{index:05d}\nwave: pre\nlanguage: zh\n---"]
        for _ in range(turns):
            lines.append("访谈者：" + rng.choice(questions))
            lines.append("受访者：" + "".join(rng.sample(sentences, rng.randint(1, 3))))
        path = folder / f"G{index:05d}_pre.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def build(root: Path, interviews: int, *, jobs: int = 2) -> Path:
    """The sample project (8 interviews) plus ``interviews - 8`` generated ones in ``root``: imported, coder A's codings
    loaded, suggest run once (which caches the learned model)."""
    from qualcode.cli import cli
    from qualcode.cli.context import run_guarded

    root.mkdir(parents=True, exist_ok=True)
    for name in ("codebooks", "codings"):
        shutil.copytree(REPO / name, root / name)
    shutil.copytree(REPO / "transcripts", root / "transcripts")
    shutil.copy(REPO / "qualcode.toml", root / "qualcode.toml")
    write_interviews(root / "transcripts" / "generated", interviews - 8)
    for step in (["import", str(root / "transcripts")], ["import-codings", str(root / "codings/researcher-A.csv")],
                 ["suggest", "--jobs", str(jobs)]):
        with contextlib.redirect_stdout(io.StringIO()) as said:   # one line per file: not the bench's output
            code = run_guarded(cli, ["--project", str(root), *step], debug=False)
        assert code == 0, (step, said.getvalue()[-2000:])
    return root


if __name__ == "__main__":
    import argparse
    import time

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--interviews", type=int, default=1200)
    args = parser.parse_args()
    start = time.perf_counter()
    build(args.root, args.interviews)
    print(f"built {args.root} in {time.perf_counter() - start:.1f} s")
