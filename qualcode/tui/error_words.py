"""Messages raised by the app layer, in the interface language.

The library speaks English (the CLI prints its messages as they are, and tests and
docs quote them). The TUI shows the same errors in Chinese when its interface is
Chinese: each common message has a pattern here and a Chinese template. A part
that is itself a message (the problem behind "change not saved, …", the cause of
a set-aside undo) is translated again, so nested messages come out whole. A
message with no pattern stays English rather than half translated; the place
(file:line:column) is kept as it is.

Patterns follow the app's wording; tests raise the real errors through the real
use cases, so a reworded message shows up as a failing test, not as silent English.
"""

from __future__ import annotations

import re
from qualcode.core.errors import QualcodeError

# Named groups starting with ``t_`` are messages themselves and are translated too.
_ZH: tuple[tuple[str, str], ...] = (
    # ---------------------------------------------------------------- undo and redo
    (r"(?P<t_cause>.+); that action is set aside, and the next undo goes to the one before it",
     "{t_cause}；这一步已搁置，下一次撤销将处理更早的一步"),
    (r"the last change was a codebook edit \((?P<what>.+) at (?P<at>[^)]+)\); restore it with git or from "
     r"\.qualcode/backups", "上一步是编码本修改（{what}，{at}），无法撤销；请用 git 或 .qualcode/backups 中的备份恢复"),
    (r"your last action \((?P<action>.+) at (?P<at>[^)]+)\) cannot be undone; a backup was taken before it in "
     r"\.qualcode/backups/", "你的上一步操作（{action}，{at}）无法撤销；操作前已在 .qualcode/backups/ 备份"),
    (r"(?P<file>.+) has changed since this codebook edit \((?P<t_what>.+)\); nothing (?P<verb>undone|redone), so the "
     r"newer text is kept -- restore it with git or from \.qualcode/backups",
     "{file} 在这次编码本修改（{t_what}）之后已被手动或其他方式改动；{verb}，保留较新的内容——如需恢复请用 git 或 "
     ".qualcode/backups 中的备份"),
    (r"(?P<t_what>.+) cannot be undone: (?P<count>\d+) of the codings, suggestions or memos it changed were changed "
     r"or deleted since; nothing undone", "{t_what}无法撤销：它改动过的编码、建议或备忘中有 {count} 条此后又被修改或删除；未撤销任何内容"),
    (r"the merge of (?P<source>\S+) into (?P<target>\S+) was made before merges could be undone; restore the "
     r"backup taken before it: (?P<backup>.+)", "把 {source} 合并到 {target} 的操作早于“合并可撤销”，无法撤销；请用合并前的备份恢复：{backup}"),
    (r"that coding was already removed \(in another window or command\); nothing to undo",
     "这条编码已被删除（在另一个窗口或命令中）；没有可撤销的内容"),
    (r"the same coding exists again already \(another window\); nothing to redo",
     "同样的编码已经存在（另一个窗口）；没有可重做的内容"),
    (r"the same coding exists again already \(another window\); nothing redone",
     "同样的编码已经存在（另一个窗口）；未重做任何内容"),
    (r"(?P<name>\S+) was imported again after this action \(version (?P<version>\d+) is now replaced(?: by version "
     r"(?P<current>\d+))?\); the coding is not brought back on the old version -- code it again on \S+",
     "{name} 在这一步之后已重新导入（第 {version} 版已被取代）；编码不会恢复到旧版本上——请在 {name} 上重新编码"),
    (r"(?P<name>\S+) was imported again after this action; the decision is not made again on the old version -- "
     r"decide the suggestion again on \S+", "{name} 在这一步之后已重新导入；不会在旧版本上重新做这个决定——请在 {name} 上重新处理该建议"),
    (r"(?P<name>\S+) was imported again after this action; the review mark is not put back on the old version -- "
     r"mark the turn again on \S+", "{name} 在这一步之后已重新导入；审阅标记不会恢复到旧版本上——请在 {name} 上重新标记该段"),
    (r"the transcripts were imported again after this import of codings \((?P<names>.+) replaced\); nothing redone -- "
     r"import the sheet again to code the current versions",
     "这次导入编码之后，访谈稿又重新导入过（{names} 已被取代）；未重做任何内容——请重新导入该表格，为当前版本编码"),
    (r"(?P<name>\S+) has work made since this import \((?P<work>.+)\), which removing it would lose; undo or remove "
     r"that work first \(or `qualcode documents delete \S+`\); nothing was undone",
     lambda v: f"{v['name']} 在这次导入之后又有新的工作（{_work_zh(v['work'])}），移除它会丢失这些工作；请先撤销或删除"
               f"这些工作（或 `qualcode documents delete {v['name']}`）；未撤销任何内容"),
    (r"(?P<name>\S+) has a later version \((?P<version>\d+), from another import or pseudonymize\) than the one this "
     r"import brought; nothing was undone \(`qualcode documents delete \S+` removes every version\)",
     "{name} 有比这次导入更晚的版本（第 {version} 版，来自另一次导入或 pseudonymize）；未撤销任何内容"
     "（`qualcode documents delete {name}` 会删除它的所有版本）"),
    (r"an undone import is not redone from the history: the files are on disk, import them again "
     r"\(`qualcode import (?P<files>.+)`\)", "撤销的导入不能从历史中重做：文件仍在磁盘上，请重新导入（`qualcode import {files}`）"),
    (r"undo cannot take back the import of (?P<file>.+?): it brought (?P<brought>.+?); (?P<how>(?:remove each|put the whole).+); nothing was "
     r"undone",
     lambda v: f"撤销无法收回 {v['file']} 的导入（它带来了：{_brought_zh(v['brought'])}）；{_how_zh(v['how'])}；未撤销任何内容"),
    (r"a coding made by accepting this suggestion was removed meanwhile; nothing undone",
     "接受这条建议所产生的编码此后已被删除；未撤销任何内容"),
    # what an undoable codebook edit was (the ``what`` of its event)
    (r"the merge of (?P<source>\S+) into (?P<target>\S+)", "把 {source} 合并到 {target}"),
    (r"keywords of (?P<code>\S+)", "{code} 的关键词"),
    (r"examples of (?P<code>\S+)", "{code} 的示例"),
    (r"(?P<field>key|color|description|include|exclude) of (?P<code>\S+)", "{code} 的 {field}"),
    (r"add (?P<code>\S+)", "新增 {code}"),
    (r"rename (?P<code>\S+)", "重命名 {code}"),
    (r"move (?P<code>\S+) under (?P<parent>.+)", "把 {code} 移到 {parent} 之下"),
    # ---------------------------------------------------------------- coding and memos
    (r"(?P<coder>.+) has already coded this span with (?P<code>\S+)", "{coder} 已经用 {code} 编码过这段文字"),
    (r"(?P<name>\S+) version (?P<version>\d+) was replaced by (?:version \d+|a newer version) when the transcript "
     r"was imported again; its turn numbers and offsets may differ there, so nothing coded -- name the document as "
     r"\S+ \(its current version\) and look at the turn again",
     "{name} 的第 {version} 版已被重新导入的新版本取代，段落编号和字符位置可能已不同，因此未编码任何内容——请用文档名 "
     "{name}（即当前版本）并重新查看该段"),
    (r"(?P<name>\S+) version (?P<version>\d+) was replaced by (?:version \d+|a newer version) when the transcript "
     r"was imported again; its turn numbers and offsets may differ there, so nothing removed -- name the document as "
     r"\S+ \(its current version\) and look at the turn again",
     "{name} 的第 {version} 版已被重新导入的新版本取代，段落编号和字符位置可能已不同，因此未删除任何内容——请用文档名 "
     "{name}（即当前版本）并重新查看该段"),
    (r"span (?P<start>\d+)\u2013(?P<end>\d+) is not inside one turn of the document; code each turn separately",
     "第 {start}–{end} 个字符不在同一个发言段内；请逐段编码"),
    (r"span (?P<start>\d+)\u2013(?P<end>\d+) is outside turn #(?P<turn>\d+) \((?P<size>\d+) characters\)",
     "第 {start}–{end} 个字符超出第 {turn} 段（共 {size} 个字符）"),
    (r"no code '(?P<code>[^']+)' in the project's codebooks; `qualcode codebook show` lists them",
     "项目的编码本中没有编码 '{code}'；`qualcode codebook show` 可列出全部编码"),
    (r"memo (?P<memo>\d+) was written by (?P<author>.+); only its author changes or deletes it",
     "备忘 {memo} 由 {author} 撰写；只有作者本人可以修改或删除"),
    (r"the memo is empty; to delete it use `qualcode memos delete ID`", "备忘是空的；如需删除请用删除操作"),
    # ---------------------------------------------------------------- codebook edits, keywords
    (r"change not saved, it would make the codebook invalid: (?P<t_details>.+)",
     "修改未保存，否则编码本将无效：{t_details}"),
    (r"(?P<t_first>.+) \(and (?P<count>\d+) more problems?\)", "{t_first}（另有 {count} 个问题）"),
    (r"code '(?P<code>[^']+)' lists keyword (?P<keyword>.+) twice \(first at (?P<first>.+)\)",
     "编码 '{code}' 两次列出关键词 {keyword}（第一次在 {first}）"),
    (r"code '(?P<code>[^']+)' is missing its (?P<language>\S+) label", "编码 '{code}' 缺少 {language} 名称"),
    (r"code '(?P<code>[^']+)' names '(?P<source>[^']+)' in its negated_suggests, so '[^']+' cannot be merged into "
     r"'(?P<target>[^']+)' \(codebooks are merged one file at a time\); change '[^']+' to '[^']+' there, or remove "
     r"it, then merge again",
     "编码 '{code}' 的 negated_suggests 中列有 '{source}'，因此不能把 '{source}' 合并到 '{target}'（编码本按文件逐个合并）；"
     "请在该处把 '{source}' 改为 '{target}' 或删去，然后再合并"),
    (r"(?P<t_problem>.+) \(at (?P<where>[^()]+)\)", "{t_problem}（位于 {where}）"),
    (r"code '(?P<code>[^']+)' cannot suggest itself in 'negated_suggests'",
     "编码 '{code}' 不能在 negated_suggests 中指向自己"),
    (r"code '(?P<code>[^']+)': (?P<t_problem>.+)", "编码 '{code}'：{t_problem}"),
    (r"negated_suggests names unknown code '(?P<target>[^']+)'", "negated_suggests 指向不存在的编码 '{target}'"),
    (r"duplicate id '(?P<id>[^']+)' \(also defined at (?P<first>.+)\)", "重复的编码 id '{id}'（另见 {first}）"),
    (r"invalid regular expression in keyword (?P<keyword>.+): (?P<why>.+?)(?: at position (?P<position>\d+))?",
     "关键词 {keyword} 中的正则表达式无效：{why}{position}"),
    (r"regular expression in keyword (?P<keyword>.+) matches empty text; it would match everywhere",
     "关键词 {keyword} 中的正则表达式能匹配空文本，会处处匹配"),
    (r"empty regular expression in keyword (?P<keyword>.+)", "关键词 {keyword} 中的正则表达式为空"),
    (r"empty keyword", "关键词为空"),
    (r"keyword (?P<keyword>.+) has more than one NEAR; write one rule per pair",
     "关键词 {keyword} 含有多个 NEAR；每对词请写一条规则"),
    (r"keyword (?P<keyword>.+): NEAR needs a distance, e\.g\. 'A NEAR/5 B' \(a whole number from 1 to (?P<max>\d+)\)",
     "关键词 {keyword}：NEAR 需要距离，例如 'A NEAR/5 B'（1 到 {max} 的整数）"),
    (r"keyword (?P<keyword>.+): NEAR distance (?P<distance>\d+) is out of range \(a whole number from 1 to "
     r"(?P<max>\d+)\)", "关键词 {keyword}：NEAR 距离 {distance} 超出范围（应为 1 到 {max} 的整数）"),
    (r"key '(?P<key>.+)' of '(?P<code>[^']+)' is reserved for qualcode's own commands \(reserved: (?P<keys>.+)\)",
     "编码 '{code}' 的快捷键 '{key}' 已被 qualcode 自身的命令占用（保留键：{keys}）"),
    (r"key '(?P<key>.+)' of '(?P<code>[^']+)' is already used by '(?P<other>[^']+)' at (?P<first>.+)",
     "编码 '{code}' 的快捷键 '{key}' 已被 '{other}' 使用（{first}）"),
    (r"'key' of '(?P<code>[^']+)' must be a single character, e\.g\. key: g",
     "编码 '{code}' 的快捷键必须是单个字符，例如 key: g"),
    (r"duplicate id '(?P<id>[^']+)' \(first defined at (?P<first>.+)\)", "重复的编码 id '{id}'（首次定义于 {first}）"),
    (r"cannot merge '?(?P<source>[^' ]+)'? into itself", "不能把 {source} 合并到它自己"),
    (r"cannot merge '(?P<source>[^']+)' into its own descendant '(?P<target>[^']+)'",
     "不能把 '{source}' 合并到它自己的下级 '{target}'"),
    (r"(?P<source>\S+) is in (?P<a>\S+) but (?P<target>\S+) is in (?P<b>\S+); codes can only be merged within one "
     r"codebook", "{source} 在 {a} 中，而 {target} 在 {b} 中；只能合并同一编码本中的编码"),
    # ---------------------------------------------------------------- codebook files read at start-up
    (r"invalid YAML: (?P<why>.+)", "YAML 格式错误：{why}"),
    (r"codebook file not found", "找不到编码本文件"),
    (r"codebook file is empty", "编码本文件是空的"),
    (r"codebook is not UTF-8 text \(save it as UTF-8\)", "编码本不是 UTF-8 文本（请另存为 UTF-8）"),
    (r"is a folder, not a codebook file", "这是文件夹，不是编码本文件"),
    (r"cannot read codebook: (?P<why>.+)", "无法读取编码本：{why}"),
    (r"cannot write codebook: (?P<why>.+)", "无法写入编码本：{why}"),
    # ---------------------------------------------------------------- export paths
    (r"type the file to write, e\.g\. exports/matrix\.csv", "请输入要写入的文件，例如 exports/matrix.csv"),
    (r"(?P<path>.+) is a folder; add a file name such as (?P<example>.+)",
     "{path} 是文件夹；请加上文件名，例如 {example}"),
    (r"(?P<name>.+): a (?P<kind>\S+) export in (?P<format>\S+) is written to a '(?P<suffix>[^']+)' file; change the "
     r"name or the format", "{name}：{kind} 导出为 {format} 时应写入 '{suffix}' 文件；请修改文件名或格式"),
    (r"(?P<parent>.+) is a file, so (?P<name>.+) cannot be written under it", "{parent} 是文件，不能在其下写入 {name}"),
    (r"(?P<path>.+) already exists; tick 'overwrite' to replace it", "{path} 已存在；勾选“覆盖”即可替换"),
    (r"already exists; use --force to overwrite it", "文件已存在；如需覆盖请勾选“覆盖”"),
    (r"a crosstab needs an attribute \(gender, grade, wave …\)", "交叉表需要一个属性（性别、年级、波次……）"),
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
    # ---------------------------------------------------------------- warnings the CLI prints (status, import, suggest)
    (r"line\(s\) (?P<lines>[\d, …]+): a note at the end of a turn \((?P<note>.*)\) belongs to no turn",
     "第 {lines} 行：话轮末尾的备注（{note}）不属于任何话轮"),
    (r"(?:line (?P<line>\d+)|lines (?P<first>\d+)-(?P<last>\d+)): text before the first speaker label belongs to no "
     r"turn", lambda v: f"第 {v['line'] or v['first'] + '–' + v['last']} 行：第一个说话人标签之前的文字不属于任何话轮"),
    (r"no participant turns \(speakers: (?P<listed>.+?)\); check the speakers and re-import with --speakers "
     r"\"Name=participant\" \(or \[transcripts\.speaker_roles\] in qualcode\.toml\)(?P<think_aloud>; or, if the "
     r"paragraphs without a label are the participant's \(a think-aloud transcript that labels only the moderator\), "
     r"set \[transcripts\] unlabelled_paragraphs = \"participant\" in qualcode\.toml and import again)?",
     "没有受访者段落（说话人：{listed}）；请核对说话人，并用 --speakers \"姓名=participant\" 重新导入"
     "（或在 qualcode.toml 中设置 [transcripts.speaker_roles]）{think_aloud}"),
    (r"(?P<name>.+) holds (?P<share>\d+%) of the text \(were other speakers' labels missed\?\); check the speakers "
     r"and re-import with --speakers \"Name=participant\" \(or \[transcripts\.speaker_roles\] in qualcode\.toml\)",
     "{name} 占全文的 {share}（是否漏掉了其他说话人的标签？）；请核对说话人，并用 --speakers \"姓名=participant\" "
     "重新导入（或在 qualcode.toml 中设置 [transcripts.speaker_roles]）"),
    (r"participant (?P<case>\S+), wave (?P<wave>\S+) is also in (?P<other>.+); both count for (?P<counted>\S+)",
     "受访者 {case}（轮次 {wave}）也出现在 {other} 中；两者都计入 {counted}"),
    (r"participant (?P<case>\S+) is also in (?P<other>.+); both count for (?P<counted>\S+)",
     "受访者 {case} 也出现在 {other} 中；两者都计入 {counted}"),
    (r"keyword (?P<keyword>'.+') \((?P<language>zh|en)\) is in several codes: (?P<codes>.+); each is suggested",
     "关键词 {keyword}（{language}）属于多个编码：{codes}；每个编码都会被建议"),
    (r"(?P<count>\d+) coding\(s\) use (?P<code>\S+), which no codebook defines \(removed or renamed in "
     r"codebooks/\*\.yaml\): put it back, or `qualcode codes merge (?P=code) NEW_ID` to move its codings to a code "
     r"that exists", "{count} 条编码使用了 {code}，但已没有编码本定义它（在 codebooks/*.yaml 中被删除或改名）："
     "请把它加回去，或用 `qualcode codes merge {code} 新编号` 把这些编码移到一个存在的编码"),
    (r"(?P<count>\d+) rejected suggestion\(s\) are on (?P<code>\S+), which no codebook defines \(removed or renamed "
     r"in codebooks/\*\.yaml\): if it was renamed, `qualcode codes merge (?P=code) NEW_ID` moves the rejections to "
     r"the new id; otherwise suggest offers the new id again on those turns",
     "{count} 条被拒绝的建议在 {code} 上，但已没有编码本定义它（在 codebooks/*.yaml 中被删除或改名）："
     "如果是改名，用 `qualcode codes merge {code} 新编号` 把这些拒绝移到新编号；否则 suggest 会在这些段落上再次建议新编号"),
    # turns without a speaker (qualcode.io.readers, core.transcript): the import report's warnings column
    (r"(?P<count>\d+) row\(s\) without a speaker \(row (?P<rows>.+?)\) are turns of their own with role other, not "
     r"participant data: fill in the speaker where a row continues the turn above \(a merged speaker cell reads as "
     r"empty below its first row\)(?P<unlabelled>, or set \[transcripts\] unlabelled_paragraphs = \"participant\")?",
     "{count} 行没有说话人（第 {rows} 行），各自成为角色为“其他”的段落，不算受访者资料：某行接续上一行的发言时，请填上"
     "说话人（合并的说话人单元格在第一行以下读作空）{unlabelled}"),
    (r"(?P<count>\d+) (?P<what>row|paragraph|caption turn)\(s\) without a speaker(?: label| name)? read as "
     r"participant turns \(\[transcripts\] unlabelled_paragraphs = \"participant\"\)",
     "{count} {what}没有说话人，按受访者段落读入（[transcripts] unlabelled_paragraphs = \"participant\"）"),
    (r"no speaker names in the captions; split into (?P<count>\d+) paragraphs \(at sentence ends, pauses of 2 s or "
     r"more, and every minute\) as participant segments, each with its start time",
     "字幕中没有说话人姓名；已在句末、2 秒以上的停顿处和每满一分钟切分为 {count} 个段落，作为受访者段落，各带开始时间"),
    # why import chose a speaker's role (the import report's speaker lines)
    (r"(?P<origin>.+): '(?P<name>.+)' matched no speaker in these files", "{origin}：'{name}' 没有对应这些文件中的任何说话人"),
    (r"a recognised label", "识别出的说话人标签"),
    (r"set by (?P<origin>.+)", "由 {origin} 指定"),
    (r"'(?P<name>.+)' names an interviewer and asks (?P<count>\d+) questions",
     "'{name}' 指访谈者，且提出了 {count} 个问题"),
    (r"'(?P<name>.+)' names an interviewer", "'{name}' 指访谈者"),
    (r"'(?P<name>.+)' names a participant", "'{name}' 指受访者"),
    (r"'(?P<name>.+)' names no one identified", "'{name}' 无法确定指谁"),
    (r"'(?P<name>.+)' could name an interviewer, but (?P<named>.+) asks the questions",
     "'{name}' 也可能指访谈者，但提问的是 {named}"),
    (r"looks like a participant id", "看起来像受访者编号"),
    (r"not the interviewer \((?P<named>.+) is\)", "不是访谈者（访谈者是 {named}）"),
    (r"the only speaker", "唯一的说话人"),
    (r"no one asks questions; everyone is a participant", "没有人提问；每个人都算受访者"),
    (r"the only speaker without a participant label", "唯一没有受访者标签的说话人"),
    (r"speaks first \(no one asks questions\)", "最先发言（没有人提问）"),
    (r"asks (?P<count>\d+) of (?P<total>\d+) questions and speaks first", "提出了 {total} 个问题中的 {count} 个，且最先发言"),
    (r"asks (?P<count>\d+) of (?P<total>\d+) questions", "提出了 {total} 个问题中的 {count} 个"),
    # import-codings' report
    (r"(?P<count>\d+) coding\(s\) landed on (?P<turns>\d+) interviewer turn\(s\) \((?P<places>.+)\); interviewer "
     r"turns are not participant data: check that the sheet's turn numbers count the interviewer's turns too "
     r"\(qualcode's do\), or undo the import with `qualcode undo`",
     "{count} 条编码落在 {turns} 个访谈者段落上（{places}）；访谈者段落不是受访者资料：请检查表中的段落编号是否也计入了"
     "访谈者的段落（qualcode 的编号计入），或用 `qualcode undo` 撤销这次导入"),
    (r"unmatched: row (?P<row>\d+): (?P<t_why>.+)", "未匹配：第 {row} 行：{t_why}"),
    (r"(?P<document>\S+) has no segment (?P<number>\d+)", "{document} 没有第 {number} 段"),
    # what followed the words into a re-imported version (the import report's lines per file)
    (r"codings: (?P<total>\d+) on the old version; (?P<same>\d+) moved unchanged, (?P<changed>\d+) moved onto "
     r"changed words \(flagged\), (?P<gone>\d+) on deleted words left on the old version \(flagged\)",
     "编码：旧版本上共 {total} 条；{same} 条原样移到新版本，{changed} 条移到改动过的文字上（已标记待复核），"
     "{gone} 条所在文字已删除，留在旧版本上（已标记待复核）"),
    (r"memos: (?P<document>\d+) on the document moved, (?P<moved>\d+) turn memo\(s\) moved with their words, "
     r"(?P<left>\d+) on deleted turns left on the old version",
     "备忘：文档备忘 {document} 条已移到新版本，段落备忘 {moved} 条随文字移动，{left} 条所在段落已删除，留在旧版本上"),
    (r"reviewed turns \(\"no code applies\"\): (?P<moved>\d+) mark\(s\) moved with their words, (?P<left>\d+) "
     r"on changed or deleted turns left on the old version",
     "已审阅段落（“无适用编码”）：{moved} 个标记随文字移动，{left} 个所在段落已改动或删除，留在旧版本上"),
    (r"(?P<count>\d+) coding\(s\) on changed or deleted text need review \(`qualcode review`\)",
     "{count} 条编码位于改动或删除的文字上，需要复核（`qualcode review`）"),
    (r"(?P<name>\S+): the text differs from the one in the project, so it is imported as \S+'s version "
     r"(?P<version>\d+) \(as `qualcode import` does with a revised transcript\); the archive's codings are added to it",
     "{name}：文本与项目中的不同，作为 {name} 的第 {version} 版导入（与 `qualcode import` 处理修订稿相同）；"
     "归档中的编码记录加到这一版上"),
    (r"same text, turns re-split in place \(`qualcode undo` puts them back\)",
     "文本未变，已就地重新切分段落（`qualcode undo` 可恢复）"),
    (r"(?P<count>\d+) turn memo\(s\) were on deleted turns; they stay with version (?P<version>\d+) "
     r"\(`qualcode memos list`\)", "{count} 条段落备忘所在的段落已删除；它们留在第 {version} 版上（`qualcode memos list`）"),
    (r"(?P<count>\d+) reviewed-turn mark\(s\) were on turns whose words changed; those turns count as not reviewed "
     r"until you look at them again", "{count} 个已审阅标记所在段落的文字已改动；在你重新查看之前，这些段落算作未审阅"),
    (r"(?P<count>\d+) suggestion decision\(s\) were on turns whose words changed; those turns get fresh suggestions "
     r"\(the old decisions stay with the old version\)",
     "{count} 个对建议的处理所在段落的文字已改动；这些段落会得到新的建议（旧的处理留在旧版本上）"),
    # a transcripts folder imported after a .qdpx revised one of its documents (qualcode.app.importing.transcripts)
    (r"(?P<file>.+) holds (?P<name>\S+) version (?P<old>\d+), which (?P<archive>.+) replaced with version "
     r"(?P<current>\d+); it is not imported again \(that would undo the revision\) -- put the revised text in the "
     r"file to keep the folder in step",
     "{file} 是 {name} 的第 {old} 版，{archive} 已把它修订为第 {current} 版；不再导入（否则会撤销这次修订）——"
     "请把修订后的文字放进这个文件，让文件夹与项目一致"),
    # the .qdpx import report's notes (qualcode.app.interop.qdpx_import)
    (r"(?P<count>\d+) coding\(s\) are on (?P<turns>\d+) interviewer turn\(s\) \((?P<places>.+)\); interviewer turns "
     r"are not participant data: check them, or fix a speaker's role with `qualcode documents speakers`",
     "{count} 条编码位于 {turns} 个访谈者段落上（{places}）；访谈者段落不是受访者资料：请检查这些编码，或用 "
     "`qualcode documents speakers` 修正说话人的角色"),
    (r"the archive has (?P<count>\d+) sources named (?P<taken>'[^']*'|\"[^\"]*\") with different texts; this one is "
     r"(?P<name>'[^']*'|\"[^\"]*\") \(not taken as a revision of (?:'[^']*'|\"[^\"]*\")\)",
     "归档中有 {count} 个名为 {taken} 但文本不同的来源；这一个导入为 {name}（不作为 {taken} 的修订版）"),
    # suggestions left alone by a decision (qualcode.app.suggesting.review.decide): the TUI's bulk accept, the CLI
    (r"#(?P<id>\d+) was removed meanwhile", "#{id} 已在别处被删除"),
    (r"#(?P<id>\d+) is already (?P<status>accepted|rejected)", "#{id} 已被{status}"),
    (r"#(?P<id>\d+) is already coded", "#{id} 的段落已有这个编码（已编码）"),
    (r"#(?P<id>\d+): code (?P<code>\S+) is no longer in the codebooks", "#{id}：编码 {code} 已不在编码本中"),
    (r"#(?P<id>\d+): the segment is empty", "#{id}：该段落是空的"),
    # the notes an export prints beside its files (qualcode.app.exporting: transcripts, pre/post, scores)
    (r"(?P<name>\S+): (?P<codings>\d+) coding\(s\), (?P<memos>\d+) memo\(s\), (?P<turns>\d+) turns(?:; "
     r"(?P<unplaced>\d+) coding\(s\) on no turn not shown \(run `qualcode doctor`\))?",
     "{name}：{codings} 条编码，{memos} 条备忘，{turns} 个段落{unplaced}"),
    (r"(?P<path>.+): (?P<count>\d+) id\(s\) answered wave (?P<wave>'[^']*') but not (?P<other>'[^']*'), left out of "
     r"the paired tests: (?P<ids>.+)", "{path}：{count} 个编号回答了 {wave} 轮、没有回答 {other} 轮，未计入配对检验：{ids}"),
    (r"(?P<name>.+) has no participant: its row is named after the document and pools its participant speaker\(s\) "
     r"(?P<speakers>.+); give each a participant id with (?P<command>`qualcode documents speakers .+`)",
     "{name} 没有受访者编号：它在表中的一行以文档名命名，合并了其中所有受访者说话人 {speakers}；请为每人指定受访者编号："
     "{command}"),
    (r"front matter (?P<key>[^:]+): (?P<value>.+) differs from (?P<case>\S+)'s (?P=key)=(?P<stored>.+) \(participants "
     r"table, `cases set` or an earlier transcript\), which is kept; to change it: (?P<command>`qualcode cases set .+`)",
     "前置信息 {key}: {value} 与 {case} 已有的 {key}={stored}（来自受访者表、`cases set` 或先导入的转录稿）不同，保留原值；"
     "如需修改：{command}"),
    (r"memo (?P<id>\d+) was changed elsewhere since it was opened; it now reads: (?P<text>.*); nothing was saved",
     "备忘 {id} 在打开之后已在别处被修改，现在的内容是：{text}；没有保存"),
    (r"memo (?P<id>\d+) was changed elsewhere since it was shown; it now reads: (?P<text>.*); nothing was deleted",
     "备忘 {id} 在显示之后已在别处被修改，现在的内容是：{text}；没有删除"),
    (r"the memo here was changed elsewhere since the box opened \(it now reads: (?P<text>.*)\); nothing was saved",
     "这里的备忘在打开编辑框之后已在别处被修改（现在的内容是：{text}）；没有保存"),
    (r"the memo here was changed elsewhere since the box opened \(it was deleted\); nothing was saved",
     "这里的备忘在打开编辑框之后已在别处被删除；没有保存"),
    (r"(?P<path>.+): the file has its own (?P<own>.+); the computed score takes that name and the file's values are "
     r"kept as (?P<kept>.+)", "{path}：文件里已有 {own} 列；计算出的得分使用这个列名，文件原有的值保留为 {kept}"),
    (r"(?P<count>\d+) coding\(s\) whose words a revised transcript deleted are not counted \((?P<listed>.+)\); "
     r"`qualcode review` shows them", "{count} 条编码所在的文字已被修订的转录稿删除，未计入（{listed}）；`qualcode review` 可查看"),
    (r"(?P<path>.+): the answers hang together as they are \(α (?P<given>\S+) over all items\) but not once items "
     r"(?P<items>.+) are reverse-scored \(α (?P<scored>\S+)\): were those items recoded in the file already\? Then "
     r"every score is upside down; score the original answers, or a copy of the scale in scales/ without its "
     r"reverse list", "{path}：按原样计算，各题内部一致（全部题目 α {given}），但第 {items} 题反向计分后却不一致（α {scored}）："
     "这些题是否已在文件里反向编码过？如果是，所有得分都会颠倒；请用原始作答计分，或把量表复制到 scales/ 并清空其 reverse 列表"),
    (r"(?P<count>\d+) coding\(s\) on interviewer or other turns are not counted \((?P<listed>.+)\); --role all "
     r"counts them", "{count} 条编码位于访谈者或其他说话人的段落上，未计入（{listed}）；--role all 可计入"),
    (r"comparing wave (?P<pre>'[^']*') \(pre\) with (?P<post>'[^']*') \(post\): (?P<count>\d+) participant\(s\) seen "
     r"in both waves", "比较 {pre} 轮（前测）与 {post} 轮（后测）：两波均有资料的参与者 {count} 人"),
    (r"(?P<path>.+): the score tests pair (?P<count>\d+) participant\(s\) who answered both waves(?:, (?P<outside>\d+) "
     r"of them with no transcript in the code tests \((?P<outside_ids>[^)]*)\))?(?:; they pool the groups "
     r"(?P<pooled>.+): to test one group, give --scores a file of its rows only)?",
     "{path}：问卷得分的配对检验包括两波均作答的 {count} 人{outside}{pooled}"),
    (r"(?P<path>.+): no column (?P<column>'[^']*'): if a column holds the wave \(测量 前测/后测\), name it with "
     r"--wave-column, so each wave is one answer per participant and has its own α",
     "{path}：没有 {column} 列：如果另有一列记录波次（如 测量：前测/后测），请用 --wave-column 指出，这样每一波每人只算一份"
     "回答，并各自计算 α"),
    (r"(?P<path>.+): (?P<keys>\S+) answered in 2 rows or more: (?P<repeats>.+)",
     "{path}：同一 {keys} 的回答出现在 2 行或更多行：{repeats}"),
    # ---------------------------------------------------------------- a rejection overturned by id (suggestions accept ID)
    (r"#(?P<id>\d+) \((?P<document>\S+) #(?P<ordinal>\d+) (?P<code>\S+)\) was rejected by (?P<by>.+?)"
     r"(?: on (?P<when>\d{4}-\d{2}-\d{2}))?; it is accepted now \(`qualcode undo` rejects it again\)",
     "#{id}（{document} 第 {ordinal} 段 {code}）曾被 {by} 拒绝{when}；现在已接受（`qualcode undo` 可恢复为拒绝）"),
    # ---------------------------------------------------------------- scores compute's reliability lines
    (r"Reliability \(Cronbach's alpha, participants who answered every item of the factor\):",
     "信度（Cronbach's α，只计该因子每一题都作答的受访者）："),
    (r"(?P<indent>\s*)(?P<factor>\S+)(?P<gap>\s+)(?P<label>.+?): alpha (?P<alpha>\S+) \((?P<items>\d+) items, "
     r"n = (?P<n>\d+)\)", "{indent}{factor}{gap}{label}：α {alpha}（{items} 题，n = {n}）"),
    (r"Per wave \(each participant once\):", "各波次分别计算（每人只计一次）："),
    # one wave's α per factor: "  pre: GOAL 0.891 (n = 6), EMOTION 0.736 (n = 6)"
    (r"(?P<indent>\s+)(?P<wave>[^:\s]+): (?P<alphas>\S+ \S+ \(n = \d+\)(?:, \S+ \S+ \(n = \d+\))*)",
     lambda v: "{indent}{wave}：{alphas}".format(**{**v, "alphas": "，".join(
         re.sub(r"^(\S+) (\S+) \(n = (\d+)\)$", r"\1 α \2（n = \3）", part) for part in v["alphas"].split(", "))})),
    # an answer that cannot be scored (scoring.AnswerProblem, after the answers file)
    (r"(?P<file>.+?): row (?P<row>\d+)(?: \(id (?P<id>.+?)\))?, column (?P<column>.+?)(?: \(item (?P<item>\d+)\))?: "
     r"(?P<kind>missing|non-numeric|not-whole|out-of-range|missing-id)(?: (?P<value>.+?))?"
     r"(?:; expected (?P<expected>.+))?", lambda v: _answer_problem(v)),
    # ---------------------------------------------------------------- join (qualcode.analysis.join.JoinReport.summary)
    (r"(?P<total>\d+) rows joined, each matched on both sides", "已合并 {total} 行，每行两边都对上"),
    (r"(?P<total>\d+) rows: (?P<both>\d+) matched on both sides, (?P<matrix>\d+) only in the matrix, "
     r"(?P<scores>\d+) only in the scores",
     "共 {total} 行：{both} 行两边都对上，{matrix} 行只在矩阵中，{scores} 行只在问卷分数中"),
    (r"(?P<total>\d+) rows: (?P<both>\d+) matched on both sides, (?P<matrix>\d+) only in the matrix",
     "共 {total} 行：{both} 行两边都对上，{matrix} 行只在矩阵中"),
    (r"(?P<total>\d+) rows: (?P<both>\d+) matched on both sides, (?P<scores>\d+) only in the scores",
     "共 {total} 行：{both} 行两边都对上，{scores} 行只在问卷分数中"),
    (r"only in the matrix \(no scores\): (?P<ids>.+)", "只在矩阵中（没有问卷分数）：{ids}"),
    (r"only in the scores \(no transcript\): (?P<ids>.+)", "只在问卷分数中（没有访谈）：{ids}"),
    (r"(?P<scores>.+) in the scores are another spelling of (?P<matrix>.+) in the matrix and were not matched: "
     r"--normalize-ids matches them", "问卷分数中的 {scores} 是矩阵中 {matrix} 的另一种写法，没有对上：加 --normalize-ids 即可匹配"),
    (r"duplicate id (?P<id>\S+) in score rows (?P<rows>.+)", "问卷分数中编号 {id} 重复：第 {rows} 行"),
    # ---------------------------------------------------------------- the disk
    (r"cannot read or write the project database \((?P<error>.+?)\): the disk may be failing, disconnected or out "
     r"of space; the file itself is probably intact -- check the disk and run the command again \(`qualcode doctor` "
     r"checks the file\)",
     "无法读写项目数据库（{error}）：磁盘可能出了故障、已断开或空间不足；数据库文件本身很可能完好——请检查磁盘后重试"
     "（`qualcode doctor` 可检查该文件）"),
    (r"the disk is full \((?P<free>.+) on the disk holding (?P<folder>.+)\); free some space and run the command "
     r"again; the project is as it was before this command",
     "磁盘已满（{folder} 所在磁盘：{free}）；请释放空间后重试；项目保持在此操作之前的状态"),
)
_COMPILED = tuple((re.compile(pattern, re.DOTALL), template) for pattern, template in _ZH)
_VERBS = {"undone": "未撤销任何内容", "redone": "未重做任何内容"}
_UNITS = {"row": "行", "paragraph": "个段落", "caption turn": "个字幕段"}
_STATUSES = {"accepted": "接受", "rejected": "拒绝"}


