"""Key bindings as data: an action registry plus a keymap users can change.

Each :class:`ActionSpec` names one thing a user can do, the screen it belongs
to, its default keys and its description (an i18n key). Screens build their
``BINDINGS`` from the registry, with the action id as the Textual binding id,
so ``[tui.keys]`` in qualcode.toml remaps any of them through Textual's keymap::

    [tui.keys]
    "coding.next_segment" = "j,down,n"
    "coding.undo" = "z"

The help screen and the command palette are generated from the same registry,
so every key is listed and every action is reachable without knowing its key.

On the coding screen, single letters belong to codes (a codebook gives each code
a ``key``); the codebook loader reserves ``jkarumnpqsex?/`` and the digits for
the commands below, so the coding screen uses only those letters, shifted
letters, punctuation and named keys. (A code whose key is a shifted letter bound here, such as `A` or
`N`, takes the key from the command on the coding screen.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding

from qualcode.core.errors import QualcodeError


@dataclass(frozen=True)
class ActionSpec:
    id: str  # "<scope>.<name>", the binding id users remap
    scope: str  # "app", "home", "coding", "search", "codebook", "stats", "export", "help"
    action: str  # the Textual action run on the screen (or app for scope "app")
    keys: str  # default keys, comma separated, Textual key names
    label: tuple[str, str]  # (English, 中文) description
    show: bool = True  # shown in the footer
    priority: bool = False
    short: tuple[str, str] | None = None  # (English, 中文) one word for the footer's function-key line


def _a(id: str, action: str, keys: str, en: str, zh: str, *, show: bool = True, priority: bool = False,
       short: tuple[str, str] | None = None):
    scope = id.split(".", 1)[0]
    return ActionSpec(id, scope, action, keys, (en, zh), show, priority, short)


ACTIONS: tuple[ActionSpec, ...] = (
    # everywhere
    _a("app.quit", "quit", "ctrl+q", "Quit (everything is already saved)", "退出（所有修改已保存）", priority=True,
       short=("Quit", "退出")),
    _a("app.help", "show_help", "f1,question_mark", "Help: every key", "帮助：全部快捷键", short=("Help", "帮助")),
    _a("app.search", "open_search", "f2", "Corpus search (keyword in context)", "语料检索（关键词上下文）", show=False,
       short=("Search", "检索")),
    _a("app.codebook", "open_codebook", "f3", "Codebook editor", "编码本编辑", show=False, short=("Codebook", "编码本")),
    _a("app.stats", "open_stats", "f4", "Statistics and charts", "统计与图表", show=False, short=("Stats", "统计")),
    _a("app.export", "open_export", "f5", "Export dialog", "导出", show=False, short=("Export", "导出")),
    _a("app.home", "go_home", "f6", "Home screen", "首页", show=False, short=("Home", "首页")),
    _a("app.palette", "command_palette", "ctrl+p", "Command palette", "命令面板", short=("Commands", "命令")),
    _a("app.refresh", "refresh_data", "ctrl+l", "Reload changes from other windows", "重新载入其他窗口的修改", show=False),
    _a("app.disagreements", "open_disagreements", "f7", "Disagreements between two coders (record consensus)",
       "编码分歧（记录共识）", show=False, short=("Agree", "分歧")),
    _a("app.flagged", "open_flagged", "f8", "Codings flagged after a transcript was revised",
       "访谈稿修订后待复核的编码", show=False, short=("Flagged", "复核")),
    # home
    _a("home.open", "open_document", "enter", "Open the highlighted document", "打开选中的文档", short=("Open", "打开")),
    # A key that moves the focus into a text box is a priority binding: the app runs it before it hands the next
    # key of a burst (a fast typist, tmux send-keys "/S02") to the widget focused so far, so the word typed
    # after it lands in the box. The screen's check_action lets the key through as a character once the box has
    # the focus (tests/test_tui_filter_burst.py).
    _a("home.filter", "focus_filter", "slash", "Filter documents", "筛选文档", short=("Filter", "筛选"),
       priority=True),
    _a("home.sort", "cycle_sort", "o", "Sort by the next column", "按下一列排序", show=False),
    _a("home.codes", "focus_codes", "tab", "Switch between documents and codes", "在文档与编码之间切换", show=False),
    # coding
    _a("coding.toggle_side", "toggle_side", "backslash", "Hide or show the side panel (the transcript takes the width)",
       "隐藏或显示侧栏（访谈稿占满宽度）", short=("Panel", "侧栏")),
    _a("coding.back", "back", "escape", "Back (or cancel the selection)", "返回（或取消选区）", short=("Back", "返回")),
    _a("coding.next_segment", "next_segment", "j,down",
       "Next turn (a turn taller than the pane scrolls within itself first)", "下一段（长段落先在段内滚动）",
       short=("Next", "下一段")),
    _a("coding.prev_segment", "prev_segment", "k,up",
       "Previous turn (a tall turn scrolls back within itself first)", "上一段（长段落先在段内回滚）",
       short=("Prev", "上一段")),
    _a("coding.page_down", "page_down", "pagedown", "Page down (the turn at the top becomes current)",
       "向下翻页（顶端的段落成为当前段）", show=False),
    _a("coding.page_turn", "page_turn", "space", "Read on: the next page of a long turn, then the next turn",
       "继续读：长段落翻到下一页，读完再到下一段", show=False),
    _a("coding.go_to_turn", "go_to_turn", "colon", "Go to turn N (or type its number)", "跳到第 N 段（或直接输入数字）",
       show=False, priority=True),
    _a("coding.page_up", "page_up", "pageup", "Page up", "向上翻页", show=False),
    _a("coding.first", "first_segment", "home", "First segment", "第一段", show=False),
    _a("coding.last", "last_segment", "end", "Last segment", "最后一段", show=False),
    _a("coding.next_uncoded", "next_uncoded", "n", "Next uncoded participant segment", "下一个未编码的受访者段落",
       short=("Uncoded", "未编码")),
    _a("coding.code_next_teaching", "code_next_teaching", "N",
       "Code next what teaches most: the uncoded turn the model is least sure about",
       "教模型：跳到模型最没把握的未编码段落", show=False),
    _a("coding.next_pending", "next_pending", "p", "Next segment with a pending suggestion", "下一个有待定建议的段落", show=False),
    _a("coding.accept", "accept_suggestion", "a",
       "Accept the highlighted suggestion or ranked candidate (the one whose evidence is shown)",
       "接受选中的建议或候选（显示证据的那条）",
       short=("Accept", "接受")),
    _a("coding.reject", "reject_suggestion", "r", "Reject the highlighted suggestion or candidate", "拒绝选中的建议或候选",
       short=("Reject", "拒绝")),
    _a("coding.accept_all", "accept_all", "A", "Accept every pending suggestion ≥ the threshold (this document or the project; asks how many)",
       "接受所有 ≥ 阈值的待定建议（本文档或整个项目；先确认条数）", show=False, priority=True),
    _a("coding.suggest", "suggest_project", "ctrl+g", "Suggest codes for the project (background, Esc cancels)",
       "为整个项目生成编码建议（后台运行，Esc 取消）", show=False),
    _a("coding.next_suggestion", "next_suggestion", "right_square_bracket", "Highlight the next suggestion",
       "选中下一条建议", show=False),
    _a("coding.prev_suggestion", "prev_suggestion", "left_square_bracket", "Highlight the previous suggestion",
       "选中上一条建议", show=False),
    _a("coding.find_code", "find_code", "e,ctrl+k", "Find a code by name and toggle it", "按名称查找编码并切换",
       short=("Find code", "找编码"), priority=True),
    _a("coding.select_more", "extend_selection", "shift+right", "Select: move the selection's end right",
       "选择：选区终点右移", show=False),
    _a("coding.select_less", "shrink_selection", "shift+left", "Select: move the selection's end left",
       "选择：选区终点左移", show=False),
    _a("coding.select_start_right", "selection_start_right", "ctrl+right,alt+right",
       "Select: move the selection's start right", "选择：选区起点右移", show=False),
    _a("coding.select_start_left", "selection_start_left", "ctrl+left,alt+left",
       "Select: move the selection's start left", "选择：选区起点左移", show=False),
    _a("coding.select_word_more", "select_word_more", "greater_than_sign", "Select: one more word", "选择：多选一个词",
       show=False),
    _a("coding.select_word_less", "select_word_less", "less_than_sign", "Select: one word less", "选择：少选一个词",
       show=False),
    _a("coding.select_sentence_more", "select_sentence_more", "right_curly_bracket", "Select: one more sentence",
       "选择：多选一句", show=False),
    _a("coding.select_sentence_less", "select_sentence_less", "left_curly_bracket", "Select: one sentence less",
       "选择：少选一句", show=False),
    _a("coding.select_turn", "select_turn", "ctrl+a", "Select the whole turn", "选择整段", show=False),
    _a("coding.select_text", "select_text", "s",
       "Select words of the segment by typing them (again: their next occurrence)",
       "输入词语以选中段落中的文字（再按一次：下一处）", show=False),
    _a("coding.memo", "memo", "m", "Memo on the segment (or selected coding)", "为段落（或选中的编码）写备忘",
       short=("Memo", "备忘"), priority=True),
    _a("coding.undo", "undo", "u", "Undo (this window's actions at once; others after a yes)", "撤销（本窗口的操作直接撤销；其他操作先确认）", short=("Undo", "撤销")),
    _a("coding.redo", "redo", "ctrl+r", "Redo", "重做", show=False),
    _a("coding.search", "search", "slash", "Search in this document", "在本文档中搜索", short=("Search", "搜索"),
       priority=True),  # priority, as every key that opens a text box: tui/type_ahead.py
    _a("coding.search_next", "search_next", "full_stop", "Next search match", "下一个搜索结果", show=False),
    _a("coding.search_prev", "search_prev", "comma", "Previous search match", "上一个搜索结果", show=False),
    _a("coding.change_role", "change_role", "ctrl+t", "Change the role of this turn's speaker (all their turns)",
       "更改本段说话人的角色（其全部段落）", show=False),
    _a("coding.mark_reviewed", "mark_reviewed", "x", "Mark the segment reviewed (no code applies)",
       "标记本段已审阅（无适用编码）", show=False),
    # search
    _a("search.back", "back", "escape", "Back", "返回"),
    _a("search.open", "open_hit", "enter", "Jump to the highlighted hit", "跳到选中的结果"),
    # codebook editor
    _a("codebook.back", "back", "escape", "Back", "返回"),
    _a("codebook.add", "add_code", "a,plus", "Add a code under the highlighted one", "在选中的编码下新增编码", short=("Add", "新增")),
    _a("codebook.rename", "rename_code", "e", "Rename the highlighted code", "重命名选中的编码", short=("Rename", "改名")),
    _a("codebook.move", "move_code", "v", "Move the highlighted code under another parent", "把选中的编码移到另一个上级",
       short=("Move", "移动")),
    _a("codebook.merge", "merge_code", "g", "Merge the highlighted code into another", "把选中的编码合并到另一个", short=("Merge", "合并")),
    _a("codebook.keywords", "edit_keywords", "k", "Edit the highlighted code's keywords", "编辑选中编码的关键词",
       short=("Keywords", "关键词")),
    # statistics
    _a("stats.back", "back", "escape", "Back", "返回"),
    # export
    _a("export.run", "run_export", "ctrl+s", "Run the export", "执行导出"),
    _a("export.back", "back", "escape", "Back", "返回"),
    # help
    _a("help.back", "back", "escape", "Back", "返回"),
    # disagreements (screens/disagreements.py)
    _a("disagreements.next", "move(1)", "n", "Next disagreement", "下一个分歧"),
    _a("disagreements.previous", "move(-1)", "p", "Previous disagreement", "上一个分歧"),
    _a("disagreements.save", "save", "ctrl+s", "Save the consensus (coder consensus, with the memo)",
       "保存共识（编码者 consensus，附备忘）"),
    _a("disagreements.undo", "undo", "ctrl+z", "Undo the last consensus coding", "撤销上一条共识编码"),
    _a("disagreements.close", "close", "escape", "Back", "返回"),
    # codings flagged after a transcript was revised (screens/flagged.py)
    _a("flagged.open", "open_coding", "enter", "Jump to the coding where it is now", "跳到编码现在的位置"),
    _a("flagged.resolve", "resolve", "x", "Mark the flagged coding resolved", "标记为已复核"),
    _a("flagged.back", "back", "escape", "Back", "返回"),
    # ---- workbench screens of issue 16 (codebook editor, retrieval, memos): one block, kept together
    _a("app.memos", "open_memos", "f9", "Memo browser (every memo, by target)", "备忘浏览（按对象列出全部备忘）",
       show=False, short=("Memos", "备忘")),
    _a("app.passages", "open_passages", "f10", "Passages of a code (the highlighted one, or pick it by name)",
       "某个编码的全部段落（选中的编码，或按名称选择）", show=False, short=("Passages", "段落")),
    _a("codebook.field", "edit_field", "f", "Edit key, colour, description, include or exclude",
       "编辑快捷键、颜色、说明、纳入或排除标准", short=("Fields", "字段")),
    _a("codebook.examples", "edit_examples", "x", "Edit the highlighted code's examples", "编辑选中编码的示例", short=("Examples", "示例")),
    _a("codebook.passages", "show_passages", "r", "Every passage coded with the highlighted code",
       "查看选中编码的全部编码段落", short=("Passages", "段落")),
    _a("codebook.undo", "undo", "u", "Undo (a codebook edit too)", "撤销（包括编码本修改）", short=("Undo", "撤销")),
    _a("codebook.redo", "redo", "ctrl+r", "Redo", "重做", show=False),
    _a("retrieval.open", "open_passage", "enter", "Open the coding screen on this turn", "在编码界面打开此段落"),
    _a("retrieval.coder", "cycle_coder", "c", "Show one coder (cycle through the coders)", "只看一位编码者（轮换）"),
    _a("retrieval.filter", "focus_filter", "slash", "Filter by case attribute (wave=pre) or text",
       "按个案属性（wave=pre）或文字筛选", priority=True),  # priority: as home.filter
    _a("retrieval.back", "back", "escape", "Back", "返回"),
    _a("memos.new", "new_memo", "n", "New memo on the project, a document or the highlighted memo's target",
       "为项目、文档或选中备忘的对象新建备忘"),
    _a("memos.edit", "edit_memo", "e", "Edit your highlighted memo", "编辑选中的本人备忘"),
    _a("memos.delete", "delete_memo", "d", "Delete your highlighted memo (undoable)", "删除选中的本人备忘（可撤销）"),
    _a("memos.open", "open_target", "enter", "Go to what the memo is about", "跳到备忘所属的位置"),
    _a("memos.kind", "cycle_kind", "t", "Show one kind of target (cycle)", "只看一类对象（轮换）"),
    _a("memos.undo", "undo", "u", "Undo", "撤销"),
    _a("memos.back", "back", "escape", "Back", "返回"),
    _a("stats.coder", "cycle_coder", "c", "Count one coder's codings (cycle)", "只统计一位编码者（轮换）"),
)

SCOPES: tuple[str, ...] = ("app", "home", "coding", "search", "codebook", "stats", "export", "help",
                           "disagreements", "flagged") + ("retrieval", "memos")


def actions_for(scope: str) -> list[ActionSpec]:
    return [spec for spec in ACTIONS if spec.scope == scope]


def bindings_for(scope: str, language: str = "en") -> list[Binding]:
    """Textual bindings for one scope; the binding id is the action id (remappable)."""
    column = 1 if language == "zh" else 0
    return [
        Binding(
            spec.keys,
            spec.action,
            spec.label[column],
            show=spec.show,
            priority=spec.priority,
            id=spec.id,
            tooltip=spec.label[column],
        )
        for spec in actions_for(scope)
    ]


def user_keymap(config: Mapping[str, object]) -> dict[str, str]:
    """``[tui.keys]`` from qualcode.toml, checked against the registry."""
    tui = config.get("tui") if isinstance(config, Mapping) else None
    keys = tui.get("keys") if isinstance(tui, Mapping) else None
    if not keys:
        return {}
    if not isinstance(keys, Mapping):
        raise QualcodeError("qualcode.toml: [tui.keys] must be a table of action = \"key,key\"")
    known = {spec.id for spec in ACTIONS}
    keymap: dict[str, str] = {}
    for action_id, value in keys.items():
        if action_id not in known:
            raise QualcodeError(
                f"qualcode.toml: [tui.keys] names an unknown action {action_id!r}; "
                f"see the help screen (F1) for the action ids"
            )
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        if not isinstance(value, str) or not value.strip():
            raise QualcodeError(f"qualcode.toml: [tui.keys] {action_id} needs keys such as \"j,down\"")
        keymap[action_id] = value.replace(" ", "")
    return keymap


def effective_keys(spec: ActionSpec, keymap: Mapping[str, str]) -> str:
    return keymap.get(spec.id, spec.keys)


def display_key(key: str) -> str:
    """How a Textual key name is shown to people: ``right_square_bracket`` -> ``]``."""
    names = {
        "slash": "/", "question_mark": "?", "full_stop": ".", "comma": ",", "plus": "+",
        "left_square_bracket": "[", "right_square_bracket": "]", "space": "Space", "colon": ":", "backslash": "\\",
        "greater_than_sign": ">", "less_than_sign": "<", "left_curly_bracket": "{", "right_curly_bracket": "}",
        "escape": "Esc", "enter": "Enter", "pagedown": "PgDn", "pageup": "PgUp",
    }
    parts = key.split("+")
    shown = [names.get(part, part.upper() if part[:1] == "f" and part[1:].isdigit() else part) for part in parts]
    return "+".join(p.capitalize() if p.startswith(("ctrl", "shift", "alt")) else p for p in shown)


def localise_bindings(node, language: str) -> None:
    """Show binding descriptions (footer, help) in the interface language; keys stay as they are."""
    if language != "zh":
        return
    from dataclasses import replace

    labels = {spec.id: spec.label[1] for spec in ACTIONS}
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [replace(b, description=labels[b.id], tooltip=labels[b.id]) if b.id in labels else b
                      for b in bindings]
