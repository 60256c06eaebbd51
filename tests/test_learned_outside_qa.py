"""Defects an outside tester found in the learned suggestions (issue 13), each through the real CLI on a
real project (real SQLite in tmp_path, real jieba): a model cache that is not a file, a codebook of many
codes too thin to learn, `next` quiet about the codes it leaves out, and `eval` against the wrong coder."""

from __future__ import annotations

import os
import stat

import pytest

from _nlp_fixtures import make_project
from test_suggest_learned import coded_project  # noqa: F401  (S01, S02 coded by "human"; S04 not)
from qualcode.app import api
from qualcode.storage import repository as repo


def _suggestions(project) -> int:
    return project.conn.execute("SELECT count(*) FROM suggestions").fetchone()[0]


def _cache_files(project) -> list:
    return sorted((project.root / ".qualcode").glob("learned-*.pkl"))


def test_a_directory_where_the_model_cache_goes_is_named_and_suggest_still_runs(coded_project, run_cli):
    root = str(coded_project.root)
    assert run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1").exit_code == 0
    path = _cache_files(coded_project)[0]
    path.unlink()
    path.mkdir()
    (path / "notes.txt").write_text("something of the user's", encoding="utf-8")

    again = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1", "--force")
    assert again.exit_code == 0, again.err
    assert "internal error" not in again.err and "Traceback" not in again.err
    assert f".qualcode/{path.name}: the trained model could not be saved there" in again.err
    assert _suggestions(coded_project) > 0
    assert (path / "notes.txt").read_text(encoding="utf-8") == "something of the user's"   # nothing of theirs lost

    ahead = run_cli("--project", root, "next", "-n", "1")
    assert ahead.exit_code == 0, ahead.err
    assert "S04_pre" in ahead.out


def test_a_named_pipe_in_place_of_the_model_cache_is_replaced_not_read(coded_project, run_cli):
    root = str(coded_project.root)
    assert run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1").exit_code == 0
    path = _cache_files(coded_project)[0]
    path.unlink()
    os.mkfifo(path)     # reading it would block for ever

    again = run_cli("--project", root, "next", "-n", "1")
    assert again.exit_code == 0, again.err
    assert "rebuilt (corrupt cache)" in again.out
    assert stat.S_ISREG(path.stat().st_mode)


def test_a_dangling_link_in_place_of_the_model_cache_is_rebuilt_not_an_internal_error(coded_project, run_cli):
    # Unreadable for any reason (a link to a folder that moved, a file of another user): never an internal error.
    root = str(coded_project.root)
    assert run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1").exit_code == 0
    path = _cache_files(coded_project)[0]
    path.unlink()
    path.symlink_to(coded_project.root / "gone" / "model.pkl")
    again = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1", "--force")
    assert again.exit_code == 0, again.err
    assert "rebuilt (corrupt cache)" in again.out and "internal error" not in again.err
    assert stat.S_ISREG(os.lstat(path).st_mode)


def test_the_model_cache_is_private_like_the_database(coded_project, run_cli):
    # Its vocabulary and "like your codings of" labels come from the transcripts.
    os.umask(0o022)
    result = run_cli("--project", str(coded_project.root), "suggest", "--engine", "learned", "--jobs", "1")
    assert result.exit_code == 0, result.err
    assert stat.S_IMODE(_cache_files(coded_project)[0].stat().st_mode) == 0o600