def _listed_in_chinese(listed: str) -> str:
    """``A (1), B (2) and 50 more`` as a Chinese list: 、 between the codes, the rest counted."""
    named, _, more = listed.partition(" and ")
    rest = re.fullmatch(r"(\d+) more", more)
    return named.replace(", ", "、") + (f"等，另有 {rest[1]} 个" if rest else "")


def _work_zh(work: str) -> str:
    """``1 coding(s) by B, 2 memo(s)`` (import_history._work_since) in Chinese."""
    words = ((r"(\d+) coding\(s\) by (.+)", r"\2 的 \1 条编码"), (r"(\d+) memo\(s\)", r"\1 条备忘"),
             (r"(\d+) suggestion decision\(s\)", r"\1 个建议决定"), (r"(\d+) turn\(s\) marked reviewed", r"\1 个已审阅标记"))
    parts = []
    for part in work.split(", "):
        for pattern, template in words:
            if re.fullmatch(pattern, part):
                part = re.sub(pattern, template, part)
                break
        parts.append(part)
    return "、".join(parts)


def _brought_zh(brought: str) -> str:
    """``2 document(s) (S09, S10); new version(s) of S01_pre (version 2); 3 coding(s) and 1 memo(s)``."""
    out = []
    for part in brought.split("; "):
        part = re.sub(r"^(\d+) document\(s\) \((.+)\)$", r"\1 个文档（\2）", part)
        part = re.sub(r"^new version\(s\) of (.+)$", r"新版本：\1", part)
        part = re.sub(r" ?\(version (\d+)\)", r"（第 \1 版）", part)
        part = re.sub(r"^(\d+) coding\(s\) and (\d+) memo\(s\)$", r"\1 条编码和 \2 条备忘", part)
        out.append(part)
    return "；".join(out)


