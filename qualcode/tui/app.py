"""The coding workbench application.

``make_app(project, ...)`` is the one factory used by the CLI, the tests and the
bench. The app owns the project (its connection lives on the UI thread; workers
open their own with ``project.reopen()``), the interface language, the keymap,
and the watch for changes made by another window or a CLI command.
"""

from __future__ import annotations

import sys
from functools import cached_property
from pathlib import Path

from textual import on, work
from textual.app import App
from textual.binding import BindingsMap
from textual import events
from textual.events import AppFocus
from textual.message import Message
from textual.screen import Screen

from qualcode.app import queries
from qualcode.app.coding import reviews
from qualcode.app.coding.origins import WindowSession
from qualcode.core.errors import QualcodeError
from qualcode.app.project import Project
from qualcode.tui import data
from qualcode.tui.commands import QualcodeCommands
from qualcode.tui.i18n import Translator, choose_language
from qualcode.tui.type_ahead import TypeAhead
from qualcode.tui.keymap import bindings_for, localise_bindings, user_keymap
from qualcode.tui.suggestions import SuggestionFunctions, find_suggestion_functions
from qualcode.tui.whole_glyphs import WholeGlyphCompositor

POLL_SECONDS = 2.0


class CodebooksReady(Message):
    """The codebooks are parsed and mirrored into the database (done off the UI thread)."""

    def __init__(self, error: Exception | None = None) -> None:
        super().__init__()
        self.error = error


GC_PAUSE_SECONDS = 0.1  # from a key press; long enough for its frame, short enough to leave key repeat gaps to collect in


class QualcodeApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "qualcode"
    COMMANDS = App.COMMANDS | {QualcodeCommands}
    ENABLE_COMMAND_PALETTE = True
    # Screens get -narrow below 100 columns: app.tcss stacks the home panes and gives the status line two rows.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    def __init__(self, project: Project, *, language: str = "en", keymap: dict[str, str] | None = None,
                 poll_seconds: float | None = POLL_SECONDS, blind: bool = False) -> None:
        super().__init__()
        self.project = project
        # Every history event this window records says so: its `u` undoes them at once, and asks before
        # undoing one made elsewhere, saying where (the command line, another window open now, an earlier
        # session, a Python program): the window holds its session's lock while it runs (on_mount).
        self.window_session = WindowSession()
        self.session_origin = self.window_session.origin
        project.conn.origin = self.session_origin  # type: ignore[attr-defined]
        self.undone_here: set[int] = set()  # history events this window undid: their redo asks nothing
        self.blind = blind
        self.language = language
        self.tr = Translator(language)
        self.user_keys = keymap or {}
        self.poll_seconds = poll_seconds
        self._bindings = BindingsMap.merge([self._bindings, BindingsMap(bindings_for("app", language))])
        localise_bindings(self, language)
        self.data_version = reviews.data_version(project)
        # Runs of this window that write in the background (ctrl+g): their commits are not "made elsewhere".
        self.background_writes: set[str] = set()
        self.database_replaced_told = False  # the one long error toast when the database file was replaced
        self.codebooks_ready = False  # parsed and synced without error
        self.codebooks_loaded = False  # the background load finished (with or without error)
        self.codebook_stamp: tuple = ()  # the codebook files (and their times) the last load read
        self.codebook_files_changed: tuple[str, ...] = ()  # edited outside: named once the reload is done
        self.type_ahead = TypeAhead(self, self._dispatch_held_key)
        self.show_subtitle()

    @cached_property
    def suggestion_functions(self) -> SuggestionFunctions | None:
        """The suggestion engine's functions, looked up when a screen first needs them (not at launch:
        the home screen paints without them)."""
        return find_suggestion_functions()

    @property
    def visible_coder(self) -> str | None:
        """Whose codings the screens show: the current coder's only in blind mode, else everyone's (None)."""
        return self.project.coder if self.blind else None

    def show_subtitle(self) -> None:
        """Project, coder, "blind" when on, and how many revised codings wait for review."""
        parts = [self.project.root.name, f"{self.tr('app.coder')}: {self.project.coder}"]
        if self.blind:
            parts.append(self.tr("app.blind"))
        flagged = queries.open_review_count(self.project, coder=self.visible_coder)
        if flagged:
            parts.append(self.tr("app.flagged", count=flagged))
        self.sub_title = " · ".join(parts)

    # ------------------------------------------------------------------ key to frame
    async def on_event(self, event) -> None:
        if isinstance(event, events.Key):
            if not event.is_forwarded:
                if self.type_ahead.take(event):
                    return  # typed right after a key that opens a dialog: it goes to the dialog's box (type_ahead)
                opens = getattr(self.screen, "key_opens_a_box", None)  # a key handled in on_key, not a binding
                if opens is not None and opens(event):
                    self.type_ahead.hold()
            self.pause_gc_until_painted()
        await super().on_event(event)

    async def _dispatch_held_key(self, event) -> None:
        self.pause_gc_until_painted()
        await super().on_event(event)

    def pause_gc_until_painted(self) -> None:
        """Hold Python's cyclic garbage collector from a key press until the frame it causes is painted.

        On a document with thousands of codings a collection of the older generations takes 10-150 ms, and
        when one fell inside a key's handler or its repaint, that key missed its frame. The collection still
        runs, right after the frame (Textual does the same while it scrolls: ``PAUSE_GC_ON_SCROLL``).
        """
        import gc

        if not gc.isenabled():  # paused already (a scroll animation, or a key whose frame is not painted yet)
            return
        gc.disable()
        self.gc_paused_by_key = True
        # Not call_after_refresh: that runs once the messages are handled, before the screen's next update
        # paints. A key's frame comes within a few tens of ms; then collections are free to run again.
        self.set_timer(GC_PAUSE_SECONDS, self._resume_gc)

    def _resume_gc(self, *, closing: bool = False) -> None:
        import gc

        if not getattr(self, "gc_paused_by_key", False):
            return
        if closing or not getattr(self, "_realtime_animation_count", 0):  # Textual's scroll pause keeps it off
            self.gc_paused_by_key = False
            gc.enable()

    def on_unmount(self) -> None:
        """Quitting within the pause after a key must not leave the collector off (tests run many apps);
        the window's session lock goes: its actions are an earlier session's now."""
        self._resume_gc(closing=True)
        self.window_session.close()

    def _register(self, parent, *widgets, **where):
        # Every screen (ours, the command palette's) composes with a compositor that keeps a toast's
        # Chinese characters whole where widgets under the toast end (see whole_glyphs.py).
        for widget in widgets:
            if isinstance(widget, Screen) and not isinstance(widget._compositor, WholeGlyphCompositor):
                widget._compositor = WholeGlyphCompositor()
        return super()._register(parent, *widgets, **where)

    # ------------------------------------------------------------------ lifecycle
    def on_mount(self) -> None:
        from qualcode.tui.screens.home import HomeScreen

        self.window_session.open(self.project.db_path)
        if self.user_keys:
            self.set_keymap(self.user_keys)
        self.push_screen(HomeScreen())
        self.codebook_stamp = self.project.codebook_stamp()
        self.call_after_refresh(self.prepare_codebooks)  # after the first paint: parsing holds the GIL
        if self.poll_seconds:
            self.set_interval(self.poll_seconds, self.check_for_outside_changes)

    @work(thread=True, exclusive=True, group="codebooks")
    def prepare_codebooks(self) -> None:
        """Parse the codebooks (slow: round-trip YAML) and sync them, so the first paint need not wait.

        Parsing only reads files, so it fills the UI thread's Project cache directly; the
        database write uses this thread's own connection.
        """
        from qualcode.app.api import sync_codes

        try:
            self.project.codebooks()
            other = self.project.reopen()
            try:
                other._codebook_cache = self.project._codebook_cache  # parsed once, shared read-only
                sync_codes(other)
            finally:
                other.close()
            self.post_message(CodebooksReady())
        except Exception as error:  # a broken codebook is reported in one line, the app stays up
            self.post_message(CodebooksReady(error))

    @on(CodebooksReady)
    def _codebooks_ready(self, message: CodebooksReady) -> None:
        self.codebooks_ready = message.error is None
        self.codebooks_loaded = True
        self.data_version = reviews.data_version(self.project)
        self.codebook_files_changed, changed = (), self.codebook_files_changed
        if message.error is not None:
            self.report(message.error)   # once: the screens keep the codes they show until the file is fixed
            return
        if changed:
            self.notify(self.tr("app.codebooks_reloaded", files=", ".join(changed)), timeout=6)
        for screen in self.screen_stack:
            ready = getattr(screen, "codebooks_ready", None)
            if ready is not None:
                ready()

    @on(AppFocus)
    def _focus_back(self) -> None:
        self.check_for_outside_changes()

    def check_codebook_files(self) -> bool:
        """Load the codebooks again when a file changed on disk (edited in another window, added, removed);
        True when it did. The screens pick the codes up when the load is done, and a toast names the files.
        An edit this app made itself (the codebook editor) was read already, so it is not announced."""
        if not self.codebooks_loaded:
            return False  # the first load (or a reload) is still running; it is checked again afterwards
        stamp = self.project.codebook_stamp()
        if stamp == self.codebook_stamp:
            return False
        before = dict(self.codebook_stamp)
        after = dict(stamp)
        self.codebook_stamp = stamp
        if self.project.loaded_codebook_stamp() != stamp:
            self.codebook_files_changed = tuple(sorted(Path(path).name for path in before.keys() | after.keys()
                                                       if before.get(path) != after.get(path)))
        self.codebooks_loaded = False
        self.prepare_codebooks()
        return True

    def check_for_outside_changes(self) -> bool:
        """Reload the screen when another window or command committed; True when it did."""
        self.check_database_file()
        self.check_codebook_files()
        version = reviews.data_version(self.project)
        if version == self.data_version:
            return False
        self.data_version = version
        self.show_subtitle()
        # Every screen in the stack, not only the top one: a dialog may be open over the coding screen.
        # While this window's own background run is writing, its commits are shown without a "reloaded changes
        # made elsewhere" toast: the run's own summary says what it did when it ends.
        told = bool(self.background_writes)
        for screen in reversed(self.screen_stack):
            reload = getattr(screen, "reload_data", None)
            if reload is not None:
                reload(outside=not told)  # one "reloaded" message, from the top-most screen
                told = True
        return True

    def check_database_file(self) -> None:
        """A sync service or a restore that replaced the database file is said at the next poll, not at the next
        key: until then other programs read this window's -wal as part of the new file."""
        if self.database_replaced_told:
            return
        try:
            self.project.check_database_file()
        except QualcodeError as error:
            self.database_replaced_told = True
            self.notify(self.error_text(error), title=self.tr("app.error"), severity="error", timeout=120)

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = False) -> None:
        """Textual's notify, but plain text by default: our messages name settings as ``[section] key``, file
        names and code labels may hold brackets, and read as markup those words vanished from the toast
        ("pip install 'qualcode[embeddings]'" showed as "pip install 'qualcode'"). Screens' notify calls this."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (in a text field it copies): say which key does. Textual's own notice is markup,
        which the plain notify above showed raw ("Press [b]ctrl+q[/b] to quit the app"), and in English only."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(self.tr("app.quit_hint", keys=key), title=self.tr("app.quit_title"))
                return

    def report(self, error: Exception) -> None:
        """One line for a user error (in the interface language); anything else is a bug, shown with its type."""
        self.notify(self.error_text(error), title=self.tr("app.error"), severity="error", timeout=8)

    def error_text(self, error: BaseException) -> str:
        """An error of the app layer as the TUI shows it: its message in the interface language."""
        from qualcode.tui.error_words import error_text

        return error_text(error, self.language)

    def code_label(self, code) -> str:
        return code.label(self.language)

    # ------------------------------------------------------------------ navigation
    def open_document(self, document_id: int, *, segment_id: int | None = None, offset: int | None = None,
                      query: str | None = None) -> None:
        from qualcode.tui.screens.coding import CodingScreen

        self.push_screen(CodingScreen(document_id, segment_id=segment_id, offset=offset, query=query))

    def _switch(self, screen_type) -> None:
        if isinstance(self.screen, screen_type):
            return
        self.push_screen(screen_type())

    def action_show_help(self) -> None:
        from qualcode.tui.screens.help import HelpScreen

        self._switch(HelpScreen)

    def action_open_search(self) -> None:
        from qualcode.tui.screens.search import CorpusSearchScreen

        self._switch(CorpusSearchScreen)

    def action_open_codebook(self) -> None:
        from qualcode.tui.screens.codebook import CodebookScreen

        self._switch(CodebookScreen)

    def action_open_stats(self) -> None:
        from qualcode.tui.screens.stats import StatsScreen

        self._switch(StatsScreen)

    def action_open_export(self) -> None:
        from qualcode.tui.screens.export import ExportScreen

        self._switch(ExportScreen)

    def action_open_disagreements(self) -> None:
        """Two coders' disagreements side by side; a user problem (one coder only) is one notification."""
        from qualcode.tui.screens.disagreements import DisagreementsScreen

        if isinstance(self.screen, DisagreementsScreen):
            return
        if self.blind:  # the screen shows the other coder's codings: not while coding blind
            self.notify(self.tr("app.blind_no_disagreements"), severity="warning", timeout=6)
            return
        try:
            screen = DisagreementsScreen(self.project, language=self.language)
        except QualcodeError as error:
            self.report(error)
            return
        self.push_screen(screen)

    def action_open_flagged(self) -> None:
        from qualcode.tui.screens.flagged import FlaggedCodingsScreen

        self._switch(FlaggedCodingsScreen)

    def action_open_memos(self) -> None:
        from qualcode.tui.screens.memos import MemoBrowserScreen

        self._switch(MemoBrowserScreen)

    def action_open_passages(self) -> None:
        """Every passage of a code: the screen's own choice (the coding screen: the code highlighted in its
        focused tree, else the turn's first code), else one picked by name."""
        from qualcode.tui.screens.dialogs import CodePicker
        from qualcode.tui.screens.retrieval import RetrievalScreen
        passages_code = getattr(self.screen, "passages_code", None)  # the coding screen offers one
        highlighted = passages_code() if passages_code is not None else None
        if highlighted:
            self.push_screen(RetrievalScreen(highlighted))
            return
        codes = [code for book in self.project.codebooks() for code in book.codes]
        self.push_screen(CodePicker(self.tr("ret.pick"), codes, self.language, self.tr("ret.pick")),
                         lambda code_id: self.push_screen(RetrievalScreen(code_id)) if code_id else None)

    def action_go_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_refresh_data(self) -> None:
        self.check_codebook_files()
        self.data_version = reviews.data_version(self.project)
        self.show_subtitle()
        reload = getattr(self.screen, "reload_data", None)
        if reload is not None:
            reload(outside=False)
        self.notify(self.tr("app.refreshed"), timeout=2)


