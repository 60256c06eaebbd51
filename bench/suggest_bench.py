"""Speed and memory of `qualcode suggest` against a bare tokenizer pass (issue 3 targets).

Generates a Chinese corpus (≥ 2 million characters) and an English one (≥ 1
million), imports each into a fresh project with the shipped codebooks, then
times, in this process and on the same text:

  bare zh : jieba over every participant turn (the text suggest reads; dictionary loaded, warmed)
  bare en : spaCy blank("en") + lookup lemmatizer over every participant turn (built, warmed)
  suggest : run_suggest(jobs=1) (warmed in this process) and run_suggest(jobs=2) (workers start
            cold, loading their tokenizers: that load is inside its time)

and prints the ratios. Targets (issue 14): zh jobs=1 ≤ 1.2 × bare CPU, en ≤ 1.5 ×, and
jobs=2 ≤ 0.65 × the wall time of one job on an idle machine.
With --memory it also builds a 50 MB corpus and prints the peak resident memory
of suggest (this process and its workers; target < 1 GB).

    python bench/suggest_bench.py [--zh-chars 2000000] [--en-chars 1000000] [--memory]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
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


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(action) -> tuple[float, float]:
    """Wall-clock and CPU seconds (this process and finished workers) of ``action()``."""
    start_wall, start_cpu = time.perf_counter(), _cpu()
    action()
    return time.perf_counter() - start_wall, _cpu() - start_cpu


def seconds(action) -> float:
    return measure(action)[0]


def bare_chinese():
    """jieba.lcut over every text (its dictionary is loaded before timing starts)."""
    from qualcode.nlp.tokenizers import cut_chinese

    def run(texts: list[str]) -> None:
        for text in texts:
            cut_chinese(text)

    return run


def bare_english():
    """spaCy blank("en") + the lookup lemmatizer over every text (the pipeline is built before timing)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()

    def run(texts: list[str]) -> None:
        for _ in nlp.pipe(texts, batch_size=64):
            pass

    return run


def compare(label: str, documents: list[str], bare, prefix: str, work: Path) -> None:
    from qualcode.app.suggesting.batch import run_suggest

    project = build_project(work / label, documents, prefix)
    run_suggest(project, jobs=1, documents=[f"{prefix}0001_pre"])  # warm up: jieba/spaCy loaded, automata built
    chars = sum(len(d) for d in documents)
    # The same text suggest reads: participant turns only (interviewer turns are never suggested for).
    turns = [row[0] for row in project.conn.execute(
        """SELECT substr(d.text, s.start + 1, s.end - s.start) FROM segments s
           JOIN documents d ON d.id = s.document_id WHERE s.role = 'participant' ORDER BY s.id""")]
    bare_pass = bare()
    bare_pass(turns[:50])  # warm, as suggest was warmed above: both sides have their tokenizer loaded
    bare_wall, bare_cpu = measure(lambda: bare_pass(turns))
    one_wall, one_cpu = measure(lambda: run_suggest(project, jobs=1, force=True))
    two_wall, two_cpu = measure(lambda: run_suggest(project, jobs=2, force=True))
    pending = project.conn.execute("SELECT count(*) FROM suggestions").fetchone()[0]
    print(f"{label}: {len(documents)} documents, {chars:,} characters, {pending:,} suggestions "
          f"({1000 * pending / chars:.1f} per 1,000 characters)")
    print(f"  bare tokenizer pass over {len(turns):,} participant turns "
          f"({sum(map(len, turns)):,} characters)   wall {bare_wall:7.2f} s   cpu {bare_cpu:7.2f} s")
    print(f"  suggest --jobs 1      wall {one_wall:7.2f} s   cpu {one_cpu:7.2f} s   "
          f"ratio wall {one_wall / bare_wall:4.2f} x, cpu {one_cpu / bare_cpu:4.2f} x bare  "
          f"(target zh <= 1.2, en <= 1.5)")
    print(f"  suggest --jobs 2      wall {two_wall:7.2f} s   cpu {two_cpu:7.2f} s   "
          f"ratio wall {two_wall / one_wall:4.2f} x one job, workers started cold (target <= 0.65 idle)")
    project.close()


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
    parser.add_argument("--memory", action="store_true", help="also measure peak memory on a 50 MB corpus")
    parser.add_argument("--memory-mb", type=int, default=50)
    args = parser.parse_args()
    from qualcode.nlp.tokenizers import cut_chinese

    cut_chinese("预热")  # load jieba's dictionary before any timing
    work = Path(tempfile.mkdtemp(prefix="qualcode-suggest-bench-"))
    # Wall-clock ratios need an otherwise idle machine; CPU ratios hold under load as well.
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    try:
        compare("zh", generate(ZH_KEYWORD, ZH_NEUTRAL, args.zh_chars, 20_000, "zh", seed=1), bare_chinese, "S",
                work)
        compare("en", generate(EN_KEYWORD, EN_NEUTRAL, args.en_chars, 20_000, "en", seed=2), bare_english, "E",
                work)
        if args.memory:
            peak_memory(work, args.memory_mb)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
