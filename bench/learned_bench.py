r"""Training time of the learned engine, and its accuracy on a coded CSV when one is given (issue 13).

    python bench/learned_bench.py                      # train on 1,000 generated Chinese turns, print seconds
    python bench/learned_bench.py --score 10000        # ... and time scoring 10,000 turns vs bare jieba
    python bench/learned_bench.py --csv coded.csv --language zh --train-fraction 0.33

    python bench/learned_bench.py --wide DIR/*primary*.csv --language en --train-fraction 0.33 --repeats 5
    python bench/learned_bench.py --dialogue /tmp/cped/valid_split.csv --labels DA --language zh --repeats 3
    python bench/learned_bench.py --taguette project.sqlite3 --question-pattern '^\d+(\.[a-z])?\s' --language en
    python bench/learned_bench.py --maxqda coded-segments.pdf --code-system code-system.pdf --transcripts P?.pdf \
        --interviewer Dan --language en --repeats 3
    python bench/learned_bench.py --turn-sheet "2nd Coding.xlsx" --sheet Edwina --language zh --repeats 3
    python bench/learned_bench.py --remedi /tmp/remedi/dev_human_annotation.txt --language zh --repeats 3
    python bench/learned_bench.py --asap /tmp/asap/*_sample.csv --language zh --repeats 3

--wide reads survey-style coded sheets (first column a respondent id, second the answer with the
question as its header, then "Code 1", "Code 2", ... columns), one file per question; the respondent
is the document, so the split keeps all of a respondent's answers on one side.
--maxqda reads a MAXQDA Coded Segments report with its code system and the transcripts (see
bench/maxqda_reader.py): the participant's turns are scored, the interviewer's give the question.
--turn-sheet reads one coder's sheet of a turn-by-code workbook (see bench/turn_sheet_reader.py).
--remedi reads ReMeDi's labelled doctor-patient dialogues (see bench/remedi_reader.py): each patient turn
is scored, the doctor's latest turn is its question, codes are intent and slot (--top-level: intent).
--asap reads ASAP's annotated restaurant reviews (see bench/asap_reader.py): each review is a document
with one turn and no question, codes are aspect and polarity (--top-level: the aspect alone).
--taguette reads a Taguette project database (see bench/taguette_reader.py): each transcript is a
document, each paragraph a turn (or each highlight, --unit highlight), paragraphs matching
--question-pattern are the interviewer's and give the question; uncoded turns are scored too.
The CSV needs columns document,text,codes (codes separated by ";"); keep real data outside the
repository and pass its path. Training uses the coded turns of the documents in --train-fraction (by
document) (--uncoded-negatives adds their uncoded turns as negatives, as `eval suggestions` does and
`suggest` does once those documents are marked `qualcode review done`), then micro-F1 (at each code's
cross-validated threshold) and recall@3 are measured on the rest.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import pickle
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qualcode.core.models import Segment  # noqa: E402
from qualcode.nlp.combined import CombinedEngine  # noqa: E402
from qualcode.nlp.embeddings import WEIGHT as EMBEDDING_WEIGHT  # noqa: E402  (light: the encoder loads on use)
from qualcode.nlp.learned import THRESHOLDS, CodedTurn, train  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from maxqda_reader import MaxqdaCounts, read_maxqda  # noqa: E402
from turn_sheet_reader import SheetCounts, read_turn_sheet, sheet_codes  # noqa: E402
from taguette_reader import TaguetteCounts, read_taguette, taguette_descriptions  # noqa: E402
from remedi_reader import RemediCounts, read_remedi  # noqa: E402
from asap_reader import AsapCounts, read_asap  # noqa: E402

MIN_SCORE = 0.3   # the default [nlp] min_score

PHRASES = {
    "PF_FAMILY": ["妈妈打电话问我", "家里人支持我", "爸爸鼓励我", "姐姐帮我交学费"],
    "PF_GOAL": ["我想考电工证", "目标是开一家店", "打算明年实习", "计划每天练习"],
    "PF_PEER": ["跟室友关系好", "同学帮我补课", "朋友陪我聊天", "小组活动认识人"],
    "PF_EMOTION": ["生气时出去走走", "难过就写日记", "冷静下来再说", "压力大就听歌"],
}
FILLER = ["今天天气还可以", "食堂的饭菜一般", "宿舍离教学楼远", "周末回家一趟", "上课有点困"]


def generated_turns(n: int, seed: int = 7) -> list[CodedTurn]:
    rng = random.Random(seed)
    turns = []
    for i in range(n):
        code = rng.choice([*PHRASES, None])
        parts = rng.sample(FILLER, 2) + ([rng.choice(PHRASES[code])] if code else [])
        rng.shuffle(parts)
        turns.append(CodedTurn("，".join(parts) + "。", frozenset({code}) if code else frozenset(), f"D{i % 20} #{i}"))
    return turns


def read_long_csv(path: Path, language: str) -> list[tuple[str, CodedTurn]]:
    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    return [(r["document"], CodedTurn(r["text"], frozenset(c for c in r["codes"].split(";") if c),
                                      f"{r['document']} #{i}", language=language)) for i, r in enumerate(rows)]


def read_wide_csvs(paths: list[Path], language: str, top_level: bool = False) -> list[tuple[str, CodedTurn]]:
    turns = []
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        question = rows[0][1]
        for row in rows[1:]:
            codes = frozenset((c.split("->")[0] if top_level else c).strip() for c in row[2:] if c.strip())
            if row[1].strip() and codes:
                turns.append((row[0], CodedTurn(row[1], codes, f"{row[0]} {path.stem[-20:]}", question, language)))
    return turns


def read_khot_csvs(paths: list[Path], language: str) -> list[tuple[str, CodedTurn]]:
    """k-hot coded sheets (caseID, verbatim, then one 0/1 column per code), one file per question: the
    respondent is the document, the file's name stands for the question, codes are named file:code."""
    turns = []
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        header = rows[0]
        for row in rows[1:]:
            codes = frozenset(f"{path.stem}:{header[i]}" for i in range(2, len(row)) if row[i].strip() == "1")
            if row[1].strip() and codes:
                turns.append((row[0], CodedTurn(row[1], codes, f"{row[0]} {path.stem}", path.stem, language)))
    return turns


