"""Speed of `qualcode suggest` against a bare tokenizer pass over the same text (issue 14 figures).

Generates a Chinese corpus (2 million characters) and an English one (1 million), imports each into a
fresh project with the shipped codebooks, then runs, each in a fresh process (start-up, imports and
tokenizer loads counted on both sides, nothing warmed), alternately and ``--repeats`` times:

  bare zh : read the participant turns from the project's SQLite file, load jieba, cut every turn
  bare en : the same turns through spaCy blank("en") + the lookup lemmatizer (nlp.pipe)
  suggest : `qualcode suggest --jobs 1 --force --engine keywords`, and the same with --jobs 2

and prints each run and the medians of the ratios. The CPU of --jobs 2 counts every process of the run
(the bench adopts the fork server and its workers when the command exits, Linux only); its ratio uses
the wall time. ``--code DIR`` measures another checkout's code with this same bench (a before figure). Targets (issue 14): zh
jobs 1 <= 1.2 x bare CPU, en <= 1.5 x, jobs 2 <= 0.65 x the wall time of one job on an idle machine.
With --memory it also builds a 50 MB corpus and prints the peak memory of suggest --jobs 2 (< 1 GB).

    python bench/suggest_bench.py [--zh-chars 2000000] [--en-chars 1000000] [--repeats 3] [--only zh|en]
                                  [--code DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# Sentences that contain codebook keywords, and everyday talk that contains none. Real interviews are
# mostly the latter: on the shipped sample about a third of the participants' Chinese text sits in a
# clause with a keyword hit (about 40 hits per 1,000 characters); KEYWORD_SHARE reproduces that density.
ZH_KEYWORD = [
    "中考失利以后我很自卑，觉得自己不行", "我现在有了目标，想先考电工证", "老师一直鼓励我要有自信",
    "我不自信，也不知道以后干什么", "我家里人很支持我", "学习压力很大，数学听不懂", "我跟室友关系挺好的",
    "参加小组活动以后我敢说话了", "有时候很迷茫，走一步看一步", "我妈一个人挺辛苦的，家里没什么钱",
    "生气的时候我会出去走走，冷静下来", "以后想去工厂实习，攒点经验", "社工姐姐教我们写情绪日记",
]
ZH_NEUTRAL = [
    "今天上午上了两节实训课", "食堂的饭还可以，就是有点贵", "周末一般回家，坐公交一个小时", "嗯，对",
    "我们班有四十多个人", "下午有体育课", "晚自习一般写写东西或者看看书", "这个我没想过",
    "我们宿舍在三楼，窗户对着操场", "早上七点起床，七点半早读", "我们专业是学机电的", "那天下了很大的雨",
    "上周学校停了一天电", "我们镇上到县城要坐一个小时车", "就是那样吧，也说不上来", "平时中午会睡一会儿",
]
EN_KEYWORD = [
    "I failed the entrance exam and felt ashamed", "Now I have a goal and I am practising every day",
    "My teacher always encouraged me", "I was not confident at all", "My parents supported me",
    "The homework pressure is heavy and I cannot keep up with maths", "My roommates helped me a lot",
    "After the group sessions I started to speak up", "Sometimes I feel lost and I do not know what to do",
    "Money is tight at home", "When I get angry I take a deep breath and walk away",
]
EN_NEUTRAL = [
    "We had two classes this morning", "The canteen food is fine", "I usually go home at the weekend by bus",
    "Yes, that is right", "There are forty people in my class", "Our dorm is on the third floor",
    "I get up at seven and have breakfast", "It rained a lot that day", "The town is an hour away by bus",
    "I do not really know how to say it", "We study mechanical engineering",
]
KEYWORD_SHARE = 0.3


def generate(keyword: list[str], neutral: list[str], chars: int, per_document: int, language: str,
             seed: int) -> list[str]:
    """Interview transcripts (interviewer and participant turns) totalling at least ``chars`` characters."""
    rng = random.Random(seed)

    def sentence() -> str:
        return rng.choice(keyword if rng.random() < KEYWORD_SHARE else neutral)

    interviewer, participant = ("访谈者：", "受访者：") if language == "zh" else ("Interviewer: ", "P01: ")
    stop, joiner = ("。", "，") if language == "zh" else (". ", ", ")
    documents, total = [], 0
    while total < chars:
        lines = []
        size = 0
        while size < per_document:
            question = sentence() + ("？" if language == "zh" else "?")
            answer = joiner.join(sentence() for _ in range(rng.randint(2, 6))) + stop
            lines += [interviewer + question, participant + answer]
            size += len(question) + len(answer) + 12
        text = "\n".join(lines) + "\n"
        documents.append(text)
        total += len(text)
    return documents


def build_project(root: Path, documents: list[str], prefix: str):
    from qualcode.app.api import import_paths, sync_codes
    from qualcode.app.project import init_project

    project = init_project(root)
    sync_codes(project)
    folder = root / "transcripts"
    for index, text in enumerate(documents, start=1):
        (folder / f"{prefix}{index:04d}_pre.txt").write_text(text, encoding="utf-8")
    report = import_paths(project, [folder])
    if report.errors:
        raise SystemExit(f"import failed: {report.errors[0].error}")
    return project


CODE = REPO  # the checkout whose code the measured commands run (--code: another one, same bench)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _adopt_orphans() -> bool:
    """Become a subreaper (Linux): the fork server and its workers, orphaned when `suggest` exits, become
    this process's children, so their CPU time can be counted once they are waited for."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


