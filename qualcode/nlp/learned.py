"""A suggestion engine that learns from the researcher's own (human) codings.

Pure: takes texts and code ids, never touches storage. One linear model per code
(one-vs-rest logistic regression on words, character n-grams and the interviewer's
question), a per-code threshold chosen by cross-validation on the coded turns, and
evidence naming the most similar coded turns and the strongest terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qualcode.nlp.tokenizers import cut_chinese, english_tokenizer

MIN_EXAMPLES = 3


@dataclass(frozen=True)
class CodedTurn:
    """One participant turn with the codes a human gave it."""

    text: str
    codes: frozenset[str]
    label: str = ""          # how evidence names it, e.g. "S01 #4"
    question: str = ""       # the previous interviewer turn
    language: str = "zh"


@dataclass(frozen=True)
class LearnedSuggestion:
    code: str
    score: float
    threshold: float
    similar: tuple[str, ...]
    terms: tuple[str, ...]


@dataclass
class TrainingReport:
    trained: list[str] = field(default_factory=list)
    too_few_examples: dict[str, int] = field(default_factory=dict)   # code -> example count
    no_negatives: list[str] = field(default_factory=list)            # every turn has this code

    def messages(self) -> list[str]:
        lines = [f"code {code}: only {n} human example(s), needs {MIN_EXAMPLES} to learn; not learned"
                 for code, n in sorted(self.too_few_examples.items())]
        lines += [f"code {code}: every coded turn has it, nothing to contrast with; not learned"
                  for code in self.no_negatives]
        return lines


def turn_features(text: str, question: str = "", language: str = "zh") -> list[str]:
    """Words (jieba / spaCy lookup lemmas), character 2-3-grams, and question words marked q:."""
    words = _words(text, language)
    compact = "".join(text.split()).lower()
    grams = [f"c:{compact[i:i + n]}" for n in (2, 3) for i in range(len(compact) - n + 1)]
    asked = [f"q:{w}" for w in _words(question, language)] if question else []
    return [f"w:{w}" for w in words] + grams + asked


def _words(text: str, language: str) -> list[str]:
    if language == "en":
        return [w for w in english_tokenizer().analyse(text).lemmas if any(c.isalnum() for c in w)]
    return [w for w in cut_chinese(text) if w.strip() and any(c.isalnum() for c in w)]


class LearnedEngine:
    """Trained per-code models; build with :func:`train`."""

    def __init__(self, vectorizer, models, thresholds, matrix, turns, report):
        self.vectorizer = vectorizer
        self.models = models              # code -> LogisticRegression
        self.thresholds = thresholds      # code -> float
        self._matrix = matrix             # training rows, for "like your codings of ..."
        self._turns = turns
        self.report = report

    @property
    def codes(self) -> list[str]:
        return sorted(self.models)

    def suggest(self, text: str, question: str = "", language: str = "zh",
                *, floor: float = 0.05, limit: int = 3) -> list[LearnedSuggestion]:
        """Ranked candidates above ``floor`` (at least ``limit`` when that many pass the floor)."""
        row = self.vectorizer.transform([turn_features(text, question, language)])
        similarity = (self._matrix @ row.T).toarray().ravel()
        names = self.vectorizer.get_feature_names_out()
        found = []
        for code, model in self.models.items():
            score = float(model.predict_proba(row)[0, 1])
            if score < floor:
                continue
            positives = [i for i, t in enumerate(self._turns) if code in t.codes and t.label]
            positives.sort(key=lambda i: -similarity[i])
            similar = tuple(self._turns[i].label for i in positives[:2] if similarity[i] > 0)
            weights = row.multiply(model.coef_[0]).tocsr()
            order = weights.data.argsort()[::-1]
            terms = tuple(names[weights.indices[i]].split(":", 1)[1] for i in order[:3]
                          if weights.data[i] > 0)
            found.append(LearnedSuggestion(code, score, self.thresholds[code], similar, terms))
        found.sort(key=lambda s: (-s.score, s.code))
        return found[:max(limit, sum(s.score >= s.threshold for s in found))]


def uncertainty(engine: LearnedEngine, text: str, question: str = "",
                language: str = "zh") -> tuple[float, str, float, float]:
    """How unsure the model is about a turn: (margin, code, score, threshold) for the code whose score
    lies closest to its threshold. The smaller the margin, the more a human answer would teach."""
    row = engine.vectorizer.transform([turn_features(text, question, language)])
    closest = (2.0, "", 0.0, 0.0)
    for code, model in engine.models.items():
        score = float(model.predict_proba(row)[0, 1])
        margin = abs(score - engine.thresholds[code])
        if margin < closest[0]:
            closest = (margin, code, score, engine.thresholds[code])
    return closest


def train(turns: list[CodedTurn], hints: dict[str, list[str]] | None = None,
          *, language: str = "zh", folds: int = 3) -> LearnedEngine:
    """Learn one model per code with at least MIN_EXAMPLES human examples.

    ``hints`` maps a code to its description/include/examples text, used as extra positives.
    """
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    hints = hints or {}
    report = TrainingReport()
    counts: dict[str, int] = {}
    for turn in turns:
        for code in turn.codes:
            counts[code] = counts.get(code, 0) + 1
    extra = [CodedTurn(text, frozenset({code}), "", "", language)
             for code, texts in hints.items() for text in texts if text and text.strip()]
    everything = list(turns) + extra
    vectorizer = TfidfVectorizer(analyzer=_given_features, sublinear_tf=True, min_df=1)
    features = [turn_features(t.text, t.question, t.language) for t in everything]
    matrix = vectorizer.fit_transform(features) if features else None
    human = matrix[:len(turns)] if matrix is not None else None
    models, thresholds = {}, {}
    for code in sorted(set(counts) | set(hints)):
        n = counts.get(code, 0)
        if n < MIN_EXAMPLES:
            report.too_few_examples[code] = n
            continue
        if n == len(turns):
            report.no_negatives.append(code)
            continue
        y = np.array([code in t.codes for t in everything], dtype=int)
        model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=1000)
        model.fit(matrix, y)
        models[code] = model
        thresholds[code] = _cross_validated_threshold(matrix, y, len(turns), folds)
        report.trained.append(code)
    return LearnedEngine(vectorizer, models, thresholds, human, list(turns), report)


def _given_features(features: list[str]) -> list[str]:
    # Module-level (not a lambda) so a trained engine can be pickled into the model cache.
    return features


def _cross_validated_threshold(matrix, y, n_human: int, folds: int) -> float:
    """The score cut that maximises F1 on held-out human turns (hint rows always train)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    scores = np.zeros(n_human)
    index = np.arange(n_human)
    for fold in range(folds):
        held = index[index % folds == fold]
        keep = np.setdiff1d(np.arange(matrix.shape[0]), held)
        if y[keep].min() == y[keep].max():
            return 0.5   # a fold without both classes cannot say; the model's own midpoint
        model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=1000)
        model.fit(matrix[keep], y[keep])
        scores[held] = model.predict_proba(matrix[held])[:, 1]
    truth = y[:n_human]
    best, best_f1 = 0.5, -1.0
    for cut in sorted(set(np.round(scores, 3))):
        predicted = scores >= cut
        tp = int((predicted & (truth == 1)).sum())
        f1 = 2 * tp / (predicted.sum() + truth.sum()) if tp else 0.0
        if f1 > best_f1:
            best, best_f1 = float(cut), f1
    return best