def read_dialogue_csvs(paths: list[Path], language: str, labels: list[str]) -> list[tuple[str, CodedTurn]]:
    """Utterance-labelled dialogue sheets (CPED's Dialogue_ID, Utterance, one column per label set such as
    Emotion and DA): the dialogue is the document, the utterance before it in the dialogue stands for the
    interviewer's question, and each label set gives one code per utterance, named set:value."""
    turns = []
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        previous: dict[str, str] = {}
        for row in rows:
            dialogue, text = row["Dialogue_ID"], row["Utterance"].strip()
            codes = frozenset(f"{label}:{row[label]}" for label in labels if row[label].strip())
            if text and codes:
                turns.append((dialogue, CodedTurn(text, codes, row["Utterance_ID"], previous.get(dialogue, ""),
                                                  language)))
            previous[dialogue] = text
    return turns


def evaluate(turns: list[tuple[str, CodedTurn]], language: str, fraction: float, seed: int = 0,
             hints: dict[str, list[str]] | None = None, uncoded_negatives: bool = False,
             thresholds: str = "per-code", embeddings: float = 0.0, gate: bool = True,
             cut_prior: float | None = None, question_weight: float | None = None,
             min_with_text: int | None = None) -> tuple[float, float]:
    """Train on the coded third as `suggest` does: its coded turns only (an uncoded turn of a coded document
    is not a negative unless ``uncoded_negatives``), with the codebook text of the codes used as ``hints``."""
    documents = sorted({d for d, _ in turns})
    random.Random(seed).shuffle(documents)
    kept = set(documents[:max(1, round(len(documents) * fraction))])
    # Each turn with its document, as `suggest` trains: the question's weight is chosen by document.
    training = [dataclasses.replace(t, document=str(d)) for d, t in turns
                if d in kept and (t.codes or uncoded_negatives)]
    used = {code for t in training for code in t.codes}
    start = time.perf_counter()
    engine = train(training, {c: h for c, h in (hints or {}).items() if c in used}, language=language,
                   thresholds=thresholds, embeddings=embeddings, gate=gate,
                   question_weight=question_weight, **({} if cut_prior is None else {"cut_prior": cut_prior}),
                   **({} if min_with_text is None else {"min_with_text": min_with_text}))
    seconds = time.perf_counter() - start
    tp = fp = fn = hit3 = coded = 0
    # Scored exactly as `suggest` stores them: the combined engine (learned only here), pending at or above
    # min_score, the ranked three (pending and candidates) for recall@3 as `eval suggestions` counts it.
    combined = CombinedEngine(None, engine if engine.models else None, MIN_SCORE)
    for d, turn in turns:
        if d in kept:
            continue
        segment = Segment(0, 0, 1, 0, len(turn.text), None, "participant", text=turn.text)
        ranked = combined.suggest_segment(segment, default_language=language, question=turn.question).codes
        chosen = {s.code_id for s in ranked if s.score >= MIN_SCORE}
        tp += len(chosen & turn.codes); fp += len(chosen - turn.codes); fn += len(turn.codes - chosen)
        coded += len(turn.codes)
        hit3 += len({s.code_id for s in ranked[:3]} & turn.codes)
    f1, recall = 2 * tp / max(1, 2 * tp + fp + fn), hit3 / max(1, coded)
    print(f"seed {seed}: {len(kept)}/{len(documents)} documents train, {len(engine.codes)} codes learned "
          f"({len(engine.report.too_few_examples)} with too few examples) in {seconds:.2f} s, "
          f"question ×{engine.question_weight:g}; "
          f"micro-F1 {f1:.3f}  recall@3 {recall:.3f}")
    return f1, recall


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=1000)
    parser.add_argument("--score", type=int, default=0, metavar="N",
                        help="also time scoring N new turns against the bare jieba pass over them")
    parser.add_argument("--csv", type=Path)
    parser.add_argument("--wide", type=Path, nargs="+")
    parser.add_argument("--khot", type=Path, nargs="+", help="k-hot coded sheets: caseID, verbatim, 0/1 per code")
    parser.add_argument("--dialogue", type=Path, nargs="+",
                        help="utterance-labelled dialogue sheets (CPED: Dialogue_ID, Utterance, label columns)")
    parser.add_argument("--remedi", type=Path, nargs="+", metavar="TXT",
                        help="ReMeDi's labelled dialogue lines (data/dev_human_annotation.txt): patient turns and intents")
    parser.add_argument("--asap", type=Path, nargs="+", metavar="CSV",
                        help="ASAP's annotated reviews (data/*_sample.csv): one review a document, aspects as codes")
    parser.add_argument("--labels", default="Emotion,DA", help="--dialogue: the label columns that become codes")
    parser.add_argument("--taguette", type=Path, help="a Taguette project database (.sqlite3): documents, highlights, tags")
    parser.add_argument("--question-pattern", help="--taguette: a regular expression for the interviewer's paragraphs")
    parser.add_argument("--unit", choices=("paragraph", "highlight"), default="paragraph",
                        help="--taguette: score paragraphs (as suggest does) or the researcher's highlights")
    parser.add_argument("--maxqda", type=Path, metavar="SEGMENTS",
                        help="a MAXQDA Coded Segments report (.pdf or .txt); with --code-system and --transcripts")
    parser.add_argument("--code-system", type=Path, help="--maxqda: the exported code system (.pdf or .txt)")
    parser.add_argument("--transcripts", type=Path, nargs="+", help="--maxqda: the transcripts, one file per document")
    parser.add_argument("--turn-sheet", type=Path, metavar="XLSX",
                        help="a coding workbook: one row per turn (A:/B:), one 0/1 column per code, one sheet per coder")
    parser.add_argument("--sheet", help="--turn-sheet: the coder's sheet")
    parser.add_argument("--interviewer", help="--maxqda, --turn-sheet: the interviewer's speaker label "
                        "(default Interviewer, A)")
    parser.add_argument("--descriptions", action="store_true",
                        help="--taguette: the tags' descriptions, --turn-sheet: the code names, as codebook text "
                        "(extra positives, as suggest uses a code's description)")
    parser.add_argument("--names", action="store_true",
                        help="the code names as codebook text too (extra positives, as suggest uses a code's labels)")
    parser.add_argument("--thresholds", choices=THRESHOLDS, default="per-code",
                        help="each code's own cross-validated cut, or those moved by one offset chosen on "
                             "the pooled cross-validated scores (measured, not adopted: suggest uses per-code)")
    parser.add_argument("--uncoded-negatives", action="store_true",
                        help="also train on the uncoded turns of the coded documents, as negatives (as eval "
                             "suggestions does, and suggest after `qualcode review done`)")
    parser.add_argument("--embeddings", type=float, nargs="?", const=EMBEDDING_WEIGHT, default=0.0, metavar="WEIGHT",
                        help=f"append each turn's sentence embedding (times {EMBEDDING_WEIGHT} as [suggest] embeddings "
                             "= true does, or WEIGHT) to its tf-idf row (needs qualcode[embeddings])")
    parser.add_argument("--no-gate", action="store_true",
                        help="train without the \"does any code apply\" gate (the engine before it), to compare")
    parser.add_argument("--cut-prior", type=float, default=None, metavar="K",
                        help="how many examples the pooled cut counts as in a thin code's pending cut "
                             "(default the engine's CUT_PRIOR; 0: each code's own cut only, the engine before it)")
    parser.add_argument("--question-weight", type=float, default=None, metavar="W",
                        help="a fixed factor of the question words' idf (default: 1 or 2 chosen by "
                             "cross-validation by document, as suggest trains)")
    parser.add_argument("--min-with-text", type=int, default=None, metavar="N",
                        help="learn a code that has codebook text (hints) from N human examples (default "
                             "the engine's rule)")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--top-level", action="store_true",
                        help="--wide: merge sub-codes a->b into a; --maxqda: keep each code path's first part; "
                             "--remedi: the intent without its slot; --asap: the aspect without its polarity")
    parser.add_argument("--language", default="zh")
    parser.add_argument("--train-fraction", type=float, default=0.33)
    return parser


