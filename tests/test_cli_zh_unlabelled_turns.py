"""The import's notes on turns without a speaker, in Chinese under --lang zh (stop 28): captions that name no one,
captions and paragraphs read as the participant's by the think-aloud setting. They stayed English in the
warnings column of a Chinese report. The real CLI on a fresh project; the English lines are asserted beside
them in tests/test_think_aloud_unlabelled.py and tests/test_speaker_outside_styles.py."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.test_think_aloud_unlabelled import CAPTIONS, PARTICIPANT, SESSION, _set

SAMPLES = Path(__file__).parent / "speaker_samples"


def test_turns_without_a_speaker_are_said_in_chinese(run_cli, tmp_path):
    root = tmp_path / "study"
    assert run_cli("init", root, "--language", "en").exit_code == 0
    shutil.copy(SAMPLES / "nameless_captions_S71.srt", root / "transcripts")
    nameless = run_cli("--project", root, "--lang", "zh", "import", root / "transcripts")
    assert nameless.exit_code == 0, nameless.err
    assert ("字幕中没有说话人姓名；已在句末、2 秒以上的停顿处和每满一分钟切分为 4 个段落，作为受访者段落，各带开始时间"
            in nameless.out), nameless.out

    _set(root, PARTICIPANT)
    (root / "transcripts" / "P06_session.vtt").write_text(CAPTIONS, encoding="utf-8")
    (root / "transcripts" / "P07_session.txt").write_text(SESSION, encoding="utf-8")
    named = run_cli("--project", root, "--lang", "zh", "import", root / "transcripts")
    assert named.exit_code == 0, named.err
    setting = '（[transcripts] unlabelled_paragraphs = "participant"）'
    assert "2 个字幕段没有说话人，按受访者段落读入" + setting in named.out, named.out
    assert "5 个段落没有说话人，按受访者段落读入" + setting in named.out, named.out
    assert "without a speaker" not in named.out + nameless.out
