"""Remembered Chinese tokens (.qualcode/tokens.db): `next` and `suggest` split a turn with jieba once, and a
later run cuts it at the remembered lengths, giving the very tokens, scores and suggestions jieba's split
gives. Real sample project, real jieba, scikit-learn and SQLite files; the CLI in-process; a fresh
interpreter where jieba's dictionary is changed (it is process-wide)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap

from qualcode.app.project import open_project
from qualcode.app.suggesting.learning import train_for_project
from qualcode.app.suggesting.next_turns import next_turns
from qualcode.app.suggesting.token_memory import remembering_tokens, tokens_path
from qualcode.nlp.learned import uncertainty
from qualcode.nlp.tokenizers import cut_chinese, jieba_cut
from qualcode.storage import repository as repo
from qualcode.storage.token_store import TokenStore


def _coded(sample_project, run_cli):
    root = sample_project.root
    result = run_cli("--project", str(root), "--coder", "A", "import-codings",
                     str(root / "codings" / "researcher-A.csv"))
    assert result.exit_code == 0, result.err
    return root


def _turns(project) -> list[str]:
    return [segment.text for document in repo.list_documents(project.conn) if document.language != "en"
            for segment in repo.list_segments(project.conn, document.id) if segment.text.strip()]


def _rows(root) -> int:
    with sqlite3.connect(tokens_path(root / ".qualcode")) as conn:
        return conn.execute("SELECT count(*) FROM tokens").fetchone()[0]


def test_next_remembers_its_turns_and_ranks_them_the_same_to_the_last_bit(sample_project, run_cli):
    root = _coded(sample_project, run_cli)
    assert not tokens_path(root / ".qualcode").exists()
    first = next_turns(sample_project, limit=1000)          # every turn split by jieba, then remembered
    assert _rows(root) >= first.looked_at > 10
    again = next_turns(sample_project, limit=1000)          # every turn cut at its remembered lengths
    assert again.turns == first.turns                       # floats compared exactly

    texts = _turns(sample_project)
    engine = train_for_project(sample_project, sample_project.codebooks()).engine
    plain = [uncertainty(engine, text) for text in texts]
    with remembering_tokens(root / ".qualcode", texts):     # the turns `next` did not score (coded ones)
        [cut_chinese(text) for text in texts]
    with remembering_tokens(root / ".qualcode", texts) as memo:
        remembered = [uncertainty(engine, text) for text in texts]
        tokens = [cut_chinese(text) for text in texts]
    assert (memo.hits, memo.misses) == (2 * len(texts), 0)
    assert remembered == plain and tokens == [jieba_cut(text) for text in texts]


def _suggestions(root) -> list[tuple]:
    with sqlite3.connect(root / ".qualcode" / "project.db") as conn:
        return conn.execute("SELECT segment_id, code_id, printf('%.17g', score), evidence, status FROM suggestions "
                            "ORDER BY segment_id, code_id").fetchall()


def test_suggest_again_with_remembered_tokens_leaves_the_same_suggestions(sample_project, run_cli):
    root = _coded(sample_project, run_cli)
    assert run_cli("--project", str(root), "suggest", "--jobs", "1").exit_code == 0
    written = _suggestions(root)
    remembered = _rows(root)
    assert remembered > 100 and any(json.loads(row[3]) for row in written)
    for jobs in ("1", "2"):
        assert run_cli("--project", str(root), "suggest", "--force", "--jobs", jobs).exit_code == 0
        assert _suggestions(root) == written
    assert _rows(root) == remembered                        # nothing new to split


def test_a_revised_turn_or_a_new_codebook_word_is_split_afresh(tmp_path):
    # jieba's dictionary is process-wide: a word added here would change other tests' splits.
    script = textwrap.dedent(f"""
        from pathlib import Path
        from qualcode.app.suggesting.token_memory import remembering_tokens
        from qualcode.nlp.tokenizers import add_user_words, cut_chinese, jieba_cut
        folder = Path({str(tmp_path)!r})
        text, revised = "我觉得心理韧性很重要。", "我觉得心理韧性很重要！"
        def split(texts):
            with remembering_tokens(folder, texts) as memo:
                tokens = [cut_chinese(t) for t in texts]
            return memo.hits, memo.misses, tokens
        print(repr((split([text]), split([text]), split([revised]))))
        add_user_words(["心理韧性"])
        print(repr((split([text]), split([text]), jieba_cut(text))))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    before, after = done.stdout.splitlines()
    assert before == str(((0, 1, [["我", "觉得", "心理", "韧性", "很", "重要", "。"]]),
                          (1, 0, [["我", "觉得", "心理", "韧性", "很", "重要", "。"]]),
                          (0, 1, [["我", "觉得", "心理", "韧性", "很", "重要", "！"]])))
    assert after == str(((0, 1, [["我", "觉得", "心理韧性", "很", "重要", "。"]]),
                         (1, 0, [["我", "觉得", "心理韧性", "很", "重要", "。"]]),
                         ["我", "觉得", "心理韧性", "很", "重要", "。"]))