def coded_data(args) -> tuple[list[tuple[str, CodedTurn]], dict[str, list[str]] | None] | None:
    """The (document, turn) pairs and the codebook text (hints) of the coded data the arguments name;
    None when none is named. Each reader says what it skipped."""
    hints = None
    if args.turn_sheet:
        rows = SheetCounts()
        turns = read_turn_sheet(args.turn_sheet, args.sheet, args.language, args.interviewer or "A", counts=rows)
        print(rows.summary())
        if args.descriptions:
            hints = {code: [name] for code, name in sheet_codes(args.turn_sheet, args.sheet).items() if name}
    elif args.maxqda:
        found = MaxqdaCounts()
        turns = read_maxqda(args.maxqda, args.code_system, args.transcripts, args.language,
                            args.interviewer or "Interviewer", args.top_level, found)
        print(found.summary())
    elif args.taguette:
        counts = TaguetteCounts()
        turns = read_taguette(args.taguette, args.language, args.question_pattern, args.unit, counts)
        print(counts.summary())
        hints = taguette_descriptions(args.taguette) if args.descriptions else None
    elif args.remedi:
        found = RemediCounts()
        turns = read_remedi(args.remedi, args.language, args.top_level, found)
        print(found.summary())
    elif args.asap:
        found = AsapCounts()
        turns = read_asap(args.asap, args.language, args.top_level, found)
        print(found.summary())
    elif args.dialogue:
        turns = read_dialogue_csvs(args.dialogue, args.language, args.labels.split(","))
    elif args.khot:
        turns = read_khot_csvs(args.khot, args.language)
    elif args.csv:
        turns = read_long_csv(args.csv, args.language)
    elif args.wide:
        turns = read_wide_csvs(args.wide, args.language, args.top_level)
    else:
        return None
    if args.names:
        hints = with_names(turns, hints, sheet_codes(args.turn_sheet, args.sheet) if args.turn_sheet else None)
    return turns, hints


