"""Quotes as a Word document for a large project, against python-docx used as its documentation shows.

    python bench/quotes_docx_bench.py [--quotes 14003] [--repeat 2]

Generates --quotes excerpts of interview length (the 1,200-interview project of QA round 30 had 14,003) under
29 codes in 5 themes, then times, alternately and best of --repeat:

* baseline: the same headings and paragraphs written with ``document.add_paragraph(text, style="Quote")``
  and an italic 9-point location run, saved to a file: what a script would do (and what qualcode did before);
* ``qualcode.io.quotes_docx.write_quotes_docx`` on the same excerpts.

Prints both times and the ratio (stop 30: 55 s for 14,003 excerpts in the round-30 project).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qualcode.analysis.quotes import CodeQuotes, Quote, ThemeQuotes  # noqa: E402
from qualcode.io.quotes_docx import write_quotes_docx  # noqa: E402

WORDS = "我觉得 现在 比以前 自信 多了 老师 也 经常 鼓励 我 让我 参加 技能 比赛 妈妈 打电话 压力 很大 不知道 以后".split()


def excerpts(count: int) -> list[ThemeQuotes]:
    chooser = random.Random(30)
    themes = [ThemeQuotes(f"T{t}", (f"主题{t}", f"Theme {t}")) for t in range(5)]
    codes = [CodeQuotes(f"C{c:02}", (f"编码{c}", f"Code {c}")) for c in range(29)]
    for index, code in enumerate(codes):
        themes[index % 5].codes.append(code)
    for n in range(count):
        text = "，".join("".join(chooser.choice(WORDS) for _ in range(6)) for _ in range(4)) + "。"
        codes[n % 29].quotes.append(Quote(f"S{n % 600:04}", "pre", f"S{n % 600:04}_pre", n % 90 + 1, text))
    return themes


def baseline(groups: list[ThemeQuotes], path: Path) -> None:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.add_heading("Quotes", level=0)
    for group in groups:
        document.add_heading(group.labels[0], level=1)
        for code in group.codes:
            document.add_heading(f"{code.labels[0]} — {len(code.quotes)}", level=2)
            for quote in code.quotes:
                document.add_paragraph(quote.text, style="Quote")
                run = document.add_paragraph().add_run(f"— {quote.document} #{quote.segment}")
                run.italic = True
                run.font.size = Pt(9)
    document.save(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=14003)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    groups = excerpts(args.quotes)
    best = {"baseline": float("inf"), "qualcode": float("inf")}
    with tempfile.TemporaryDirectory() as folder:
        for round_ in range(args.repeat):
            for name in ("baseline", "qualcode"):
                path = Path(folder) / f"{name}-{round_}.docx"
                start = time.process_time()
                if name == "baseline":
                    baseline(groups, path)
                else:
                    write_quotes_docx(groups, path, language="zh")
                best[name] = min(best[name], time.process_time() - start)
                print(f"round {round_ + 1} {name}: {time.process_time() - start:.1f} s CPU", flush=True)
    print(f"{args.quotes} excerpts: baseline {best['baseline']:.1f} s, qualcode {best['qualcode']:.1f} s CPU "
          f"(best of {args.repeat}); ratio {best['qualcode'] / best['baseline']:.2f}x")


if __name__ == "__main__":
    main()
