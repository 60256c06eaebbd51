"""Interface text in English and Simplified Chinese.

Every string the TUI shows (apart from user data: transcripts, code labels,
memos) comes from :data:`STRINGS`, so a test can check both languages are
complete. Code labels follow the same choice through ``Code.label(language)``.
The language comes from ``--lang``, else ``[tui] language`` in qualcode.toml,
else ``[project] language``, else English.
"""

from __future__ import annotations

from collections.abc import Mapping

from qualcode.tui.learned_strings import LEARNED_STRINGS
from qualcode.tui.workbench_strings import WORKBENCH_STRINGS

LANGUAGES = ("en", "zh")

# key -> (English, 简体中文)
STRINGS: dict[str, tuple[str, str]] = {
    # app-wide
    "app.title": ("qualcode", "qualcode 质性编码"),
    "app.quit": ("Quit", "退出"),
    "app.help": ("Help", "帮助"),
    "app.back": ("Back", "返回"),
    "app.palette": ("Commands", "命令"),
    "app.refresh": ("Refresh", "刷新"),
    "app.codebooks_reloaded": ("Codebook changed on disk, loaded again: {files}", "编码本文件在外部有改动，已重新载入：{files}"),
    "app.refreshed": ("Reloaded changes made elsewhere", "已载入其他窗口的修改"),
    "app.error": ("Error", "错误"),
    "app.error_line": ("Error: {error}", "错误：{error}"),
    "app.quit_title": ("Do you want to quit?", "要退出吗？"),
    "app.quit_hint": ("Press {keys} to quit (everything is already saved)", "按 {keys} 退出（所有修改已保存）"),
    "app.not_available": ("not available", "不可用"),
    "app.cancel": ("Cancel", "取消"),
    "app.ok": ("OK", "确定"),
    "app.working": ("Working…", "处理中…"),
    "app.cancelled": ("Cancelled", "已取消"),
    "app.coder": ("Coder", "编码者"),
    "app.loading": ("Loading…", "加载中…"),
    "app.blind": ("BLIND: only your codings", "盲编：只显示你的编码"),
    "app.flagged": ("{count} revised to review (F8)", "{count} 条修订待复核（F8）"),
    "app.blind_no_disagreements": (
        "Disagreements show the other coder's codings, so they are not available in blind mode",
        "编码分歧会显示另一位编码者的编码，盲编模式下不可用",
    ),
    # screens
    "screen.home": ("Home", "首页"),
    "screen.coding": ("Coding", "编码"),
    "screen.search": ("Corpus search", "语料检索"),
    "screen.codebook": ("Codebook editor", "编码本编辑"),
    "screen.stats": ("Statistics", "统计"),
    "screen.export": ("Export", "导出"),
    "screen.help": ("Keys", "快捷键"),
    # home
    "home.documents": ("Documents", "文档"),
    "home.codes": ("Codes", "编码"),
    "home.codes_note": ("Counted as the exports count them (participant turns): {note}",
                        "计数与导出一致（只计受访者的段落）：{note}"),
    "home.col.name": ("Document", "文档"),
    "home.col.participant": ("Participant", "受访者"),
    "home.col.wave": ("Wave", "轮次"),
    "home.col.language": ("Lang", "语言"),
    "home.col.progress": ("Reviewed", "已审阅"),
    "home.col.pending": ("Pending", "待定建议"),
    "home.col.code": ("Code", "编码"),
    "home.col.label": ("Label", "名称"),
    "home.col.count": ("Count", "次数"),
    "home.filter": ("Filter documents (name, participant, wave)…", "筛选文档（名称、受访者、轮次）…"),
    "home.sort": ("Sort", "排序"),
    "home.sorted_by": ("Sorted by {column}", "按{column}排序"),
    "home.empty": (
        "No documents yet. Import transcripts with: qualcode import transcripts/",
        "还没有文档。用 qualcode import transcripts/ 导入访谈稿",
    ),
    "home.left": ("Documents · {left} of {total} participant turns left to code",
                  "文档 · 还有 {left} 个受访者段落待编码（共 {total} 个）"),
    "home.done": ("Documents · nothing left to code: all {total} participant turns done",
                  "文档 · 没有待编码的了：{total} 个受访者段落都已完成"),
    "home.open": ("Open", "打开"),
    "home.loading": ("Loading documents…", "正在读取文档…"),
    "home.speaker_warnings": (
        "⚠ {count} document(s) need a speaker check ({names}): no participant turns or one speaker with nearly "
        "all the text; `qualcode status` says more, ctrl+t in a transcript changes a speaker's role",
        "⚠ {count} 个文档需要检查说话人（{names}）：没有受访者段落，或一人占了几乎全部文字；"
        "`qualcode status` 有详情，在访谈稿中按 ctrl+t 更改说话人角色"),
    # coding
    "coding.codebook": ("Codebook", "编码本"),
    "coding.suggestions": ("Suggestions", "建议"),
    "coding.segment": ("Segment {ordinal}/{total}", "第 {ordinal}/{total} 段"),
    "coding.no_suggestions": ("No suggestions for this segment", "本段没有建议"),
    "coding.nlp_absent": (
        "Suggestions are not available (the suggestion engine is not installed)",
        "建议功能不可用（未安装建议引擎）",
    ),
    "coding.nlp_none_run": (
        "No suggestions stored yet; run: qualcode suggest",
        "尚无建议；请运行 qualcode suggest",
    ),
    "home.open_code": ("Passages of the highlighted code", "查看选中编码的段落"),
    "coding.code_search": ("Find a code (中文 or English)…", "查找编码（中文或英文）…"),
    "coding.picker_applied": ("✓ already here: Enter removes it", "✓ 已编码：回车将移除"),
    "coding.doc_search": ("Search in this document…", "在本文档中搜索…"),
    "coding.no_match": ("Not found: {query}", "未找到：{query}"),
    "coding.selection_edge": ("A selection stays inside its turn: #{ordinal} has {length} characters",
                              "选区不能超出本轮：第 {ordinal} 轮共 {length} 个字符"),
    "coding.match": ("Match {index}/{total}", "第 {index}/{total} 处"),
    "coding.added": ("+ {code}", "+ {code}"),
    "coding.removed": ("− {code}", "− {code}"),
    "coding.undone": ("Undone: {action}", "已撤销：{action}"),
    "coding.redone": ("Redone: {action}", "已重做：{action}"),
    "coding.nothing_undo": ("Nothing to undo", "没有可撤销的操作"),
    "coding.nothing_redo": ("Nothing to redo", "没有可重做的操作"),
    "coding.uncoded_earlier": (" ({count} earlier in this document, from #{ordinal})",
                               "（本文档前面还有 {count} 个，从第 {ordinal} 段起）"),
    "coding.no_uncoded_next_document": (
        "No uncoded participant turn after this one{earlier}. Next document with some: {document} ({count} "
        "uncoded) — press {keys} again to open it",
        "本文档后面没有未编码的受访者段落{earlier}。下一个还有未编码段落的文档：{document}（{count} 个）——"
        "再按 {keys} 打开它"),
    "coding.no_uncoded_anywhere": (
        "No uncoded participant turn after this one{earlier}, and every other document is coded or marked "
        "\"no code applies\"",
        "本文档后面没有未编码的受访者段落{earlier}；其他文档的受访者段落也都已编码或标记为无适用编码"),
    "coding.opened_next_document": ("{document}: its first uncoded participant turn, #{ordinal} ({count} uncoded)",
                                    "{document}：第一个未编码的受访者段落，第 {ordinal} 段（共 {count} 个未编码）"),
    "coding.no_pending": ("No pending suggestion after this one", "后面没有待定建议"),
    "coding.accepted": ("Accepted {code}", "已接受 {code}"),
    "coding.rejected": ("Rejected {code}", "已拒绝 {code}"),
    "coding.accepted_n": ("Accepted {count} suggestions ≥ {threshold}", "已接受 {count} 条 ≥ {threshold} 的建议"),
    "coding.selection": ("Selection {start}–{end}: {text}", "选区 {start}–{end}：{text}"),
    "coding.selection_hint": (
        "Selecting: ←/→ move end, shift+←/→ move start, a code key codes the selection, Esc cancels",
        "选择中：←/→ 移动终点，shift+←/→ 移动起点，按编码键给选区编码，Esc 取消",
    ),
    "coding.select_text": ("Type words of this segment to select…", "输入本段中的词语以选中…"),
    "coding.memo_title": ("Memo on {target}", "备忘：{target}"),
    "coding.memo_saved": ("Memo saved", "备忘已保存"),
    "coding.role_title": ("Role of {speaker} (now {role}): interviewer, participant, other, a case id, "
                          "or text (not a speaker)",
                          # No space: a space was the only break, so wrapping left a Latin name alone on a line.
                          "「{speaker}」的角色（现为{role}）：访谈者、受访者、其他、个案编号，"
                          "或「文本」（不是说话人）"),
    "coding.role_placeholder": ("interviewer / participant / other / P03 / text", "访谈者 / 受访者 / 其他 / P03 / 文本"),
    "coding.other": ("other", "其他"),
    "coding.text": ("text", "文本"),
    "coding.role_text": ("{speaker} is no speaker now: its lines are words of the turn before (u undoes)",
                         "{speaker} 不再是说话人：其各行归入前一段（u 撤销）"),
    "coding.role_resplit": ("Turns re-split: {gone} replaced by {new}; {moved} coding(s) now on another turn, "
                            "same words",
                            "已重新切分：{gone} 段换成 {new} 段；{moved} 个编码移到另一段，文字不变"),
    "coding.role_unplaced": ("{count} coding(s) span a new turn boundary: kept on their words with no turn "
                             "(qualcode doctor lists them; u undoes)",
                             "{count} 个编码跨越新的分段边界：保留原文字但不属于任何一段"
                             "（qualcode doctor 会列出；u 撤销）"),
    "coding.role_set_aside": ("{count} suggestion decision(s), reviewed mark(s) or memo(s) of turns that are gone "
                              "were set aside (u brings them back)",
                              "{count} 个建议决定、已审标记或备忘属于已不存在的段，已暂存（u 可恢复）"),
    "coding.role_changed": ("{speaker} is now {role}{case} in {turns} turns (u undoes)",
                            "{speaker} 现为{role}{case}，共 {turns} 段（u 撤销）"),
    "coding.role_no_speaker": ("This turn has no speaker label; roles are per speaker",
                               "本段没有说话人标签；角色按说话人设置"),
    "coding.conflict": (
        "This segment was changed in another window; it has been reloaded — press the key again",
        "本段已在其他窗口中修改，已重新载入——请再按一次",
    ),
    "coding.unknown_key": ("No code has the key {key}", "没有编码使用键 {key}"),
    "coding.new_version": (
        "{name} was imported again elsewhere: now showing its version {version}, at the same words",
        "{name} 已在别处重新导入：现在显示第 {version} 版，停在同样的文字处",
    ),
    "coding.document_deleted": (
        "{name} was deleted elsewhere (qualcode documents delete); back to the home screen",
        "{name} 已在别处被删除（qualcode documents delete）；已返回首页",
    ),
    "coding.document_import_undone": (
        "{name} was removed with the import you undid; back to the home screen",
        "{name} 随你撤销的导入一起被移除；已返回首页",
    ),
    "coding.version_removed": (
        "The version of {name} shown was removed (its import undone): now showing version {version}, from its start",
        "所显示的 {name} 版本已被移除（撤销了它的导入）：现在显示第 {version} 版，从开头起",
    ),
    "coding.memo_unsaved": ("The document was deleted while the memo was open, so it was not saved; its words: {text}",
                            "备忘编辑期间文档已被删除，备忘未保存；原文如下：{text}"),
    "coding.not_done": ("; nothing was done", "；未做任何改动"),
    "coding.not_done_again": ("; nothing was done on the old version — press the key again",
                              "；旧版本上未做任何改动——请再按一次"),
    "coding.reviews": (
        "The transcript was revised: {count} coding(s) on changed or deleted words need review "
        "(marked ⚠; F8 lists them)",
        "转录稿已修订：{count} 个编码所在的文字已改动或删除，需要复核（标记为 ⚠；按 F8 列出）",
    ),
    "coding.interviewer": ("interviewer", "访谈者"),
    "coding.participant": ("participant", "受访者"),
    "coding.threshold": ("Accept all ≥ {threshold}", "全部接受 ≥ {threshold}"),
    "coding.score": ("score", "得分"),
    # --- coding workbench (issue 16 items 1, 3, 4, 8, 9, 11; h/tuia) ---
    "coding.go_to_turn": ("Go to turn (1–{total}), Enter", "跳到第几段（1–{total}），回车"),
    "coding.no_turn": ("No turn {number}: this transcript has turns 1–{total}", "没有第 {number} 段：本文档共 1–{total} 段"),
    "coding.none_run_here": ("No suggestions yet: press {keys} to suggest codes for every document (Esc cancels)",
                             "还没有建议：按 {keys} 为全部文档生成编码建议（Esc 取消）"),
    "coding.already_decided": ("{code} is already {status}; ] and [ highlight another suggestion",
                               "{code} 已{status}；按 ] 或 [ 选中其他建议"),
    "coding.bulk_question": ("Accept every pending suggestion with a score ≥ {threshold}?",
                             "接受所有得分 ≥ {threshold} 的待定建议？"),
    "coding.bulk_document": ("In {document}: {count}", "本文档 {document}：{count} 条"),
    "coding.bulk_project": ("In the whole project: {count}", "整个项目：{count} 条"),
    "coding.bulk_none": ("No pending suggestion in the project to accept ({keys} suggests codes)",
                         "项目中没有可接受的待定建议（按 {keys} 生成建议）"),
    "coding.bulk_bad_threshold": ("Type a threshold from 0 to 1, such as 0.75 (not “{typed}”); nothing is accepted",
                                  "请输入 0 到 1 之间的阈值，例如 0.75（而不是“{typed}”）；不会接受任何建议"),
    "status.pending": ("pending", "待定"),
    "status.accepted": ("accepted", "已接受"),
    "status.rejected": ("rejected", "已拒绝"),
    # an undecided suggestion whose code the turn has already (coded by hand): no longer pending
    "status.coded": ("coded", "已编码"),
    "evidence.exact": ("keyword", "关键词"),
    "evidence.lemma": ("word form", "词形"),
    "evidence.substring": ("in a word", "词内匹配"),
    "evidence.fuzzy": ("near spelling", "近似拼写"),
    "evidence.regex": ("pattern", "正则"),
    "evidence.near": ("words near each other", "邻近词"),
    "evidence.negated": ("negated", "否定"),
    "evidence.learned": ("like your codings", "与你的编码相似"),
    "evidence.because": (" ({kind}: {keyword})", "（{kind}：{keyword}）"),   # after a keyword hit in context
    "history.where_turn": ("{document} #{ordinal}", "{document} 第 {ordinal} 段"),
    "history.coding_add": ("coding {code} on {where}", "编码「{code}」（{where}）"),
    "history.coding_remove": ("removal of coding {code} on {where}", "移除编码「{code}」（{where}）"),
    "history.accept": ("acceptance of {code} on {where}", "接受建议「{code}」（{where}）"),
    "history.accept_n": ("acceptance of {count} suggestions", "接受 {count} 条建议"),
    "history.reject": ("rejection of {code} on {where}", "拒绝建议「{code}」（{where}）"),
    "history.reject_n": ("rejection of {count} suggestions", "拒绝 {count} 条建议"),
    "history.places": (": {places}{more}", "：{places}{more}"),
    "history.place": ("{code} on {where}", "「{code}」（{where}）"),
    "history.places_sep": (", ", "，"),
    "history.places_more": (" and {count} more", " 等，另有 {count} 条"),
    "history.review_mark": ("review mark on {where}", "已审阅标记（{where}）"),
    "history.review_unmark": ("removal of the review mark on {where}", "取消已审阅标记（{where}）"),
    "history.review_mark_documents_n": ("{count} turns marked \"no code applies\"", "{count} 个段落标记为“无适用编码”"),
    "history.review_mark_documents": ("a turn marked \"no code applies\"", "1 个段落标记为“无适用编码”"),
    "history.memo": ("memo on {where}", "备忘（{where}）"),
    "history.memo_on_coding": ("the coding {code} on {where}", "「{code}」编码，{where}"),
    "history.memo_on_document": ("document {document}", "文档 {document}"),
    "history.memo_on_code": ("code {code}", "编码「{code}」"),
    "history.memo_on_case": ("case {case}", "个案 {case}"),
    "history.memo_on_project": ("the project", "项目"),
    "history.memo_on_gone": ("a {kind} no longer in the project", "一个已不在项目中的{kind}"),
    "history.memo_kind.coding": ("coding", "编码记录"),
    "history.memo_kind.segment": ("turn", "话轮"),
    "history.memo_kind.document": ("document", "文档"),
    "history.memo_kind.code": ("code", "编码"),
    "history.memo_kind.case": ("case", "个案"),
    "history.memo_kind.project": ("project", "项目"),
    "history.memo_edit": ("change of the memo on {where}", "修改备忘（{where}）"),
    "history.memo_delete": ("deletion of the memo on {where}", "删除备忘（{where}）"),
    "history.speaker_roles": ("speaker roles {changes} in {document}", "说话人角色 {changes}（{document}）"),
    "history.set_aside": ("; {count} pending suggestion(s) of turns now gone set aside (undo or redo brings them back)",
                          "；已移出 {count} 条待定建议（其语段已不在，撤销或重做可恢复）"),
    "history.codings_import": ("import of {count} coding(s) from {file}", "从 {file} 导入的 {count} 条编码"),
    "history.cases_import": ("attributes of {count} case(s) read from {file}", "从 {file} 读入的 {count} 个个案的属性"),
    "history.cases_set": ("attributes of case {case}", "个案 {case} 的属性"),
    "history.transcripts_import": ("import of {count} document(s) ({what})", "导入的 {count} 个文档（{what}）"),
    "history.import_removed": ("removed {names}", "已移除 {names}"),
    "history.import_restored": ("{name} back to version {version}", "{name} 恢复为第 {version} 版"),
    "history.import_version": ("{name} version {version}", "{name} 第 {version} 版"),
    "history.import_gone": ("{count} document(s) deleted since", "{count} 个文档此后已删除"),
    "history.import_cases_kept": ("attributes changed since kept for {names}", "此后改过的属性保留不变：{names}"),
    "history.import_cases_only": ("case attributes only", "仅个案属性"),
    "history.import_sep": ("; ", "；"),
    "history.qdpx_import": ("import of {file} ({count} document(s))", "{file} 的导入（{count} 个文档）"),
    "history.other": ("{action}", "{action}"),
    "history.codes_merge": ("merge of {source} into {target} ({moved} coding(s) moved{merged})",
                            "把「{source}」合并到「{target}」（移过 {moved} 条编码{merged}）"),
    "history.codes_merge_folded": (", {count} folded into an existing coding of the same passage",
                                   "，{count} 条并入同一段落已有的编码"),
    "history.codebook_edit_what": ("codebook edit ({what})", "编码本修改（{what}）"),
    "history.coders_merge": ("merge of {count} coding(s) from the project {source}", "从项目 {source} 合并进来的 {count} 条编码"),
    "undo.elsewhere_question": (
        "Your latest action was not made in this window: {action} — {where}, {when}. Undo it?",
        "你最近的操作不是在本窗口做的：{action}——{where}，{when}。要撤销它吗？"),
    "undo.elsewhere_yes": ("Undo it (y)", "撤销（y）"),
    "undo.elsewhere_no": ("Keep it (n/Esc/Enter)", "保留（n/Esc/Enter）"),
    "undo.elsewhere_kept": ("Nothing changed", "未做任何改动"),
    "undo.redo_elsewhere_question": (
        "The action to redo was not undone in this window: {action} — {where}, {when}. Redo it?",
        "要重做的操作不是在本窗口撤销的：{action}——{where}，{when}。要重做它吗？"),
    "undo.redo_yes": ("Redo it (y)", "重做（y）"),
    "undo.from_cli": ("made from the command line", "在命令行中做的"),
    "undo.from_window": ("made in another window or an earlier session", "在另一个窗口或之前的会话中做的"),
    "undo.from_open_window": ("made in another qualcode window, open now (process {pid})",
                              "在另一个仍开着的 qualcode 窗口中做的（进程 {pid}）"),
    "undo.from_closed_window": ("made in an earlier qualcode session, closed now",
                                "在之前一次已关闭的 qualcode 会话中做的"),
    "undo.from_program": ("made by a Python program using qualcode's library", "由调用 qualcode Python 库的程序做的"),
    "undo.from_elsewhere": ("made outside this window", "在本窗口之外做的"),
    "undo.ago_now": ("just now ({clock})", "刚才（{clock}）"),
    "undo.ago_minutes": ("{count} minute(s) ago ({clock})", "{count} 分钟前（{clock}）"),
    "undo.ago_hours": ("{count} hour(s) ago ({clock})", "{count} 小时前（{clock}）"),
    "undo.ago_days": ("{count} day(s) ago ({clock})", "{count} 天前（{clock}）"),
    "coding.interviewer_confirm": (
        "#{ordinal} is an interviewer turn, which is not participant data. Code it with {code}? "
        "(Asked once: yes codes interviewer turns for the rest of this session.)",
        "第{ordinal}段是访谈者的话，不算受访者资料。仍要编码为「{code}」吗？（本次会话只问这一次）"),
    "coding.interviewer_yes": ("Code it (y)", "编码（y）"),
    "coding.interviewer_no": ("Cancel (n/Esc)", "取消（n/Esc）"),
    "coding.selection_at_end": ("The selection reached the end of turn #{ordinal}", "选区已到第 {ordinal} 段末尾"),
    "coding.occurrence": ("Occurrence {index} of {total} in this turn ({keys}, Enter: the next one)",
                          "本段第 {index}/{total} 处（按 {keys} 再回车：下一处）"),
    "coding.side_hidden": ("Side panel hidden: {keys} shows it again", "侧栏已隐藏：按 {keys} 重新显示"),
    "coding.side_shown": ("Side panel shown ({keys} hides it)", "侧栏已显示（按 {keys} 隐藏）"),
    "coding.batch_done": ("Suggested: {documents} document(s) processed, {skipped} already done; "
                          "{new} new suggestion(s), {updated} updated",
                          "建议已生成：处理了 {documents} 个文档，{skipped} 个此前已完成；新增 {new} 条，更新 {updated} 条"),
    "coding.batch_cancelled_nothing": (
        "Suggesting codes for the project ({keys}) cancelled: nothing changed",
        "已取消为整个项目生成编码建议（{keys}）：未做任何改动"),
    "coding.batch_cancelled_some": (
        "Suggesting codes for the project ({keys}) cancelled: the suggestions of {saved} of {total} document(s) "
        "were saved before and are kept ({keys} goes on with the other {rest}); nothing else changed",
        "已取消为整个项目生成编码建议（{keys}）：{total} 个文档中已有 {saved} 个的建议此前已保存，予以保留"
        "（再按 {keys} 继续处理其余 {rest} 个）；其他未做任何改动"),
    "coding.batch_held": ("; {count} on turns marked \"no code applies\" kept as candidates",
                          "；{count} 条位于“无适用编码”段落，仅作候选"),
    "coding.pending_here": ("{count} pending, ▶ {code} (a accepts, r rejects)", "{count} 条待定，▶ {code}（a 接受，r 拒绝）"),
    "coding.out_of_view": ("(#{ordinal} is scrolled out of view; code keys still code it, j/k bring it back)",
                           "（第{ordinal}段不在视图中；编码键仍作用于它，按 j/k 回到它）"),
    "coding.bulk_skipped": ("{count} left alone, e.g. {first}", "{count} 条未处理，例如：{first}"),
    # --- end of h/tuia block ---
    # search
    "search.placeholder": ("Search all documents (Enter)…", "在所有文档中搜索（回车）…"),
    "search.results": ("{count} hits", "{count} 处结果"),
    "search.col.document": ("Document", "文档"),
    "search.col.segment": ("Seg", "段"),
    "search.col.context": ("Keyword in context", "关键词上下文"),
    # codebook editor
    "cb.add": ("Add code", "新增编码"),
    "cb.rename": ("Rename", "重命名"),
    "cb.move": ("Move", "移动"),
    "cb.merge": ("Merge into…", "合并到…"),
    "cb.keywords": ("Keywords", "关键词"),
    "cb.id": ("Code id (e.g. PF_HOPE)", "编码 id（如 PF_HOPE）"),
    "cb.add_under": ("New code under {parent}: its id (e.g. PF_HOPE)", "新编码放在「{parent}」之下：编码 id（如 PF_HOPE）"),
    "cb.add_top": ("New theme at the top level of {path}: its id (e.g. PF_HOPE)",
                   "新主题放在 {path} 的顶层：编码 id（如 PF_HOPE）"),
    "cb.added_under": ("Added {code} under {parent} ({path})", "已新增「{code}」，位于「{parent}」之下（{path}）"),
    "cb.moved_under": ("Moved {code} under {parent} ({path})", "已把「{code}」移到「{parent}」之下（{path}）"),
    "cb.moved_top": ("Moved {code} to the top level, a theme ({path})", "已把「{code}」移到顶层，作为主题（{path}）"),
    "cb.added_top": ("Added the theme {code} at the top level of {path}", "已在 {path} 的顶层新增主题「{code}」"),
    "cb.label_zh": ("Chinese label", "中文名称"),
    "cb.label_en": ("English label", "英文名称"),
    "cb.parent": ("Parent code id (empty: top level)", "上级编码 id（留空为顶层）"),
    "cb.target": ("Target code id", "目标编码 id"),
    "cb.keywords_zh": ("Chinese keywords, comma separated", "中文关键词，逗号分隔"),
    "cb.keywords_en": ("English keywords, comma separated", "英文关键词，逗号分隔"),
    "cb.saved": ("Codebook saved: {path}", "编码本已保存：{path}"),
    "cb.details": ("Details", "详情"),
    # stats
    "stats.by_participant": ("Codings per participant", "各受访者编码数"),
    "stats.by_wave": ("Codings per wave", "各轮次编码数"),
    "stats.by_code": ("Codings per code", "各编码次数"),
    "stats.heat": ("Participant × code", "受访者 × 编码"),
    "stats.no_data": ("No codings yet", "尚无编码"),
    # export
    "export.title": ("Export", "导出"),
    "export.kind": ("What", "内容"),
    "export.format": ("Format", "格式"),
    "export.path": ("Output file", "输出文件"),
    "export.run": ("Export", "导出"),
    "export.done": ("Written: {path}", "已写入：{path}"),
    "export.unavailable": (
        "Exports are not available (the export functions are not installed)",
        "导出不可用（未安装导出功能）",
    ),
    # codings flagged after a transcript was revised
    "flagged.title": ("Codings flagged after a transcript was revised", "访谈稿修订后待复核的编码"),
    "flagged.none": ("Nothing to review: every coding moved onto the same words.",
                     "没有待复核的编码：所有编码都已落在相同的文字上。"),
    "flagged.col.document": ("Document", "文档"),
    "flagged.col.code": ("Code", "编码"),
    "flagged.col.coder": ("Coder", "编码者"),
    "flagged.col.reason": ("Why", "原因"),
    "flagged.col.old": ("Old text", "原文字"),
    "flagged.col.new": ("New text", "新文字"),
    "flagged.changed": ("changed", "已改动"),
    "flagged.deleted": ("deleted", "已删除"),
    "flagged.clipped": ("clipped to its turn", "已截到本轮"),
    "flagged.split": ("split per turn", "已按轮拆分"),
    "flagged.old": ("Before", "修订前"),
    "flagged.new": ("Now", "修订后"),
    "flagged.gone": ("(deleted: the coding stays on the earlier version)", "（已删除：编码保留在旧版本上）"),
    "flagged.no_jump": (
        "Its words were deleted, so the coding stays on the earlier version; recode the passage, then press x",
        "这段文字已被删除，编码保留在旧版本上；请重新编码相应段落，再按 x",
    ),
    "flagged.resolved": ("Marked resolved: {code} in {document}", "已复核：{document} 中的 {code}"),
    # help
    "help.title": ("Every key", "全部快捷键"),
    "help.col.key": ("Key", "按键"),
    "help.col.action": ("Action", "操作"),
    "help.col.where": ("Where", "位置"),
    "help.code_keys": ("Code keys (toggle on the current segment or selection)", "编码键（在当前段落或选区上切换）"),
}