def with_names(turns, hints: dict[str, list[str]] | None, names: dict[str, str] | None) -> dict[str, list[str]]:
    """``hints`` with each code's name added, as `suggest` adds a code's labels: the sheet's names, or else the
    code id itself where it is a name (Taguette tags, MAXQDA code paths)."""
    merged = {code: list(texts) for code, texts in (hints or {}).items()}
    for code in sorted({c for _, t in turns for c in t.codes}):
        name = (names or {}).get(code, "" if names else code)
        if name.strip():
            merged.setdefault(code, []).append(name)
    return merged


def main() -> None:
    args = _parser().parse_args()
    data = coded_data(args)
    if data is not None:
        turns, hints = data
        print(f"{len(turns)} turns ({sum(1 for _, t in turns if t.codes)} coded), {len({d for d, _ in turns})} documents, "
              f"{len({c for _, t in turns for c in t.codes})} codes")
        results = [evaluate(turns, args.language, args.train_fraction, seed, hints, args.uncoded_negatives,
                            args.thresholds, args.embeddings, not args.no_gate, args.cut_prior,
                            args.question_weight, args.min_with_text)
                   for seed in range(args.repeats)]
        print(f"mean over {len(results)}: micro-F1 {sum(f for f, _ in results) / len(results):.3f}  "
              f"recall@3 {sum(r for _, r in results) / len(results):.3f}")
        return
    turns = generated_turns(args.turns)
    from qualcode.nlp.tokenizers import cut_chinese
    cut_chinese("预热")   # load jieba's dictionary outside the timing
    start = time.perf_counter()
    import sklearn.feature_extraction.text  # noqa: F401  (imported once per process: timed on its own)
    import sklearn.linear_model  # noqa: F401
    print(f"importing scikit-learn {time.perf_counter() - start:.2f} s (once per process, not counted below)")
    if args.embeddings:
        from qualcode.nlp.embeddings import encode
        start = time.perf_counter()
        encode(["预热"])   # load the encoder's weights outside the timing
        print(f"loading the sentence encoder {time.perf_counter() - start:.2f} s (once per process, not counted below)")
    start = time.perf_counter()
    engine = train(turns, embeddings=args.embeddings)
    print(f"trained {len(engine.codes)} codes on {len(turns)} turns in {time.perf_counter() - start:.2f} s"
          + (f" with sentence embeddings (weight {args.embeddings})" if args.embeddings else ""))
    print(f"model cache (pickled) {len(pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL)):,} bytes")
    if args.score:
        scoring_ratio(engine, args.score)


