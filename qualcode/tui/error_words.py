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

The patterns of two large families live beside this module and are tried in the same order as before:
the learned model's (``zh_learned_words``) and import's, export's and review's reports (``zh_import_words``).
"""

from __future__ import annotations

import re

from qualcode.core.errors import QualcodeError
from qualcode.tui.zh_import_words import IMPORT_AND_EXPORT
from qualcode.tui.zh_learned_words import LEARNED

# Named groups starting with ``t_`` are messages themselves and are translated too.
_ZH: tuple[tuple[str, str], ...] = (
    # ---------------------------------------------------------------- screens that need more than there is
    (r"disagreements need two coders' codings in this project",
     "分歧视图需要本项目中两位编码者的编码；现在只有一位编码者编过码"),
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
    *LEARNED,
    *IMPORT_AND_EXPORT,
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
    (r"the project folder was moved, renamed or removed while this window had it open; what you did is saved in the "
     r"folder where it is now: quit \(ctrl\+q\) and open the project from its new place",
     "项目文件夹在此窗口打开期间被移动、改名或删除；你所做的操作已保存在它现在所在的文件夹中：请退出（ctrl+q），再从新位置打开项目"),
    (r"the project database was replaced by another program while this window or command had it open \(a sync "
     r"service such as Dropbox, OneDrive or 坚果云 bringing another computer's copy, or a backup put in place\); "
     r"nothing was saved\. Everything this window had is kept in (?P<kept>\S+): quit, open the project again, and "
     r"bring its codings in with `qualcode merge` \(docs/safety\.md, \"Conflicted copies\"\)",
     "项目数据库在此窗口或命令打开期间被其他程序替换了（例如 Dropbox、OneDrive 或坚果云同步来另一台电脑上的副本，或放回了备份）；"
     "这一步未保存。此窗口中的全部内容已保存在 {kept}：请退出并重新打开项目，再用 `qualcode merge` 合并其中的编码"
     "（见 docs/safety.md“Conflicted copies”）"),
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
