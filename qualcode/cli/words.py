"""The result lines of the everyday commands in the interface language (English or Simplified Chinese).

The same mechanism as the TUI's (:class:`qualcode.tui.i18n.Translator`: key -> (English, 简体中文)) and the
same choice of language: ``--lang``, else ``[tui] language``, else ``[project] language``, else English,
so a researcher who reads the workbench in Chinese reads ``status`` and ``import`` in Chinese too.
Warnings get their prefix here (``warning_line``) and their message through :func:`library_note` (a message
without a pattern stays English whole); errors get their prefix here
(``error.stderr``, through :func:`qualcode.cli.error_line`) and keep their message as the library wrote it. Machine-readable output
(CSV, JSON, written files) is not translated. A library note inside a result line (the engine line's "built, 40 coded turn(s) by A, 0 reviewed
uncoded", why no model was trained) goes through :func:`library_note`, the TUI's translation of the app
layer's messages. The English texts are the lines the commands always printed.
"""

from __future__ import annotations

from qualcode.cli import ERROR_LINE

# key -> (English, 简体中文)
CLI_STRINGS: dict[str, tuple[str, str]] = {
    # init (in the interface language it writes: --lang, else the system locale's)
    "init.created": ("Created a qualcode project in {root}", "已创建 qualcode 项目：{root}"),
    "init.language": ("  interface language {language} (from {origin}; [tui] language in qualcode.toml)",
                      "  界面语言 {language}（来自{origin}；可在 qualcode.toml 的 [tui] language 中修改）"),
    "init.origin.lang": ("--lang", " --lang"),
    "init.origin.locale": ("the system locale", "系统语言环境"),
    "init.codebooks": ("  codebooks/   {names}", "  codebooks/   {names}"),
    "init.transcripts": ("  transcripts/ put interview files here, then run `qualcode import transcripts/`",
                         "  transcripts/ 把访谈文件放在这里，然后运行 `qualcode import transcripts/`"),
    # warnings: the prefix in the interface language, the library's message through library_note
    "warning.stderr": ("qualcode: warning: {message}", "qualcode：警告：{message}"),
    # errors (qualcode.cli.error_line): the prefix in the interface language, the message as it is
    "error.stderr": ERROR_LINE,
    "warning.line": ("warning: {message}", "警告：{message}"),
    "note.line": ("note: {message}", "注意：{message}"),
    "warning.document": ("warning: {document}: {message}", "警告：{document}：{message}"),
    "suggestions.damaged": ("{count} suggestion(s) have damaged evidence; run `qualcode suggest --force` to "
                            "recompute pending ones",
                            "{count} 条建议的依据已损坏；运行 `qualcode suggest --force` 可重新计算待定的建议"),
    "suggestions.skipped": ("qualcode: skipped {reason}", "qualcode：已跳过 {reason}"),
    "suggestions.accepted": ("{count} suggestion(s) accepted, {created} coding(s) created as {coder} (undo with "
                             "`qualcode undo`)",
                             "已接受 {count} 条建议，以 {coder} 的名义新建 {created} 条编码（可用 `qualcode undo` 撤销）"),
    "suggestions.rejected": ("{count} suggestion(s) rejected (undo with `qualcode undo`)",
                             "已拒绝 {count} 条建议（可用 `qualcode undo` 撤销）"),
    # suggestions list's evidence column in Chinese (evidence_in); the English is describe_evidence's own, and the
    # panel's phrases (like your codings of …, strongest terms: …, the kinds of keyword hit) come from the TUI's table
    "evidence.learned_line": ("{reason} (learned, {note})", "{reason}（学习模型：{note}）"),
    "evidence.hit": ("{matched}({kind}{note})", "{matched}（{kind}{note}）"),
    # codebook validate
    "codebook.ok": ("ok  {path}  {name} v{version}: {codes} codes, {leaves} leaves, {keywords} keywords",
                    "通过  {path}  {name} v{version}：{codes} 个编码，{leaves} 个叶编码，{keywords} 个关键词"),
    # status
    "status.project": ("Project {root}", "项目 {root}"),
    "status.counts": ("{documents} documents, {cases} cases, {segments} segments ({participant} by participants), "
                      "{codes} codes",
                      "{documents} 个文档，{cases} 个个案，{segments} 个段落（受访者段落 {participant} 个），{codes} 个编码"),
    "status.progress": ("{coded}/{participant} participant segments coded, {codings} codings, "
                        "{pending} suggestions pending",
                        "已编码受访者段落 {coded}/{participant}，{codings} 条编码，{pending} 条建议待定"),
    "status.col.document": ("document", "文档"),
    "status.col.participant": ("participant", "受访者"),
    "status.col.wave": ("wave", "轮次"),
    "status.col.lang": ("lang", "语言"),
    "status.col.coded": ("coded", "已编码"),
    "status.col.pending": ("pending", "待定建议"),
    # import
    "import.col.file": ("file", "文件"),
    "import.col.status": ("status", "状态"),
    "import.col.participant": ("participant", "受访者"),
    "import.col.encoding": ("encoding", "文字编码"),
    "import.col.language": ("language", "语言"),
    "import.col.turns": ("turns", "话轮"),
    "import.col.warnings": ("warnings", "警告"),
    "import.status.imported": ("imported", "已导入"),
    "import.status.new version": ("new version", "新版本"),
    "import.status.re-split": ("re-split", "已重新切分"),
    "import.status.unchanged": ("unchanged", "未变"),
    "import.status.not imported": ("not imported", "未导入"),
    "import.status.participants": ("participants", "受访者信息表"),
    "import.status.qdpx": ("qdpx", "qdpx"),
    "import.status.pending": ("pending", "待处理"),
    "import.progress": ("Importing", "正在导入"),
    "import.speaker": ("{name}: {role} — {reason} ({turns} turn(s))", "{name}：{role}——{reason}（{turns} 个话轮）"),
    "role.interviewer": ("interviewer", "访谈者"),
    "role.participant": ("participant", "受访者"),
    "role.other": ("other", "其他"),
    "role.text": ("text", "正文"),
    "import.speakers": ("{document} speakers:", "{document} 的说话人："),
    "import.speakers_recognised": ("{count} documents' speakers are all recognised labels: {speakers}",
                                   "{count} 个文档的说话人都是识别出的说话人标签：{speakers}"),
    "import.speaker_role": ("{name} ({role})", "{name}（{role}）"),
    "codings_import.head": ("{path}: {form} sheet, {rows} rows; matched {matched}{how}",
                            "{path}：{form}表，{rows} 行；匹配 {matched} 行{how}"),
    "codings_import.added": ("  codings added: {added}{present}", "  新增编码：{added} 条{present}"),
    "codings_import.present": (" ({count} were already there)", "（另有 {count} 条原已存在）"),
    "codings_import.form.long": ("long", "长"),
    "codings_import.form.wide": ("wide", "宽"),
    "codings_import.how.segment number": ("segment number", "按段落编号"),
    "codings_import.how.exact text": ("exact text", "按原文"),
    "codings_import.how.text without speaker label": ("text without speaker label", "按去掉说话人标签的原文"),
    "codings_import.how.excerpt": ("excerpt", "按摘录"),
    "codings_import.how.similar text": ("similar text", "按相似文本"),
    "codings_import.how.several turns": ("several turns", "跨多个段落"),
    "codings_import.how.text, not its segment number": ("text, not its segment number", "按原文而非段落编号"),
    "import.summary": ("{imported} imported, {versions} new version(s), {resplit}{unchanged} unchanged",
                       "导入 {imported} 个，新版本 {versions} 个，{resplit}未变 {unchanged} 个"),
    "import.resplit": ("{count} re-split, ", "重新切分 {count} 个，"),
    # review done / status
    "review.done": ('{document}: {marked} turn(s) marked "no code applies" ({coded} coded, {no_code} no code, '
                    "{left} left of {turns})",
                    "{document}：{marked} 个段落标为“无适用编码”（已编码 {coded}，无适用编码 {no_code}，"
                    "共 {turns} 个中还剩 {left} 个）"),
    "review.done.undo": ("`qualcode undo` takes the marking back", "`qualcode undo` 可撤销这次标记"),
    "review.none": ("No documents.", "没有文档。"),
    "review.col.document": ("document", "文档"),
    "review.col.turns": ("participant turns", "受访者段落"),
    "review.col.coded": ("coded", "已编码"),
    "review.col.no_code": ("no code applies", "无适用编码"),
    "review.col.left": ("left", "待审阅"),
    # suggest
    "suggest.engine": ("engine: {engine} (learned model: {learned})", "引擎：{engine}（学习模型：{learned}）"),
    "suggest.summary": ("{documents} document(s) processed ({segments} segments), {skipped} already done; "
                        "{new} new suggestion(s), {updated} updated, {withdrawn} withdrawn; "
                        "{decided} already decided and {coded} already coded were left alone",
                        "已处理 {documents} 个文档（{segments} 个段落），{skipped} 个此前已完成；"
                        "新建议 {new} 条，更新 {updated} 条，撤回 {withdrawn} 条；"
                        "已决定的 {decided} 条和已编码的 {coded} 条未改动"),
    "suggest.candidates": ("{count} ranked candidate(s) below min_score kept for the panel (never pending; "
                           "`qualcode suggestions list --status candidate`)",
                           "{count} 个低于 min_score 的候选保留在面板中（不会成为待定建议；"
                           "`qualcode suggestions list --status candidate`）"),
    "suggest.held_no_code": ("{count} suggestion(s) on turns you marked \"no code applies\" kept as candidates, "
                             "not for review (`--ask-no-code-turns --force` puts them up for review)",
                             "{count} 条建议位于你标为“无适用编码”的段落，仅作为候选保留，不进入审阅"
                             "（`--ask-no-code-turns --force` 可将其列入审阅）"),
    "suggest.progress": ("Suggesting", "正在生成建议"),
    # suggestions list
    "suggestions.col.document": ("document", "文档"),
    "suggestions.col.seg": ("seg", "段"),
    "suggestions.col.code": ("code", "编码"),
    "suggestions.col.score": ("score", "得分"),
    "suggestions.col.status": ("status", "状态"),
    "suggestions.col.evidence": ("evidence", "依据"),
    "suggestions.status.pending": ("pending", "待定"),
    "suggestions.status.accepted": ("accepted", "已接受"),
    "suggestions.status.rejected": ("rejected", "已拒绝"),
    "suggestions.status.candidate": ("candidate", "候选"),
    "suggestions.status.coded": ("coded", "已编码"),
    "suggestions.count": ("{count} suggestion(s)", "{count} 条建议"),
    "suggestions.not_shown": (", {count} not shown (--limit)", "，另有 {count} 条未显示（--limit）"),
    # next
    "next.col.document": ("document", "文档"),
    "next.col.seg": ("seg", "段"),
    "next.col.code": ("unsure about", "最没把握的编码"),
    "next.col.score": ("score", "得分"),
    "next.col.threshold": ("threshold", "阈值"),
    "next.col.text": ("text", "文本"),
    "next.col.coded_by": ("coded by", "编码者"),
    "cases.col.case": ("case", "个案"),
    "cases.col.attributes": ("attributes", "属性"),
    "cases.read": ("{count} case(s) read from {table}: {new} new, {changed} changed, {unchanged} unchanged",
                   "从 {table} 读入 {count} 个个案：新建 {new} 个，更改 {changed} 个，未变 {unchanged} 个"),
    "cases.updated": ("Updated {case}", "已更新 {case}"),
    "cases.created": ("Created case {case}: no case of that name was in the project",
                      "已新建个案 {case}：项目中原本没有这个名称的个案"),
    "cases.created_similar": (" (did you mean {similar}? `qualcode cases list` shows them)",
                              "（是不是指 {similar}？`qualcode cases list` 列出所有个案）"),
    "cases.created_link": ("; its transcripts link to it when they are imported with participant {case}",
                           "；以受访者 {case} 导入的转录稿会关联到它"),
    "next.summary": ("{shown} of {total} uncoded participant turn(s) shown (learned model: {note})",
                     "共 {total} 个未编码的受访者段落，显示 {shown} 个（学习模型：{note}）"),
    "next.summary_chosen": ("{shown} of {total} participant turn(s) not coded by {coders} shown (learned model: "
                            "{note})",
                            "共 {total} 个 {coders} 未编码的受访者段落，显示 {shown} 个（学习模型：{note}）"),
    "next.sampled": ("the model looked at {looked_at} of them, drawn at random so that next answers in seconds on a "
                     "large project (the same draw until it is retrained; [suggest] next_sample in qualcode.toml)",
                     "模型比较了其中随机抽取的 {looked_at} 个，以便大项目也能在几秒内给出结果（模型重新训练前抽取不变；"
                     "qualcode.toml 中的 [suggest] next_sample）"),
    "next.coded_by_others": ("{count} of them coded by other coders only, whose codings do not train this model "
                             "([suggest] train_coders / --train-coder)",
                             "其中 {count} 个仅由其他编码者编码，他们的编码不用于训练该模型"
                             "（[suggest] train_coders / --train-coder）"),
    # eval suggestions
    "eval.header": ("Suggestions (score >= {min_score}) vs {reference}, {segments} participant segments",
                    "建议（得分 >= {min_score}）对照{reference}，{segments} 个受访者段落"),
    "eval.by_coder": ("codings by {coder}", " {coder} 的编码"),
    "eval.left_out_accepted": ("{turns} turn(s) left out ({codings} coding(s) by {coder} made by accepting a "
                               "suggestion): a suggestion graded against the coding it produced would be circular",
                               "已排除 {turns} 个段落（{coder} 接受建议而产生的 {codings} 条编码）："
                               "用建议自身产生的编码来评判该建议是循环论证"),
    "eval.col.code": ("code", "编码"),
    "eval.col.support": ("support", "人工编码数"),
    "eval.col.precision": ("precision", "精确率"),
    "eval.col.recall": ("recall", "召回率"),
    "eval.row.micro": ("micro", "微平均"),
    "eval.row.macro": ("macro", "宏平均"),
    "eval.folds": ("micro-F1 per fold: {values}", "各折 micro-F1：{values}"),
    "eval.learned_for": ("learned for {code}: {words}", "{code} 学到的关键词：{words}"),
    "eval.repeats": ("micro-F1 over {count} repeated splits: mean {mean} ({values})",
                     "{count} 次重复划分的 micro-F1：平均 {mean}（{values}）"),
    "eval.recall": ("engine {engine}: recall@{k} {recall} (share of human (turn, code) pairs among the turn's {k} "
                    "best-ranked suggestions)",
                    "引擎 {engine}：recall@{k} {recall}（人工的（段落，编码）对中，编码排在该段落前 {k} 条建议之内的比例）"),
    "eval.curve": ("learning curve (share of documents coded: micro-F1, recall@3):",
                   "学习曲线（已编码文档的比例：micro-F1，recall@3）："),
    "eval.curve_point": ("  {label}{coded}: micro-F1 {f1}, recall@{k} {recall}",
                         "  {label}{coded}：micro-F1 {f1}，recall@{k} {recall}"),
    "eval.curve_coded": (" ({coded} of {documents} documents)", "（{documents} 个文档中的 {coded} 个）"),
    # export
    "export.wrote": ("Wrote {path}{shape}", "已写入 {path}{shape}"),
    "export.wrote_memos": ("Wrote {path} ({count} memos)", "已写入 {path}（{count} 条备忘）"),
    "export.pooled": ("pooled coders: {coders} ({count}); use --only-coder NAME for one coder",
                      "合并计入的编码者：{coders}（{count} 人）；只计一位编码者请用 --only-coder 姓名"),
    "export.coders": ("coders: {coders}", "编码者：{coders}"),
    "export.coders_none": ("none", "无"),
    "export.only": ("only coder(s): {coders}", "只计编码者：{coders}"),
    "export.only_missing": (" (no codings by {missing})", "（{missing} 没有编码）"),
    "export.shape": (" ({rows} rows × {columns} columns)", "（{rows} 行 × {columns} 列）"),
    # code, undo, redo
    "code.added": ("Coded {document} #{segment} with {code} ({coder})",
                   "已编码 {document} 第 {segment} 段：{code}（{coder}）"),
    "code.interviewer": ("{document} #{segment} is an interviewer turn ({speaker}), not "
                         "participant data; `qualcode undo` takes the coding back",
                         "{document} 第 {segment} 段是访谈者的发言（{speaker}），不是受访者的资料；"
                         "`qualcode undo` 可撤销这条编码"),
    "code.removed": ("Removed {code} from {document} #{segment} ({coder})",
                     "已移除 {document} 第 {segment} 段的 {code}（{coder}）"),
    "undo.done": ("Undone: {action} (from {at})", "已撤销：{action}（{at} 的操作）"),
    "redo.done": ("Redone: {action} (from {at})", "已重做：{action}（{at} 的操作）"),
    "undo.nothing": ("Nothing to undo", "没有可撤销的操作"),
    "redo.nothing": ("Nothing to redo", "没有可重做的操作"),
}


