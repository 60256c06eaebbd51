"""Interface text of the learned model in the coding screen (issue 13: ranked candidates, retraining, code next)
in English and Simplified Chinese: one block, merged into :data:`qualcode.tui.i18n.STRINGS`.
"""

LEARNED_STRINGS: dict[str, tuple[str, str]] = {
    "status.candidate": ("candidate", "候选"),
    "coding.candidates_below": ("── candidates below min_score ──", "── 低于最低分的候选 ──"),
    "coding.candidates_below_short": ("── candidates ──", "── 候选 ──"),   # a panel too narrow for the rule
    "evidence.like_turns": ("like your codings of {turns}", "类似你编码过的：{turns}"),
    "evidence.terms": ("strongest terms: {terms}", "主要依据的词：{terms}"),
    "evidence.list_separator": (", ", "、"),
    "coding.candidate_coded": ("Coded {code} from the ranked candidates", "已从候选编码：{code}"),
    "coding.decision_stale": ("That suggestion changed meanwhile (a retraining re-ranked the turn, or another window "
                              "decided it); nothing was written, and the panel shows it as it is now",
                              "这条建议已在别处改变（模型重新训练后重新排序，或另一个窗口已处理）；未写入任何内容，面板已显示最新状态"),
    "coding.candidate_rejected": ("Rejected the candidate {code}", "已拒绝候选 {code}"),
    "coding.retraining": ("Retraining the learned model in the background ({count} new codings)…",
                          "正在后台重新训练模型（新增 {count} 条编码）…"),
    "coding.retrained": ("Model retrained on {turns} coded turns ({count} changed codings){newer}; suggestions "
                         "refreshed. {keys} goes to the turn that would teach it most",
                         "模型已重新训练：{turns} 个已编码段落（{count} 条编码有变动）{newer}；建议已更新。"
                         "按 {keys} 跳到最能教会模型的段落"),
    "coding.retrained_newer": (", and {count} newer coding change(s) came in while it trained (the next retraining "
                               "learns them)", "，训练期间又有 {count} 条编码变动（下次重新训练时学习）"),
    "coding.retrain_skipped": ("Model not retrained: {why}", "模型未重新训练：{why}"),
    "coding.retrain_not_due": ("Model not retrained: only {changed} of {after} codings differ from what it learned",
                               "模型未重新训练：与它学过的相比只有 {changed}/{after} 条编码有变动"),
    "coding.finding_next": ("Finding the uncoded turn that would teach the model most…",
                            "正在寻找最能帮助模型学习的未编码段落…"),
    "coding.next_teaching": ("{document} #{ordinal}: the model is least sure about {code} here (score {score}, "
                             "threshold {threshold})",
                             "{document} 第 {ordinal} 段：模型对「{code}」最没把握（得分 {score}，阈值 {threshold}）"),
    "coding.next_teaching_others": (" — coded by {coders} only, whose codings do not train it",
                                    "——仅由 {coders} 编码，其编码不用于训练该模型"),
    "coding.next_teaching_sampled": (" (of {looked_at} turns drawn at random from {total} uncoded; "
                                     "[suggest] next_sample)",
                                     "（从 {total} 个未编码段落中随机抽取 {looked_at} 个比较；[suggest] next_sample）"),
    "coding.nothing_to_teach": ("Every participant turn is coded: nothing left to teach the model",
                                "所有受访者段落都已编码：没有需要模型学习的段落了"),
}
