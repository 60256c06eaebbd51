"""Helpers for the REFI-QDA tests: the shared third-party data and hand-made archives."""

from __future__ import annotations

import zipfile
from pathlib import Path

from hypothesis import strategies as st

from qualcode.io.refiqda import model
from qualcode.io.refiqda.guids import stable_guid
from qualcode.io.refiqda.offsets import normalise

REPO = Path(__file__).resolve().parents[1]


def shared_data(*parts: str) -> Path:
    """``<repo>/../shared/data/...`` when it exists (a checkout next to shared/), else /work/shared."""
    for base in (REPO.parent / "shared" / "data", Path("/work/shared/data")):
        candidate = base.joinpath(*parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError("/".join(parts))


ATLAS_SAMPLE = ("refi-qda", "atlasti-8.4-standard-project.qdpx")
SCHEMA = ("refi-qda", "Project.xsd")


def make_qdpx(path: Path, qde: str | bytes, files: dict[str, bytes | str] | None = None,
              qde_name: str = "project.qde") -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(qde_name, qde if isinstance(qde, bytes) else qde.encode("utf-8"))
        for name, data in (files or {}).items():
            zf.writestr(name, data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def qde(body: str, namespace: str = "urn:QDA-XML:project:1.0", origin: str = "test") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n'
            f'<Project xmlns="{namespace}" name="t" origin="{origin}">{body}</Project>')


def codebook_xml(codes: str) -> str:
    return f"<CodeBook><Codes>{codes}</Codes></CodeBook>"


G = "00000000-0000-0000-0000-{:012d}".format  # readable GUIDs for hand-written XML


# --------------------------------------------------------------------------- hypothesis strategies
names = st.text(alphabet=st.sampled_from("家庭支持目标情绪自信 abcXYZ😀🎓-_:"), min_size=1, max_size=12).filter(str.strip)
raw_texts = st.lists(st.sampled_from(["我", "妈妈", "嗯。", "😀", "🎓", "a", "é", "\r\n", "\n", " ", "学习压力很大，"]),
                     min_size=1, max_size=40).map("".join)


@st.composite
def code_trees(draw, depth=0):
    count = draw(st.integers(1, 3 if depth < 2 else 1))
    codes = []
    for _ in range(count):
        guid = stable_guid("code", draw(st.uuids()))
        kids = draw(code_trees(depth + 1)) if depth < 2 and draw(st.booleans()) else ()
        color = draw(st.sampled_from([None, "#4e79a7", "#F00082"]))
        codes.append(model.Code(guid=guid, name=draw(names), color=color, description=draw(st.sampled_from(
            ["", "提到家人的支持", "Mentions 😀\nsecond line"])), children=tuple(kids)))
    return tuple(codes)


@st.composite
def projects(draw):
    codes = draw(code_trees())
    all_guids = [c.guid for root in codes for c, _ in root.walk()]
    users = (model.User(stable_guid("user", "A"), "研究者A"), model.User(stable_guid("user", "B"), "coder B"))
    sources = []
    for n in range(draw(st.integers(1, 3))):
        text = normalise(draw(raw_texts)).text
        selections = []
        for k in range(draw(st.integers(0, 4))):
            start = draw(st.integers(0, len(text) - 1)) if text else 0
            end = draw(st.integers(start + 1, len(text))) if text else 0
            if end <= start:
                continue
            guid = stable_guid("selection", n, k)
            codings = tuple(model.Coding(stable_guid("coding", n, k, j), draw(st.sampled_from(all_guids)),
                                         draw(st.sampled_from(users)).guid) for j in range(draw(st.integers(1, 2))))
            selections.append(model.Selection(guid, start, end, codings=codings))
        sources.append(model.Source(stable_guid("source", n), f"访谈{n}", text, selections=tuple(selections)))
    cases = (model.Case(stable_guid("case", "S01"), "S01", variables={"年级": "高二"},
                        source_guids=(sources[0].guid,)),)
    variables = (model.Variable(stable_guid("variable", "年级"), "年级"),)
    return model.Project(name="往返", users=users, codes=codes, variables=variables, cases=cases,
                         sources=tuple(sources))
