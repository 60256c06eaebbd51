"""Revised transcripts keep their codings on the same words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.app import api
from qualcode.core.alignment import TextAlignment
from qualcode.app.importing.reanchor import open_reviews
from qualcode.storage import repository as repo

SENTENCES = ["我中考失利了。", "后来我有了目标。", "妈妈一直鼓励我。", "I never had a plan.", "同学帮我补课。",
             "社工带我们做小组活动。", "嗯。", "我觉得压力很大。", "I feel more confident now."]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=3, max_size=25), st.data())
def test_spans_on_unchanged_sentences_land_on_the_same_words(sentences, data):
    lines = [f"受访者：{s}" for s in sentences]
    old = "\n".join(lines) + "\n"
    edited = list(lines)
    for _ in range(data.draw(st.integers(0, 3))):
        position = data.draw(st.integers(0, len(edited)))
        edited.insert(position, "访谈者：" + data.draw(st.sampled_from(SENTENCES)))
    new = "\n".join(edited) + "\n"
    alignment = TextAlignment(old, new)
    offset = 0
    for line in lines:
        start = offset + len("受访者：")
        end = offset + len(line)
        mapped = alignment.map_span(start, end)
        assert mapped.outcome == "exact"
        assert new[mapped.start:mapped.end] == old[start:end]
        offset += len(line) + 1


def test_typo_fix_moves_the_coding_and_flags_it_as_changed():
    old = "受访者：后来张老帅帮了我很多。\n"
    new = "受访者：后来张老师帮了我很多。\n"
    start = old.index("张老帅")
    mapped = TextAlignment(old, new).map_span(start, start + 7)
    assert new[mapped.start:mapped.end] == "张老师帮了我很"
    assert mapped.outcome == "changed"


def test_reimport_carries_codings_and_flags_deleted_text(project, chinese_transcript):
    api.import_paths(project, [chinese_transcript])
    old_doc = repo.get_document(project.conn, "S01_pre")
    segments = repo.list_segments(project.conn, old_doc.id)
    kept = api.toggle_code(project, segments[3].id, "PF_GOAL")
    api.set_memo(project, "coding", kept.id, "考证")
    doomed = api.toggle_code(project, segments[1].id, "AD_EXAM")

    text = chinese_transcript.read_text(encoding="utf-8")
    text = text.replace("受访者：中考失利以后我很自卑，觉得自己不行。\n", "受访者：还好吧。\n")
    text = text.replace("访谈者：你能说说", "访谈者：先请你说说")
    chinese_transcript.write_text(text, encoding="utf-8")
    report = api.import_paths(project, [chinese_transcript])
    assert report.files[0].status == "new version"
    assert "need review" in report.files[0].warnings[-1]

    new_doc = repo.get_document(project.conn, "S01_pre")
    [moved] = repo.list_codings(project.conn, document_id=new_doc.id)
    assert moved.code_id == "PF_GOAL"
    assert new_doc.text[moved.start:moved.end] == old_doc.text[kept.start:kept.end]
    assert repo.get_memo(project.conn, "coding", str(moved.id), project.coder).text == "考证"
    assert repo.get_coding(project.conn, doomed.id).document_id == old_doc.id  # kept on the old version
    [review] = open_reviews(project.conn)
    assert (review["reason"], review["code_id"], review["old_coding_id"]) == ("deleted", "AD_EXAM", doomed.id)
    assert review["old_text"] == "中考失利以后我很自卑，觉得自己不行。"


def test_a_coded_turn_split_in_two_by_the_revision_keeps_the_coding_on_one_turn(project, chinese_transcript):
    """The researcher finds the interviewer spoke mid-answer and adds the label: the coding must not lose its turn."""
    api.import_paths(project, [chinese_transcript])
    old_doc = repo.get_document(project.conn, "S01_pre")
    answer = next(s for s in repo.list_segments(project.conn, old_doc.id) if "我妈妈也一直鼓励我" in
                  old_doc.text[s.start:s.end])
    api.toggle_code(project, answer.id, "PF_FAMILY")
    text = chinese_transcript.read_text(encoding="utf-8")
    chinese_transcript.write_text(text.replace("想先考电工证。\n我妈妈", "想先考电工证。\n访谈者：家里呢？\n受访者：我妈妈"),
                                  encoding="utf-8")
    assert not api.import_paths(project, [chinese_transcript]).errors
    new_doc = repo.get_document(project.conn, "S01_pre")
    [moved] = repo.list_codings(project.conn, document_id=new_doc.id)
    assert moved.segment_id is not None
    turn = next(s for s in repo.list_segments(project.conn, new_doc.id) if s.id == moved.segment_id)
    assert turn.start <= moved.start < moved.end <= turn.end
    assert new_doc.text[moved.start:moved.end] == "现在我有了目标，想先考电工证。"  # the larger part
    [review] = open_reviews(project.conn)
    assert review["reason"] == "changed" and review["coding_id"] == moved.id