ADOPTS_ORPHANS = False


def run_fresh(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``command`` in a fresh process (its start-up and loads included). The
    wall time ends when the command exits; the CPU time, as a subreaper, also counts every process it left
    (the fork server and its workers), once they have ended."""
    env = dict(os.environ, PYTHONPATH=str(CODE))
    start_wall, start_cpu = time.perf_counter(), _children_cpu()
    # Started in CODE's folder: `python -m qualcode` and `python -c` put the working folder first on the path.
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=CODE)
    wall = time.perf_counter() - start_wall
    while ADOPTS_ORPHANS:
        try:
            os.wait()
        except ChildProcessError:
            break
    return wall, _children_cpu() - start_cpu


# The baselines: a fresh Python reads the participant turns from the project's SQLite file (the text
# suggest reads), loads the bare tokenizer and runs it over every turn. Nothing is warmed on either side.
_TURNS = """
import sqlite3
conn = sqlite3.connect({db!r})
turns = [row[0] for row in conn.execute(
    "SELECT substr(d.text, s.start + 1, s.end - s.start) FROM segments s JOIN documents d ON d.id = s.document_id "
    "WHERE s.role = 'participant' AND d.is_current = 1 ORDER BY s.id")]
"""
BARE_ZH = _TURNS + """
from qualcode.nlp.tokenizers import cut_chinese   # jieba, its dictionary cache in the same folder suggest uses
for text in turns:
    cut_chinese(text)
"""
BARE_EN = _TURNS + """
import spacy
nlp = spacy.blank("en")
nlp.add_pipe("lemmatizer", config={{"mode": "lookup"}})
nlp.initialize()
for _ in nlp.pipe(turns, batch_size=64):
    pass
"""


def compare(label: str, documents: list[str], bare_script: str, prefix: str, work: Path, repeats: int) -> None:
    project = build_project(work / label, documents, prefix)
    db_path, root = str(project.db_path), str(project.root)
    chars = sum(len(d) for d in documents)
    turns = project.conn.execute("SELECT count(*), sum(end - start) FROM segments WHERE role = 'participant'").fetchone()
    project.close()
    bare = [sys.executable, "-c", bare_script.format(db=db_path)]

    def suggest(jobs: int) -> list[str]:
        # --engine keywords: the project has no human codings, so the default (both) would run the keyword
        # engine alone anyway, after looking for codings to learn from; this names the engine measured.
        return [sys.executable, "-m", "qualcode", "--project", root, "suggest", "--jobs", str(jobs), "--force",
                "--engine", "keywords"]

    rows = []
    for _ in range(repeats):  # alternately, so a change in the machine's load hits every side alike
        rows.append((run_fresh(bare), run_fresh(suggest(1)), run_fresh(suggest(2))))
    conn = sqlite3.connect(db_path)
    pending = conn.execute("SELECT count(*) FROM suggestions").fetchone()[0]
    conn.close()
    print(f"{label}: {len(documents)} documents, {chars:,} characters, {turns[0]:,} participant turns "
          f"({turns[1]:,} characters), {pending:,} suggestions; each side a fresh process, loads included; "
          "suggest runs --engine keywords (no human codings here, so the default would run it alone too)")
    for index, (b, one, two) in enumerate(rows, start=1):
        two_cpu = f" cpu {two[1]:6.2f} s (all processes)" if ADOPTS_ORPHANS else ""
        print(f"  run {index}: bare wall {b[0]:6.2f} s cpu {b[1]:6.2f} s | suggest -j1 wall {one[0]:6.2f} s "
              f"cpu {one[1]:6.2f} s | -j2 wall {two[0]:6.2f} s{two_cpu} | j1/bare cpu {one[1] / b[1]:4.2f}x "
              f"wall {one[0] / b[0]:4.2f}x | j2/j1 wall {two[0] / one[0]:4.2f}x")
    target = "1.2" if label == "zh" else "1.5"
    print(f"  median: suggest --jobs 1 / bare cpu {statistics.median(o[1] / b[1] for b, o, _ in rows):4.2f}x "
          f"(target <= {target}), wall {statistics.median(o[0] / b[0] for b, o, _ in rows):4.2f}x; "
          f"--jobs 2 / --jobs 1 wall {statistics.median(t[0] / o[0] for _, o, t in rows):4.2f}x (target <= 0.65, "
          "idle machine)")


_SUGGEST_IN_A_FRESH_PROCESS = """
import sys, time
sys.path.insert(0, {repo!r})
from qualcode.app.project import open_project
from qualcode.app.suggesting.batch import run_suggest
with open_project({root!r}) as project:
    start = time.perf_counter()
    run_suggest(project, jobs=2, force=True)
    print(time.perf_counter() - start)
"""


def _tree_memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in kB of a process and its descendants; PSS counts pages shared after fork only once."""
    pss = rss = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue  # the process ended meanwhile
    return pss, rss


def peak_memory(work: Path, megabytes: int) -> None:
    """Peak memory of `suggest --jobs 2` over a corpus of ``megabytes``, sampled in a fresh process tree."""
    import subprocess

    chars = megabytes * 1_000_000 // 3  # UTF-8 Chinese: three bytes a character
    documents = generate(ZH_KEYWORD, ZH_NEUTRAL, chars, 100_000, "zh", seed=3)
    project = build_project(work / "memory", documents, "M")
    project.close()
    size = sum(len(d.encode("utf-8")) for d in documents) / 1e6
    script = _SUGGEST_IN_A_FRESH_PROCESS.format(repo=str(REPO), root=str(work / "memory"))
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    peak_pss = peak_rss = 0
    while child.poll() is None:
        pss, rss = _tree_memory(child.pid)
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        time.sleep(0.2)
    elapsed = float(child.stdout.read().strip() or "nan")
    print(f"memory: {size:.1f} MB corpus ({len(documents)} documents), suggest --jobs 2 in {elapsed:.1f} s")
    print(f"  peak of the process tree: {peak_pss / 1024:.0f} MB proportional (PSS), "
          f"{peak_rss / 1024:.0f} MB resident counting shared pages twice (target < 1024 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zh-chars", type=int, default=2_000_000)
    parser.add_argument("--en-chars", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", choices=("zh", "en"))
    parser.add_argument("--memory", action="store_true", help="also measure peak memory on a 50 MB corpus")
    parser.add_argument("--memory-mb", type=int, default=50)
    parser.add_argument("--code", type=Path, default=REPO,
                        help="run the commands and bare passes with this checkout's qualcode (e.g. main, for a "
                             "before figure from the same bench)")
    args = parser.parse_args()
    global CODE, ADOPTS_ORPHANS
    CODE = args.code.resolve()
    ADOPTS_ORPHANS = _adopt_orphans()
    work = Path(tempfile.mkdtemp(prefix="qualcode-suggest-bench-"))
    # Wall-clock ratios need an otherwise idle machine; CPU ratios hold better under load.
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; code measured: {CODE}")
    try:
        if args.only in (None, "zh"):
            compare("zh", generate(ZH_KEYWORD, ZH_NEUTRAL, args.zh_chars, 20_000, "zh", seed=1), BARE_ZH, "S",
                    work, args.repeats)
        if args.only in (None, "en"):
            compare("en", generate(EN_KEYWORD, EN_NEUTRAL, args.en_chars, 20_000, "en", seed=2), BARE_EN, "E",
                    work, args.repeats)
        if args.memory:
            peak_memory(work, args.memory_mb)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
