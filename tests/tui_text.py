"""Long Chinese interview text for the TUI tests and bench (written for qualcode)."""

from __future__ import annotations

QUESTIONS = [
    "你能说说刚进职校的时候是什么感觉吗？",
    "那时候遇到困难，你一般会找谁帮忙？",
    "参加小组活动以后，你觉得自己有什么变化？",
    "对以后的工作，你现在有什么打算？",
]
ANSWERS = [
    "中考失利以后我一直觉得自己不如别人，有点自卑，也不太想跟同学说话。",
    "我妈妈经常鼓励我，她说读职校也能有出息，家里人一直支持我。",
    "班主任老师很关心我们，有什么问题都可以去办公室找她聊。",
    "小组里的社工姐姐教我们怎么控制情绪，生气的时候先深呼吸，再想办法。",
    "我现在的目标是考一个汽修的证书，毕业以后去4S店工作，以后自己开店。",
    "有时候学业压力很大，实训课跟不上，晚上会睡不着觉。",
    "室友们会互相帮忙，谁不会就一起练，我觉得这样挺好的。",
    "I think the group activities made me more confident when I talk to teachers.",
]


def long_transcript(characters: int = 200_000) -> tuple[str, list[tuple[int, int, str, str]]]:
    """A transcript of at least ``characters`` code points and its turns (start, end, speaker, role)."""
    parts: list[str] = []
    turns: list[tuple[int, int, str, str]] = []
    length = 0
    number = 0
    while length < characters:
        if number % 2 == 0:
            speaker, role, utterance = "访谈者", "interviewer", QUESTIONS[(number // 2) % len(QUESTIONS)]
        else:
            speaker, role = "受访者", "participant"
            utterance = "".join(ANSWERS[(number + k) % len(ANSWERS)] for k in range(1 + number % 4))
        label = f"{speaker}："
        start = length + len(label)
        line = f"{label}{utterance}\n"
        parts.append(line)
        turns.append((start, start + len(utterance), speaker, role))
        length += len(line)
        number += 1
    return "".join(parts), turns