def test_a_damaged_token_file_is_made_afresh_and_next_answers_the_same(sample_project, run_cli):
    root = _coded(sample_project, run_cli)
    run_cli("--project", str(root), "next", "--limit", "20")   # the model trained and kept: "reused" below
    expected = run_cli("--project", str(root), "next", "--limit", "20")
    assert expected.exit_code == 0, expected.err
    path = tokens_path(root / ".qualcode")
    path.write_bytes(b"not a database at all " * 200)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    damaged = run_cli("--project", str(root), "next", "--limit", "20")
    assert (damaged.exit_code, damaged.out, damaged.err) == (0, expected.out, expected.err)
    assert _rows(root) > 10                                 # rebuilt, and remembered again


def test_remembered_lengths_that_do_not_fit_the_text_are_not_used(sample_project, run_cli):
    root = _coded(sample_project, run_cli)
    first = next_turns(sample_project, limit=1000).turns
    with sqlite3.connect(tokens_path(root / ".qualcode")) as conn:
        conn.execute("UPDATE tokens SET lengths = ?", (b"B" + b"\xff" * 4000,))   # 1,020,000 characters
    texts = _turns(sample_project)
    with remembering_tokens(root / ".qualcode", texts) as memo:
        tokens = [cut_chinese(text) for text in texts]
    # each text split by jieba once; only a text asked twice is cut at what this block remembered
    assert (memo.misses, memo.hits) == (len(set(texts)), len(texts) - len(set(texts)))
    assert tokens == [jieba_cut(text) for text in texts]
    assert next_turns(sample_project, limit=1000).turns == first


def test_a_token_file_that_cannot_be_opened_or_written_changes_nothing(sample_project, run_cli):
    root = _coded(sample_project, run_cli)
    next_turns(sample_project, limit=1000)                  # the model trained and kept: "reused" below
    expected = next_turns(sample_project, limit=1000)
    path = tokens_path(root / ".qualcode")
    path.unlink()
    path.mkdir()                                            # a folder where the file would be
    assert next_turns(sample_project, limit=1000) == expected
    path.rmdir()
    assert next_turns(sample_project, limit=1000) == expected
    held = sqlite3.connect(path, isolation_level=None)      # another process writing to it just now
    held.execute("BEGIN IMMEDIATE")
    try:
        with open_project(root) as project:
            assert next_turns(project, limit=1000) == expected
    finally:
        held.execute("ROLLBACK")
        held.close()


def test_the_token_file_keeps_at_most_its_bound_newest_first(tmp_path):
    store = TokenStore.open(tmp_path / "tokens.db", max_rows=5)
    store.save({bytes([i]): b"B\x01" for i in range(4)})
    store.save({bytes([i]): b"B\x02" for i in range(10, 14)})
    kept = store.lookup(bytes([i]) for i in [*range(4), *range(10, 14)])
    store.close()
    assert len(kept) == 5 and all(bytes([i]) in kept for i in range(10, 14))