# The workbench screens (issue 16) and the learned model's words (issue 13) are blocks of their own modules;
# merged in this order, after the table above.
STRINGS.update(WORKBENCH_STRINGS)
STRINGS.update(LEARNED_STRINGS)


class Translator:
    """Looks up interface strings in one language; unknown keys show themselves.

    ``table`` is :data:`STRINGS` for the TUI; the command line passes its own (``qualcode.cli.words``).
    """

    def __init__(self, language: str = "en", table: Mapping[str, tuple[str, str]] | None = None) -> None:
        self.language = normalise_language(language)
        self._column = LANGUAGES.index(self.language)
        self._table = STRINGS if table is None else table

    def __call__(self, key: str, **values: object) -> str:
        pair = self._table.get(key)
        if pair is None:
            return key
        text = pair[self._column]
        return text.format(**values) if values else text


def normalise_language(value: str | None) -> str:
    """Accept zh, zh-CN, zh_cn, cn, chinese, en, en-US … ; anything else is English."""
    from qualcode.core.config import interface_language

    return (interface_language(value) if value else None) or "en"


def system_language(environ: Mapping[str, str]) -> str:
    """The interface language the operating system's locale asks for: the first of ``LC_ALL``, ``LC_MESSAGES``
    and ``LANG`` that is set (the order the C library reads them for messages); ``zh_CN.UTF-8`` and the like
    give zh, anything else (``C``, ``en_US.UTF-8``, none set) en. ``qualcode init`` writes it as the new
    project's ``[tui] language`` when no ``--lang`` is given."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").strip()
        if value:
            return normalise_language(value.split(".")[0])
    return "en"


def choose_language(cli_value: str | None, config: Mapping[str, object]) -> str:
    """``--lang`` beats ``[tui] language`` which beats ``[project] language``."""
    if cli_value:
        return normalise_language(cli_value)
    for section in ("tui", "project"):
        table = config.get(section)
        if isinstance(table, Mapping) and table.get("language"):
            return normalise_language(str(table["language"]))
    return "en"