QUESTIONS = ["你平时怎么安排学习和生活？", "家里人怎么看你的选择？", "和同学相处得怎么样？", "遇到困难时你会怎么做？"]


DOCUMENT_TURNS = 20   # participant turns per document: the shipped sample has 153 in 8 interviews


def scoring_ratio(engine, n: int, repeats: int = 3) -> None:
    """Scoring n fresh participant turns, each read with its own interviewer question (features, every
    code's score, evidence for the ranked three) against the bare jieba pass over the same text (the
    questions and the answers), in this one process. The scoring pass hands the engine one document of
    DOCUMENT_TURNS turns at a time, as `qualcode suggest` does (suggest_segments -> suggest_many), and
    tokenises exactly what the bare pass does. The two passes alternate ``repeats`` times and the
    fastest of each counts, both in CPU time of this process (what a busy shared machine disturbs least)
    and in wall time; every question is distinct, so no cache helps the scoring pass ("cold")."""
    from qualcode.nlp.tokenizers import cut_chinese

    turns = generated_turns(n, seed=11)
    texts = [t.text + f"第{i}次。" for i, t in enumerate(turns)]
    questions = [f"{QUESTIONS[i % len(QUESTIONS)]}（第{i}题）" for i in range(n)]
    documents = [[(text, question, "zh") for text, question in zip(texts[start:start + DOCUMENT_TURNS],
                                                                  questions[start:start + DOCUMENT_TURNS])]
                 for start in range(0, n, DOCUMENT_TURNS)]

    def bare() -> None:
        for question, text in zip(questions, texts):
            cut_chinese(question)
            cut_chinese(text)

    def scoring() -> None:
        for document in documents:
            engine.suggest_many(document, floor=0.05, limit=3)

    times: dict[str, list[tuple[float, float]]] = {"bare": [], "scoring": []}
    for _ in range(repeats):
        for name, run in (("bare", bare), ("scoring", scoring)):
            engine.__dict__.pop("_asked", None)   # no question is remembered from the previous round
            if engine.embedding_weight:
                from qualcode.nlp.embeddings import _vector
                _vector.cache_clear()   # nor a turn's sentence embedding
            cpu, wall = time.process_time(), time.perf_counter()
            run()
            times[name].append((time.process_time() - cpu, time.perf_counter() - wall))
    for clock, k in (("CPU", 0), ("wall", 1)):
        b, s = min(t[k] for t in times["bare"]), min(t[k] for t in times["scoring"])
        print(f"{n:,} turns with their questions, fastest of {repeats} ({clock}): bare jieba {b:.2f} s, learned "
              f"scoring {s:.2f} s, ratio {s / b:.2f}x (target <= 2x); all runs bare "
              f"{', '.join(f'{t[k]:.2f}' for t in times['bare'])}, scoring "
              f"{', '.join(f'{t[k]:.2f}' for t in times['scoring'])}")


if __name__ == "__main__":
    main()
