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
