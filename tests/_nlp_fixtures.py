"""Small hand-written codebooks shared by the NLP tests (not the shipped ones)."""

from __future__ import annotations

from qualcode.core.models import Code, Codebook, Keywords


def code(code_id: str, zh=(), en=(), negated=(), parent=None) -> Code:
    return Code(code_id, {"en": code_id}, "test", parent_id=parent, keywords=Keywords(zh=tuple(zh), en=tuple(en)),
                negated_suggests=tuple(negated))


def resilience_codebook() -> Codebook:
    codes = (
        code("PF_CONFIDENCE", zh=["自信", "要有自信", "相信自己"], en=["confident", "believe in myself"],
             negated=["ND_CONFIDENCE", "AD_LOWSELF"]),
        code("PF_GOAL", zh=["目标", "计划", "考证"], en=["goal", "plan*", "work toward"],
             negated=["AD_CONFUSION"]),
        code("PF_SCHOOL", zh=["老师 NEAR/4 鼓励", "re:班主任|辅导员"], en=["teacher NEAR/3 help", "re:\\bschool\\b"]),
        code("PF_FAMILY", zh=["家里人", "爸妈"], en=["support", "my parents"]),
        code("PF_EMOTION", zh=["冷静"], en=["calm down"]),
        code("ND_CONFIDENCE", zh=["不自信"], en=["more confident"]),
        code("AD_LOWSELF", zh=["自卑"], en=["inferior"]),
        code("AD_CONFUSION", zh=["迷茫"], en=["confused"]),
        code("AD_PRESSURE_STUDY", zh=["学习压力"]),
        code("AD_PRESSURE_EMOTION", zh=["压力"]),
    )
    return Codebook("test", 1, ("zh", "en"), codes, path="codebooks/test.yaml")


INTERVIEW_S01 = """---
participant: S01
wave: pre
---
访谈者：你能说说中考以后的感受吗？
受访者：中考失利以后我很自卑，我不自信。
访谈者：那现在呢？你有目标吗？
受访者：现在我有了目标，也有计划，想先考证。
访谈者：家里人怎么看？
受访者：我家里人一直很支持我，老师也经常鼓励我。
"""

INTERVIEW_E01 = """Interviewer: How did you feel after the exam?
P01: I was not confident at all. I felt inferior.
Interviewer: And now?
P01: Now I have a goal. My teacher always helped me and my parents supported me.
"""


def make_project(tmp_path, transcripts: dict[str, str] | None = None):
    """A project folder with transcripts imported through the real pipeline (codebooks passed separately)."""
    from qualcode.app.api import import_paths
    from qualcode.core.config import default_config_text
    from qualcode.app.project import open_project

    root = tmp_path / "study"
    (root / "transcripts").mkdir(parents=True)
    (root / "codebooks").mkdir()
    (root / "qualcode.toml").write_text(default_config_text("study"), encoding="utf-8")
    transcripts = {"S01_pre.txt": INTERVIEW_S01, "E01_pre.txt": INTERVIEW_E01} if transcripts is None else transcripts
    for name, text in transcripts.items():
        (root / "transcripts" / name).write_text(text, encoding="utf-8")
    project = open_project(root, coder="tester")
    if not transcripts:
        return project
    report = import_paths(project, [root / "transcripts"])
    assert not report.errors
    return project