def make_app(project: Project, *, language: str | None = None, poll_seconds: float | None = POLL_SECONDS,
             blind: bool | None = None) -> QualcodeApp:
    """The app on an open project; ``language`` (en|zh) and ``blind`` beat qualcode.toml's [tui] settings."""
    chosen = choose_language(language, project.config)
    return QualcodeApp(project, language=chosen, keymap=user_keymap(project.config), poll_seconds=poll_seconds,
                       blind=blind_setting(project) if blind is None else blind)


def blind_setting(project: Project) -> bool:
    """``[tui] blind = true`` in qualcode.toml: each coder sees only their own codings."""
    value = project.setting("tui.blind", False)
    if not isinstance(value, bool):
        raise QualcodeError(f"{project.root / 'qualcode.toml'}: [tui] blind must be true or false, not {value!r}")
    return value


def run(project_dir: str | Path | None = None, coder: str | None = None, lang: str | None = None,
        blind: bool | None = None) -> None:
    """Open the project (walking up from the working directory) and run the app until the user quits."""
    from qualcode.app.coders import refuse_coder_near_miss
    from qualcode.app.project import open_project

    project = open_project(project_dir, coder=coder)
    try:
        refuse_coder_near_miss(project, coder)  # `qualcode --coder a` where A has codings: as every command does
        make_app(project, language=lang, blind=blind).run()
    finally:
        if "qualcode.app.suggesting.own_process" in sys.modules:  # a retraining or `N` ran: end its helper
            sys.modules["qualcode.app.suggesting.own_process"].stop_own_process()
        project.close()
