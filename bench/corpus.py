"""Generated interview corpora for the benchmarks (deterministic, fictional)."""

from __future__ import annotations

import random
from pathlib import Path

ZH_ANSWERS = [
    "中考失利以后我一直很自卑，觉得别人都看不起职校的学生。",
    "后来班主任鼓励我参加技能大赛，我慢慢有了目标。",
    "我妈妈在外地打工，很少回来，有事情只能自己扛着。",
    "社工带我们做小组活动，我学会了怎么控制自己的情绪。",
    "同学们会帮我补课，遇到困难的时候我知道可以找他们。",
    "现在我想先把电工证考下来，然后去工厂实习。",
    "有时候压力很大，晚上睡不着，不知道以后能做什么。",
    "我觉得只要努力，事情总会慢慢变好的。",
    "嗯。",
]
ZH_QUESTIONS = ["你能具体说说吗？", "那时候你是怎么想的？", "后来呢？", "谁帮助了你？", "嗯，还有吗？"]
EN_ANSWERS = [
    "After I failed the entrance exam I felt like nobody believed in me.",
    "My teacher supported me and encouraged me to join the skills competition.",
    "I am planning to get my electrician certificate before the internship.",
    "Sometimes the pressure is too much and I can't sleep at night.",
    "The social worker helped us learn how to calm down when we are angry.",
    "My friends were helping me with maths every evening.",
    "I never had a plan before, but now I have goals.",
]
EN_QUESTIONS = ["Can you tell me more?", "How did that feel?", "Who helped you?", "And then?"]


def interview(rng: random.Random, *, language: str, characters: int, participant: str) -> str:
    answers, questions = (ZH_ANSWERS, ZH_QUESTIONS) if language == "zh" else (EN_ANSWERS, EN_QUESTIONS)
    labels = ("访谈者：", "受访者：") if language == "zh" else ("Interviewer: ", "Participant: ")
    lines = [f"---\nparticipant: {participant}\nwave: pre\n---"]
    size = 0
    while size < characters:
        question = labels[0] + rng.choice(questions)
        answer = labels[1] + "".join(rng.choice(answers) for _ in range(rng.randint(1, 4)))
        lines += [question, answer]
        size += len(question) + len(answer) + 2
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, *, language: str, total_characters: int, per_file: int, seed: int = 7,
                 files: int | None = None) -> list[Path]:
    """Write files until ``total_characters`` of text, or exactly ``files`` files when given (an interview
    runs a little past ``per_file``, so a character budget alone gives fewer files than it suggests);
    returns their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths, written, index = [], 0, 0
    while (len(paths) < files) if files is not None else (written < total_characters):
        index += 1
        text = interview(rng, language=language, characters=per_file, participant=f"G{index:05d}")
        path = folder / f"G{index:05d}_pre.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        written += len(text)
    return paths