def _how_zh(how: str) -> str:
    """How to take a .qdpx import back by hand (qdpx_history._undo), in Chinese."""
    how = re.sub(r"remove each document it added with `qualcode documents delete NAME` \((.+?)\), or ",
                 r"用 `qualcode documents delete 文档名` 逐个删除它新增的文档（\1），或", how)
    how = re.sub(r"put the whole project back as it was before the import by copying (\S+) over (\S+) \(with no "
                 r"qualcode window open\)", r"把 \1 复制覆盖 \2（先关闭所有 qualcode 窗口），让整个项目回到导入之前", how)
    return re.sub(r", and delete the codebook it wrote, (.+)$", r"，并删除它写入的编码本 \1", how)


_PROBLEM_KINDS = {"missing": "缺答", "non-numeric": "不是数字", "not-whole": "不是整数", "out-of-range": "超出范围",
                  "missing-id": "缺少编号"}


def _answer_problem(v: dict) -> str:
    """``row 6 (id S03), column RSCA19 (item 19): out-of-range '7'; expected a whole number 1–5`` in Chinese."""
    expected = v["expected"]
    whole = re.fullmatch(r"a whole number (\S+)", expected)
    expected = f"{whole.group(1)} 之间的整数" if whole else ("编号" if expected == "an id" else expected)
    return (f"{v['file']}：第 {v['row']} 行" + (f"（编号 {v['id']}）" if v["id"] else "") + f"，{v['column']} 列"
            + (f"（第 {v['item']} 题）" if v["item"] else "") + f"：{_PROBLEM_KINDS[v['kind']]}"
            + (f" {v['value']}" if v["value"] else "") + (f"；应为{expected}" if expected else ""))


