"""Thresholds of the learned engine: each code's own cross-validated cut (the default), or those cuts moved
together by one logit offset chosen on the pooled held-out scores (``thresholds="pooled"``, measured in
docs/suggestions.md and not adopted). Real jieba, real scikit-learn."""

import math

from qualcode.nlp.learned import CodedTurn, train

CODES = {
    "FAMILY": ["我妈妈每天都打电话问我在学校怎么样。", "爸爸妈妈一直支持我读这个专业。", "家里人总是鼓励我，说不要怕失败。",
               "我姐姐会帮我交学费，家里很支持。", "奶奶常常给我寄吃的，家里都很关心我。", "爸爸说家里永远支持我。"],
    "GOAL": ["我想先把电工证考下来，然后去工厂实习。", "我的目标是毕业后开一家自己的店。", "我打算明年考驾照，再考一个技能证书。",
             "我计划每天练习两小时，争取比赛拿奖。", "我想以后当一名老师，所以在准备考试。", "我的计划是先工作两年再读书。"],
    "STRESS": ["考试太多了，我每天都很焦虑。", "作业写不完，晚上睡不着觉。", "成绩不好的时候压力特别大。",
               "老师催得很紧，我觉得很累。", "期末的时候我压力很大，吃不下饭。", "家里也催我考证，我很焦虑。"],
}
NOTHING = ["今天天气还可以。", "食堂的饭菜一般般。", "宿舍离教学楼有点远。", "我刚才坐公交车过来的。"]


def _turns() -> list[CodedTurn]:
    rows = [(text, {code}) for code, texts in CODES.items() for text in texts] + [(t, set()) for t in NOTHING]
    rows.append(("我计划考证，可是压力很大，妈妈也支持我。", {"GOAL", "STRESS", "FAMILY"}))
    return [CodedTurn(text, frozenset(codes), f"S0{i % 5 + 1} #{i}", "你能说说你的情况吗？")
            for i, (text, codes) in enumerate(rows)]


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def test_per_code_cuts_are_the_default_and_pooled_moves_every_cut_by_one_offset():
    turns = _turns()
    default, per_code, pooled = train(turns), train(turns, thresholds="per-code"), train(turns, thresholds="pooled")
    assert default.thresholds == per_code.thresholds
    assert pooled.codes == per_code.codes == ["FAMILY", "GOAL", "STRESS"]
    shifts = {round(_logit(pooled.thresholds[c]) - _logit(per_code.thresholds[c]), 6) for c in pooled.codes}
    assert len(shifts) == 1   # one shared offset, whatever its size (0 leaves the cuts exactly as they were)
    (shift,) = shifts
    assert -2.0 - 1e-9 <= shift <= 3.0 + 1e-9
    if shift == 0:
        assert pooled.thresholds == per_code.thresholds