def cli_translator(lang: str | None, config: dict | None):  # type: ignore[no-untyped-def]
    """The translator of the command's result lines: ``--lang``, else the project's interface language."""
    from qualcode.tui.i18n import Translator, choose_language

    return Translator(choose_language(lang, config or {}), CLI_STRINGS)


def library_note(tr, note: str) -> str:  # type: ignore[no-untyped-def]
    """A note the library wrote (``Training.summary()``, a reason) in ``tr``'s language: the TUI's patterns
    for app-layer messages (:mod:`qualcode.tui.error_words`); a note without a pattern stays English whole."""
    from qualcode.tui.error_words import message_in

    return message_in(tr.language, note)


def warning_line(tr, message: str, *, err: bool = True) -> str:  # type: ignore[no-untyped-def]
    """A warning in ``tr``'s language: ``qualcode: warning: …`` (stderr) or ``warning: …`` (a result line)."""
    return tr("warning.stderr" if err else "warning.line", message=library_note(tr, message))


def evidence_in(tr, evidence) -> str:  # type: ignore[no-untyped-def]
    """``suggestions list``'s evidence column in ``tr``'s language: English as
    :func:`~qualcode.app.suggesting.candidates.describe_evidence` always wrote it; in Chinese a learned score
    in the coding panel's words (:data:`qualcode.tui.i18n.STRINGS`, the one place they are written) and its
    notes (model score, threshold, why it stays a candidate) through :func:`library_note`, one by one."""
    from qualcode.app.suggesting.candidates import describe_evidence, learned_reason
    from qualcode.tui.i18n import Translator

    if tr.language != "zh":
        return describe_evidence(evidence)
    panel = Translator(tr.language)
    separator = panel("evidence.list_separator")

    def notes(note: str) -> str:
        return "；".join(library_note(tr, part) for part in note.split("; ")) if note else ""

    def say(e) -> str:  # type: ignore[no-untyped-def]
        reason = learned_reason(e)
        if reason is None:
            kind = panel("evidence." + e.kind)
            return tr("evidence.hit", matched=e.matched, kind=e.kind if kind.startswith("evidence.") else kind,
                      note="，" + notes(e.note) if e.note else "")
        said = (panel("evidence.like_turns", turns=separator.join(reason.similar)) if reason.similar
                else panel("evidence.learned"))
        if reason.terms:
            said += "；" + panel("evidence.terms", terms=separator.join(reason.terms))
        return tr("evidence.learned_line", reason=said, note=notes(e.note))

    return describe_evidence(evidence, say)
