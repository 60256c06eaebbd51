"""Throughput of transcript decoding + parsing on a generated ~20 MB corpus.

Prints characters per second and peak memory for each encoding, next to a
baseline measured in the same run (bytes.decode + splitting lines, the least
any reader must do), so the figures compare across machines.

    PYTHONPATH=. python bench/transcript_parse_bench.py [--mb 20]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import tracemalloc
from pathlib import Path

from qualcode.core.transcript import TranscriptSettings
from qualcode.io.readers import read_transcript

SENTENCES = [
    "我觉得这学期过得还可以，老师对我们很好。",
    "中考没考好的时候，我一直觉得自己不如别人。",
    "后来社工带我们做小组活动，我慢慢敢说话了。",
    "我想先把电工证考下来，然后去工厂实习。",
    "My mum calls me every night and asks how I am doing.",
    "有时候压力很大，作业多，还要打工，感觉很累😮‍💨。",
]


def generate(target_chars: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    lines = ["---", "participant: S01", "wave: pre", "---", ""]
    size = 0
    turn = 0
    while size < target_chars:
        stamp = f"[{turn // 3600:02d}:{turn // 60 % 60:02d}:{turn % 60:02d}] "
        speaker = "访谈者：" if turn % 2 == 0 else "受访者："
        body = "".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 6)))
        line = stamp + speaker + body
        if rng.random() < 0.2:
            line += "\n" + rng.choice(SENTENCES)  # a continuation line
        lines.append(line)
        lines.append("")
        size += len(line) + 2
        turn += 1
    return "\n".join(lines)


def measure(label: str, function, chars: int) -> tuple[float, object]:
    """Time one call, then measure its peak memory in a second, traced call.

    tracemalloc slows allocation-heavy code several times over, so the two are
    separate runs.
    """
    started = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<24} {elapsed:6.2f} s  {chars / elapsed / 1e6:6.2f} M chars/s  peak {peak / 2**20:6.1f} MiB")
    return elapsed, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="approximate corpus size in MB of UTF-8")
    args = parser.parse_args()
    text = generate(int(args.mb * 1024 * 1024 / 2.4))  # ~2.4 UTF-8 bytes per character here
    settings = TranscriptSettings(max_file_mb=args.mb * 4)
    with tempfile.TemporaryDirectory() as folder:
        for encoding in ("utf-8", "gb18030", "utf-16"):
            path = Path(folder) / f"S01_pre.{encoding}.txt"
            path.write_bytes(text.encode(encoding))
            size_mb = path.stat().st_size / 2**20
            print(f"-- {encoding}: {len(text):,} characters, {size_mb:.1f} MB on disk")
            base, _ = measure("baseline decode+split", lambda: path.read_bytes().decode(encoding).split("\n"), len(text))
            took, parsed = measure("read_transcript", lambda: read_transcript(path, settings=settings), len(text))
            print(f"{'':<24} {len(parsed.turns):,} turns, {took / base:.1f}x the baseline time")


if __name__ == "__main__":
    main()