def _many_thin_codes(project, count: int) -> None:
    """``count`` codes without codebook text (a label that repeats the id), two human examples each: too few."""
    lines = ["codebook: many", "version: 1", "language: [zh]", "themes:"]
    for i in range(count):
        lines += [f"  - id: C{i:02d}", f"    label: {{zh: C{i:02d}}}"]
    (project.root / "codebooks" / "plain.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    api.sync_codes(project)
    for coding in repo.list_codings(project.conn, coder="human"):
        api.remove_coding(project, coding.id, actor="human")
    turns = [s.id for d in repo.list_documents(project.conn) for s in repo.list_segments(project.conn, d.id)
             if s.role == "participant"]
    for i in range(count):
        for turn in (turns[(2 * i) % len(turns)], turns[(2 * i + 1) % len(turns)]):
            api.code_segment(project, turn, f"C{i:02d}", coder="human")


def test_sixty_codes_with_two_examples_each_give_one_short_line_that_counts_them(coded_project, run_cli):
    _many_thin_codes(coded_project, 60)
    root = str(coded_project.root)
    for command in (("suggest", "--engine", "learned", "--jobs", "1"), ("next",)):
        result = run_cli("--project", root, *command)
        assert result.exit_code == 2
        lines = [line for line in result.err.splitlines() if line.startswith("qualcode:")]
        assert len(lines) == 1 and len(lines[0]) < 500, lines
        assert ("60 codes with too few human examples, needs 3 to learn (2 with codebook text), not learned: "
                "C00 (2), C01 (2)") in lines[0]
        assert "C09 (2) and 50 more" in lines[0] and "C10" not in lines[0]
    assert _suggestions(coded_project) == 0
    assert len(repo.list_codings(coded_project.conn, coder="human")) == 120       # nothing lost


def test_next_says_why_when_every_coded_turn_has_the_same_code(coded_project, run_cli):
    for coding in repo.list_codings(coded_project.conn, coder="human"):
        if coding.code_id != "FAMILY":
            api.remove_coding(coded_project, coding.id, actor="human")
            api.code_segment(coded_project, coding.segment_id, "FAMILY", coder="human")
    result = run_cli("--project", str(coded_project.root), "next")
    assert result.exit_code == 2
    assert "code FAMILY: every coded turn has it, nothing to contrast with" in result.err


def _hobby_coded_once(project, document_name: str) -> None:
    """A new code HOBBY, coded on the first participant turn of one document: too few examples to learn."""
    book = project.root / "codebooks" / "plain.yaml"
    book.write_text(book.read_text(encoding="utf-8") + "  - id: HOBBY\n    label: {zh: 爱好}\n", encoding="utf-8")
    api.sync_codes(project)
    document = repo.get_document(project.conn, document_name, with_text=False)
    turn = next(s for s in repo.list_segments(project.conn, document.id) if s.role == "participant")
    api.code_segment(project, turn.id, "HOBBY", coder="human")


def test_next_names_the_codes_it_could_not_learn(coded_project, run_cli):
    _hobby_coded_once(coded_project, "S04_pre")
    result = run_cli("--project", str(coded_project.root), "next")
    assert result.exit_code == 0, result.err
    assert "code HOBBY: only 1 human example(s), needs 3 to learn (2 with codebook text); not learned" in result.err


def test_eval_against_a_coder_without_codings_names_who_has_them(coded_project, run_cli):
    result = run_cli("--project", str(coded_project.root), "--coder", "root", "eval", "suggestions",
                     "--engine", "learned", "--train-fraction", "0.5")
    assert result.exit_code == 2
    assert ("root has no codings in this project to compare with (codings by: human 12; pass --coder human)"
            in result.err)


ENGLISH_CODEBOOK = """codebook: plain
version: 1
language: [en]
themes:
  - id: MENTOR
    label: {zh: 感到老师相信自己, en: Feels the teacher believes in them}
  - id: PLAN
    label: {zh: 有具体的下一步计划, en: Plans a concrete next step}
  - id: ESCAPE
    label: {zh: 用手机或游戏逃避, en: Escapes into phone or games}
"""
ENGLISH_ANSWERS = {
    "MENTOR": ["My instructor told me she believed in me and my apprenticeship application.",
               "The welding instructor said I had real talent, he believed in me.",
               "Ms. Ortiz said she knew I could do this, she believed in my lab work.",
               "My advisor keeps telling me she believes I will run my own workshop."],
    "PLAN": ["I signed up for tutoring on Tuesday and I will redo every practice problem.",
             "I am applying to the apprenticeship, the application is due on March first.",
             "I will book a meeting with the advisor this week and ask for extra time.",
             "Starting next Monday I will go to the open laboratory every Wednesday."],
    "ESCAPE": ["I just scroll on my phone for hours when the pressure gets too much.",
               "I play video games until three in the morning to avoid thinking.",
               "Mostly I play Fortnite on weekends, that is how I switch off.",
               "I watch videos on my phone all night instead of studying."],
}


async def test_the_chinese_panel_wraps_english_evidence_between_words_at_80_columns(tmp_path):
    from qualcode.app.suggesting.batch import run_suggest
    from qualcode.app.suggesting.candidates import learned_reason, turn_candidates
    from qualcode.tui.app import make_app
    from qualcode.tui.screens.coding import CodingScreen
    from textual.geometry import Region

    from tests.tui_fixtures import settle

    def interview(participant: str, answers: list[str]) -> str:
        lines = [f"---\nparticipant: {participant}\nwave: pre\n---"]
        for answer in answers:
            lines += ["Interviewer: Can you tell me more?", f"{participant}: {answer}"]
        return "\n".join(lines) + "\n"

    first = [answers[i] for answers in ENGLISH_ANSWERS.values() for i in (0, 1)]
    second = [answers[i] for answers in ENGLISH_ANSWERS.values() for i in (2, 3)]
    uncoded = "Honestly the instructor believed in my apprenticeship, so I am redoing the application on Monday."
    project = make_project(tmp_path, {"E01_pre.txt": interview("E01", first), "E02_pre.txt": interview("E02", second),
                                      "E03_pre.txt": interview("E03", [uncoded])})
    (project.root / "codebooks" / "plain.yaml").write_text(ENGLISH_CODEBOOK, encoding="utf-8")
    api.sync_codes(project)
    for name in ("E01_pre", "E02_pre"):
        document = repo.get_document(project.conn, name, with_text=False)
        for segment in repo.list_segments(project.conn, document.id):
            if segment.role == "participant":
                code = next(c for c, answers in ENGLISH_ANSWERS.items() if segment.text.strip() in answers)
                api.code_segment(project, segment.id, code, coder="human")
    run_suggest(project, jobs=1, engine_kind="both")
    document = repo.get_document(project.conn, "E03_pre", with_text=False)
    turn = next(s for s in repo.list_segments(project.conn, document.id) if s.role == "participant")
    best = turn_candidates(project, turn.id)[0].suggestion
    reason = next(r for r in map(learned_reason, best.evidence) if r is not None)
    assert reason.terms and reason.similar

    app = make_app(project, language="zh", poll_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pilot.app.call_later(pilot.app.open_document, turn.document_id, segment_id=turn.id)
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CodingScreen) and screen.segment.id == turn.id
        panel = screen.query_one("#suggestions")
        assert panel.size.width < 40             # the side panel at 80 columns
        lines = []
        for top in range(panel.max_scroll_y + 1):   # the panel scrolls itself: read every line it has
            panel.scroll_to(y=top, animate=False, force=True)
            await pilot.pause()
            shown = panel.render_lines(Region(0, 0, panel.size.width, panel.size.height))
            lines += [strip.text.replace("\u00a0", " ") for strip in shown]
    assert any("主要依据的词：" in line for line in lines), lines
    for word in [*reason.terms, *reason.similar]:      # each whole on one line, never cut in two
        assert any(word in line for line in lines), (word, lines)
    project.close()


PRESSURE = ["她说我必须考上大学，不然对不起她。", "我妈说她供我读书不容易，要我拿奖学金。",
            "她总说别人家的孩子多争气，我压力很大。", "她说我要是考不好就别回家了。"]
HELPED = ["同桌下课给我画图讲发动机原理。", "室友晚上陪我一起复习数学。",
          "学长把他的笔记借给我，还指出我的毛病。", "同学轮流帮我抄笔记，还来医院看我。"]
ENGLISH_PRESSURE = ["She said I had to get straight A's, the pressure is so much.",
                    "My dad says he did not work two jobs so I could throw it away.",
                    "She compares me with my cousin all the time, she says why can't you.",
                    "They say I am wasting their money, such pressure to get a job."]
ENGLISH_HELPED = ["My roommates fired questions at me every night for a week.",
                  "Priya shares her flashcards with me and we quiz each other on breaks.",
                  "Jamal explains stoichiometry better than the textbook at the library.",
                  "The group chat shares notes and quizzes everyone before exams."]


@pytest.mark.parametrize("language, pressure, helped, turn", [
    ("zh", PRESSURE, HELPED, "她说她要我一定考上好学校，我觉得压力很大。"),
    ("en", ENGLISH_PRESSURE, ENGLISH_HELPED, "She says she wants me to get into a good school, a lot of pressure."),
])
def test_the_strongest_terms_name_no_pronoun_particle_or_auxiliary(language, pressure, helped, turn):
    # On a handful of coded turns the model leans on 她/说/she/says as much as on 压力/pressure: the scores may,
    # the evidence a researcher reads should not (an outside test showed `terms 说、她、要`, `terms She, There, me`).
    from qualcode.nlp.learned import CodedTurn, train

    function_words = {"她", "说", "要", "我", "一定", "很", "she", "says", "me", "to", "it", "is", "a", "of", "get"}

    turns = [CodedTurn(text, frozenset({"PRESSURE"}), f"S01 #{i}", "", language) for i, text in enumerate(pressure)]
    turns += [CodedTurn(text, frozenset({"HELPED"}), f"S02 #{i}", "", language) for i, text in enumerate(helped)]
    engine = train(turns, {}, language=language)
    best = engine.suggest(turn, "", language)[0]
    assert best.code == "PRESSURE"
    assert best.terms and not [term for term in best.terms if term.lower() in function_words], best.terms
    assert {"压力"} <= set(best.terms) if language == "zh" else "pressure" in best.terms


def test_eval_says_once_per_code_in_how_many_splits_it_was_not_learned_and_how_many_documents_were_coded(
        coded_project, run_cli):
    _hobby_coded_once(coded_project, "S01_pre")

    result = run_cli("--project", str(coded_project.root), "--coder", "human", "eval", "suggestions",
                     "--engine", "learned", "--train-fraction", "0.5", "--folds", "3", "--learning-curve")
    assert result.exit_code == 0, result.err
    hobby = [line for line in result.err.splitlines() if "code HOBBY" in line]
    # Trained on S01 it has one example, on S02 none: one line for the code, every split counted.
    assert hobby == ["qualcode: warning: code HOBBY: only 0-1 human example(s) in the coded documents of 3 of 3 "
                     "split(s), needs 3 to learn (2 with codebook text); not learned there"], result.err
    # Two coded documents: a third and a half both train on one of them, and the curve says so.
    assert "  1/3 (1 of 2 documents): micro-F1" in result.out and "  1/2 (1 of 2 documents): micro-F1" in result.out


def test_ctrl_c_during_a_command_says_what_was_kept_and_a_declined_prompt_says_aborted(capsys, monkeypatch):
    # click converts Ctrl-C (KeyboardInterrupt) into Abort: `suggest` interrupted while training said only
    # "qualcode: aborted", though everything it had committed was kept and a rerun resumes.
    import io

    import click

    from qualcode.cli.context import run_guarded

    @click.group()
    def group() -> None:
        pass

    @group.command()
    def work() -> None:
        raise KeyboardInterrupt

    @group.command()
    def ask() -> None:
        click.confirm("go on?", abort=True)

    assert run_guarded(group, ["work"], debug=False) == 130
    err = capsys.readouterr().err
    assert "qualcode: interrupted; everything done so far is saved" in err and "aborted" not in err
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert run_guarded(group, ["ask"], debug=False) == 130       # the researcher answers no
    assert "qualcode: aborted" in capsys.readouterr().err


def test_accepting_a_suggestion_of_a_code_just_removed_from_the_codebook_is_skipped_and_said(coded_project, run_cli):
    root = str(coded_project.root)
    assert run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1").exit_code == 0
    friends = [r[0] for r in coded_project.conn.execute(
        "SELECT id FROM suggestions WHERE code_id = 'FRIENDS' AND status IN ('pending', 'candidate')")]
    assert friends
    book = coded_project.root / "codebooks" / "plain.yaml"
    book.write_text(book.read_text(encoding="utf-8").split("  - id: FRIENDS")[0], encoding="utf-8")

    result = run_cli("--project", root, "suggestions", "accept", str(friends[0]))   # before any other command
    assert f"qualcode: skipped #{friends[0]}: code FRIENDS is no longer in the codebooks" in result.err
    assert "0 suggestion(s) accepted" in result.out
    chinese = run_cli("--project", root, "--lang", "zh", "suggestions", "accept", str(friends[0]))
    assert f"qualcode：已跳过 #{friends[0]}：编码 FRIENDS 已不在编码本中" in chinese.err
    assert chinese.out.startswith("已接受 0 条建议，以 ") and "的名义新建 0 条编码（可用 `qualcode undo` 撤销）" in chinese.out
    assert coded_project.conn.execute(
        "SELECT count(*) FROM codings WHERE code_id = 'FRIENDS' AND origin = 'suggestion'").fetchone()[0] == 0


async def test_n_in_the_chinese_tui_says_why_nothing_can_be_learned_in_chinese(coded_project):
    # The 60-code project: N showed a 12-line English notification in the Chinese interface.
    from qualcode.tui.app import make_app
    from tests.tui_fixtures import settle

    _many_thin_codes(coded_project, 60)
    document = repo.get_document(coded_project.conn, "S04_pre", with_text=False)
    turn = next(s for s in repo.list_segments(coded_project.conn, document.id) if s.role == "participant")
    app = make_app(coded_project, language="zh", poll_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pilot.app.call_later(pilot.app.open_document, turn.document_id, segment_id=turn.id)
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        errors = [str(n.message) for n in app._notifications if n.severity == "error"]
    assert len(errors) == 1, errors
    assert errors[0].startswith("还没有可学习的内容：没有哪个编码的例子够学习（60 个编码的人工例子太少，至少要 3 个才能学习"
                                "（编码本有文字说明的编码要 2 个），未学习：C00（2 个）、C01（2 个）")
    assert "C09（2 个）等，另有 50 个）" in errors[0] and "learn" not in errors[0]


def _family_keyed_first_s04_turn(project):
    """FAMILY gets the key f and the window retrains after one coding; the first participant turn of S04."""
    book = project.root / "codebooks" / "plain.yaml"
    book.write_text(book.read_text(encoding="utf-8").replace("label: {zh: 家庭支持}", "label: {zh: 家庭支持}\n    key: f"),
                    encoding="utf-8")
    api.sync_codes(project)
    project.config.setdefault("suggest", {})["retrain_after"] = 1
    document = repo.get_document(project.conn, "S04_pre", with_text=False)
    return next(s for s in repo.list_segments(project.conn, document.id) if s.role == "participant")


async def _press_f_and_wait_for_the_retraining(project, turn) -> list:
    """Open the Chinese window at 80×24 on ``turn``, code it with f, wait for the retraining it starts;
    the notifications shown."""
    from textual.worker import Worker, WorkerState

    from qualcode.tui.app import make_app
    from tests.tui_fixtures import settle

    started = []

    def hook(message) -> None:
        if isinstance(message, Worker.StateChanged) and message.worker.group == "retrain" and \
                message.state == WorkerState.RUNNING:
            started.append(message.worker)

    app = make_app(project, language="zh", poll_seconds=None)
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await settle(pilot)
        pilot.app.call_later(pilot.app.open_document, turn.document_id, segment_id=turn.id)
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert started
        await started[0].wait()
        await settle(pilot)
        return list(app._notifications)


async def test_a_retraining_with_nothing_to_learn_says_why_in_chinese(coded_project):
    turn = _family_keyed_first_s04_turn(coded_project)
    for coding in repo.list_codings(coded_project.conn, coder="human"):
        if coding.code_id != "FAMILY":
            api.remove_coding(coded_project, coding.id, actor="human")
            api.code_segment(coded_project, coding.segment_id, "FAMILY", coder="human")
    # One more turn with the only code: due, and nothing to contrast it with.
    messages = [str(n.message) for n in await _press_f_and_wait_for_the_retraining(coded_project, turn)]
    said = [m for m in messages if m.startswith("模型未重新训练：")]
    assert said == ["模型未重新训练：没有哪个编码的例子够学习（编码 FAMILY：每个已编码段落都有它，无可对照；未学习）"], messages


def test_an_english_answer_in_a_chinese_interview_is_learned_and_ranked_in_english_as_suggest_scores_it(
        coded_project, run_cli):
    # M01_pre (国际班) answered in English now and then: `suggest` reads each turn in its own language, but
    # training and `next` read it in the document's, so `next` ranked turns on scores suggest never gives.
    from test_suggest_learned import transcript

    source = coded_project.root / "transcripts" / "S08_pre.txt"
    source.write_text(transcript("S08", ["我最近还好，就是有点累。", "My parents support me and call me every week.",
                                         "Exams are hard and homework keeps me up at night."]), encoding="utf-8")
    assert not api.import_paths(coded_project, [source]).errors
    root = str(coded_project.root)
    assert run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1").exit_code == 0
    listed = run_cli("--project", root, "next", "-n", "100")
    assert listed.exit_code == 0, listed.err
    rows = [line.split() for line in listed.out.splitlines() if line.startswith("S08_pre ")]
    english = [row for row in rows if row[1] in ("4", "6")]
    assert english, listed.out
    for _, ordinal, code, score, *_ in english:
        stored = coded_project.conn.execute(
            """SELECT s.evidence FROM suggestions s JOIN segments g ON g.id = s.segment_id
               JOIN documents d ON d.id = g.document_id
               WHERE d.name = 'S08_pre' AND g.ordinal = ? AND s.code_id = ?""", (int(ordinal), code)).fetchone()
        assert stored is not None, (ordinal, code)
        assert f"model {score}," in stored[0], (ordinal, code, score, stored[0])


def test_evaluating_the_learned_engine_on_one_coded_document_is_refused_not_scored_zero(coded_project, run_cli):
    s02 = repo.get_document(coded_project.conn, "S02_pre", with_text=False)
    for coding in repo.list_codings(coded_project.conn, document_id=s02.id):
        api.remove_coding(coded_project, coding.id, actor="human")
    root = str(coded_project.root)
    for extra in (("--train-fraction", "0.33", "--learning-curve"), ()):
        result = run_cli("--project", root, "--coder", "human", "eval", "suggestions", "--engine", "learned", *extra)
        assert result.exit_code == 2, result.out
        assert "codings by human cover one document (S01_pre); the learned engine is evaluated on documents it " \
               "did not learn from" in result.err
        assert "micro" not in result.out


async def test_a_retrained_model_that_cannot_be_cached_is_said_in_the_window(coded_project):
    # A folder where the model goes: the window retrained after every coding (no cached model, so always due)
    # and never said why.
    from qualcode.app.suggesting.learning import train_for_project

    turn = _family_keyed_first_s04_turn(coded_project)
    # The cache file the window's retraining will want: the fingerprint of the codings after its one coding.
    coding = api.code_segment(coded_project, turn.id, "FAMILY", coder="tester")
    key = train_for_project(coded_project, coded_project.codebooks(), use_cache=False).key
    api.remove_coding(coded_project, coding.id, actor="tester")
    (coded_project.root / ".qualcode" / f"learned-{key[:16]}.pkl").mkdir(parents=True)
    shown = await _press_f_and_wait_for_the_retraining(coded_project, turn)
    warnings = [str(n.message) for n in shown if n.severity == "warning"]
    assert [w for w in warnings if w.startswith(f".qualcode/learned-{key[:16]}.pkl：训练好的模型无法保存在这里")], \
        warnings
