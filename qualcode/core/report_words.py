"""Headings and labels of the written reports in English and Chinese (``--lang en|zh``).

One table for every report (quotes, pre/post, agreement, annotated transcripts) so a term is translated once.
"""

from __future__ import annotations

REPORT_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "colon": ": ", "quotes": "Quotes", "excerpt": "excerpt", "excerpts": "excerpts",
        "no_quotes": "No coded excerpts match the filter.", "turn": "#{n}",
        "transcript": "Annotated transcript", "participant": "Participant", "wave": "Wave",
        "interviewer": "Interviewer", "memo": "Memo", "memos": "Memos", "coder": "coder",
        "document_memos": "Memos on this transcript", "codes_used": "Codes in this transcript",
        "not_shown": "{n} coding(s) attached to no turn are not shown (run `qualcode doctor`)",
        "prepost_participants": "Pre/post change per participant", "prepost_codes": "Pre/post tests per code",
        "replaced_version": " (version {version}, replaced)",
    },
    "zh": {
        "colon": "：", "quotes": "访谈摘录", "excerpt": "条摘录", "excerpts": "条摘录",
        "no_quotes": "没有符合筛选条件的编码摘录。", "turn": "第{n}段",
        "transcript": "编码标注的访谈转录稿", "participant": "参与者", "wave": "波次",
        "interviewer": "访谈者", "memo": "备忘", "memos": "备忘录", "coder": "编码者",
        "document_memos": "本转录稿的备忘录", "codes_used": "本转录稿使用的编码",
        "not_shown": "{n} 条编码未附在任何话轮上，未显示（请运行 `qualcode doctor`）",
        "prepost_participants": "前后测变化（每位参与者）", "prepost_codes": "前后测检验（每个编码）",
        "replaced_version": "（第 {version} 版，已被替换）",
    },
}


def report_words(language: str) -> dict[str, str]:
    """The words for ``language``; ``both`` and anything unknown read English."""
    return REPORT_WORDS.get(language, REPORT_WORDS["en"])


# The stored waves of a pre/post design (import turns 前测 into pre) as a Chinese report names them.
WAVE_WORDS = {"zh": {"pre": "前测", "post": "后测"}}


def wave_name(wave: str, language: str) -> str:
    """``pre`` → ``前测`` in a Chinese report; any other wave (T1, 第二次) as the project writes it."""
    return WAVE_WORDS.get(language, {}).get(wave, wave)


def pick_label(labels: tuple[str, str], fallback: str, language: str) -> str:
    """A code's name in the report's language (the other one when it has none)."""
    zh, en = labels
    first, second = (zh, en) if language == "zh" else (en, zh)
    return first or second or fallback
