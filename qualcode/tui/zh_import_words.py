"""Chinese for what import, export and review report: the CLI's warnings, the import report's lines, the
.qdpx notes, decisions left alone, the notes an export prints (patterns for
:func:`qualcode.tui.error_words.message_in`, in its format)."""

from __future__ import annotations

IMPORT_AND_EXPORT: tuple = (
    (r"coder (?P<name>'.+?') may be the same person as (?P<twins>.+?), also in this sheet: kept as a coder of "
     r"their own \(coder names are compared exactly\); if they are one person, use --coder (?P<first>.+?) \(or write "
     r"(?P=first) in the sheet\) and take this back with `qualcode undo`",
     "编码员 {name} 可能与同一表格中的 {twins} 是同一人：已作为单独的编码员保存（编码员名称按原样比较）；"
     "如果是同一人，请用 --coder {first}（或在表格中写 {first}），并用 `qualcode undo` 撤销这一步"),
    (r"coder (?P<name>'.+?') may be the same person as (?P<twins>.+?), who has codings here: kept as a coder of "
     r"their own \(coder names are compared exactly\); if they are one person, use --coder (?P<first>.+?) \(or write "
     r"(?P=first) in the sheet\) and take this back with `qualcode undo`",
     "编码员 {name} 可能与本项目中已有编码的 {twins} 是同一人：已作为单独的编码员保存（编码员名称按原样比较）；"
     "如果是同一人，请用 --coder {first}（或在表格中写 {first}），并用 `qualcode undo` 撤销这一步"),
    (r"column '(?P<column>.+)': (?P<count>\d+) cell\(s\) Excel stored as a date or time, kept as text in ISO form "
     r"\(row (?P<row>\d+) reads (?P<shown>.+)\)",
     "列“{column}”：{count} 个单元格被 Excel 存为日期或时间，已按 ISO 格式作为文字保存（第 {row} 行为 {shown}）"),
    (r"(?P<count>\d+) row\(s\) whose words Excel stored as a date or time \(row (?P<row>\d+) reads (?P<shown>.+?)\): "
     r"what was typed there \(3月12日, 3-12\) may read otherwise now; check it against the source, or format the "
     r"column as Text in Excel and type it again",
     "{count} 行的话语被 Excel 存为日期或时间（第 {row} 行为 {shown}）：原先输入的内容（如 3月12日、3-12）现在可能读作别的；"
     "请与原稿核对，或在 Excel 中把该列设为“文本”后重新输入"),
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
    (r"(?P<nothing>nothing to import: )?left out (?P<count>\d+) file\(s\) that are not transcripts qualcode reads: "
     r"(?P<names>.+?)(?: and (?P<more>\d+) more)?(?P<old>; a \.doc or \.wps file is an old Word or WPS document: "
     r"open it there and save it as \.docx)?",
     lambda v: ("没有可导入的文件：" if v["nothing"] else "")
     + f"略过了 {v['count']} 个 qualcode 不能作为转录稿读取的文件：{v['names']}"
     + (f" 等（另有 {v['more']} 个）" if v["more"] else "")
     + ("；.doc 或 .wps 是旧版 Word 或 WPS 文档：请在其中打开并另存为 .docx" if v["old"] else "")),
    # `qualcode export qdpx`'s summary (qualcode.app.interop.qdpx_export.ExportSummary.lines)
    (r"wrote (?P<path>.+?): (?P<codes>\d+) codes, (?P<documents>\d+) documents, (?P<cases>\d+) cases, "
     r"(?P<codings>\d+) codings, (?P<coders>\d+) coders, (?P<memos>\d+) memos",
     "已写入 {path}：{codes} 个编码，{documents} 个文档，{cases} 个个案，{codings} 条编码，{coders} 位编码者，{memos} 条备忘"),
    (r"  left out: (?P<document>\S+) (?P<start>\d+)-(?P<end>\d+): code (?P<code>\S+) is in no codebook now",
     "  略去：{document} {start}-{end}：编码 {code} 已不在任何编码本中"),
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
)