def message_in(language: str, message: str) -> str:
    """``message`` (an app-layer message without its place) in ``language``; English stays as it is."""
    if language != "zh":
        return message
    for pattern, template in _COMPILED:
        match = pattern.fullmatch(message)
        if match is None:
            continue
        values = {name: _part(language, name, value or "") for name, value in match.groupdict().items()}
        if callable(template):   # a message whose parts need more than a format (lists, optional parts)
            return template(values)
        if "verb" in values:
            values["verb"] = _VERBS.get(values["verb"], values["verb"])
        if values.get("dense"):
            values["dense"] = "，含句向量"
        if values.get("asked"):
            values["asked"] = "，访谈者问题加权 ×" + values["asked"].rsplit("×", 1)[1]
        if values.get("more"):
            values["more"] = f" 等另外 {values['more']} 人"
        if "of" in values:   # "2 of 3 split(s)": 3 次划分中的 2 次; "1 split(s)": 1 次划分
            of = values.pop("of")
            values["splits"] = f" {of} 次划分中的 {values['splits']} 次" if of else f" {values['splits']} 次划分"
        if values.get("think_aloud"):
            values["think_aloud"] = ("；如果没有标签的段落是受访者说的（只标出主持人的出声思维记录），请在 qualcode.toml 中设置 "
                                     "[transcripts] unlabelled_paragraphs = \"participant\" 后重新导入")
        if values.get("unlabelled"):
            values["unlabelled"] = "，或在 qualcode.toml 中设置 [transcripts] unlabelled_paragraphs = \"participant\""
        if "what" in values:
            values["what"] = _UNITS.get(values["what"], values["what"])
        if "status" in values:
            values["status"] = _STATUSES.get(values["status"], values["status"])
        if values.get("unplaced"):
            values["unplaced"] = f"；另有 {values['unplaced']} 条编码不在任何段落上，未显示（请运行 `qualcode doctor`）"
        if values.get("repeats"):   # describe_repeats: "S01/pre in rows 3, 7; S02/pre in rows 4, 9"
            values["repeats"] = "；".join(re.sub(r"^(.+) in rows (.+)$", r"\1 在第 \2 行", part)
                                         for part in values["repeats"].split("; "))
        if values.get("outside"):   # the pre/post score pairs without a transcript
            values["outside"] = f"，其中 {values['outside']} 人在编码检验中没有访谈资料（{values['outside_ids']}）"
        if values.get("pooled"):
            values["pooled"] = f"；合并了各组：{values['pooled']}——若只检验一组，请给 --scores 只含该组各行的文件"
        if values.get("when"):   # a date: "rejected by A on 2026-12-07"
            values["when"] = f"（{values['when']}）"
        if values.get("position"):
            values["position"] = f"（第 {values['position']} 个字符）"
        return template.format(**values)
    return message


def error_text(error: BaseException, language: str) -> str:
    """What the TUI shows for ``error``: its place as it is, its message in the interface language."""
    if not isinstance(error, QualcodeError):
        return f"{type(error).__name__}: {error}"
    message = message_in(language, error.message)
    if error.location is not None and str(error.location):
        return f"{error.location}: {message}"
    return message


def _part(language: str, name: str, value: str) -> str:
    if name == "t_details":  # the problems of a refused codebook edit, joined with "; "
        return "；".join(message_in(language, problem) for problem in value.split("; "))
    return message_in(language, value) if name.startswith("t_") else value
