"""A suggestion engine that learns from the researcher's own (human) codings.

Pure: takes texts and code ids, never touches storage. One linear model per code
(one-vs-rest logistic regression on words, character n-grams and the interviewer's
question), a per-code threshold chosen by cross-validation on the coded turns, and
evidence naming the most similar coded turns and the strongest terms. This module holds the engine
(scoring and evidence) and the types a cached engine's pickle names; the training is in
:mod:`qualcode.nlp.learned_training`.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from itertools import chain
from math import sqrt
from operator import add
from dataclasses import dataclass, field

from qualcode.nlp.learned_terms import TurnWords, strongest_terms
from qualcode.nlp.tokenizers import cut_chinese, english_tokenizer

MIN_EXAMPLES = 3
# A code the codebook gives text (a label that is not its id, a description, examples: hint rows, extra
# positives) is learned from this many human examples. On the Chinese thesis set, whose code names are
# whole claims, recall@3 went 0.496 -> 0.529 over six splits (micro-F1 0.325 -> 0.329), and no other set
# lost more than 0.004 (docs/suggestions.md, "Thin codes with codebook text"): a thin code's pending cut is
# drawn toward the pooled cut, so what it adds is mostly ranked candidates. From 1 example: recall@3
# 0.547, micro-F1 0.328 there, but a code coded once would then be learned from that one turn and its
# name; kept at 2, so a code with one example is always named as too thin (issue 13, bad input).
MIN_EXAMPLES_WITH_TEXT = 2
EVIDENCE_FEATURES = 8   # a turn's most distinctive features that find the coded turns it resembles
BATCH_TURNS = 256       # turns tokenised together before they are scored (see LearnedEngine.suggest_many)
SOLVER = "lbfgs"
# A Chinese turn's single characters are features too, beside jieba's words and the 2-3-grams: a short answer
# often turns on one character that jieba glues into a word seen nowhere else (疼 in 头疼得厉害, 药 in 吃过药),
# and a one-character word has no n-gram of its own. Only ideographs (punctuation and Latin letters are not),
# and only for a turn read as Chinese. See docs/suggestions.md, "Single Chinese characters".
CHINESE_UNIGRAMS = True


@dataclass(frozen=True)
class CodedTurn:
    """One participant turn with the codes a human gave it."""

    text: str
    codes: frozenset[str]
    label: str = ""          # how evidence names it, e.g. "S01 #4"
    question: str = ""       # the previous interviewer turn
    language: str = "zh"
    document: str = ""       # its document's name: cross-validation keeps a document's turns together


@dataclass(frozen=True)
class LearnedSuggestion:
    code: str
    score: float
    threshold: float
    similar: tuple[str, ...]
    terms: tuple[str, ...]
    # The "does any code apply" gate's probability for the turn and its cut (None without a gate): below
    # the cut, no code of the turn is pending, however it scores (see train).
    gate: float | None = None
    gate_threshold: float = 0.0
    # A thin code's score must also reach this to be pending (0.0: its threshold is enough; see train).
    pending_threshold: float = 0.0

    @property
    def gated_out(self) -> bool:
        return self.gate is not None and self.gate < self.gate_threshold

    @property
    def held_back(self) -> bool:
        """Above its threshold (ranked as such) but short of the higher cut a thin code must pass to be pending."""
        return self.score < self.pending_threshold


# What a code needs to be learned, as the warnings say it.
NEEDED = f"needs {MIN_EXAMPLES} to learn ({MIN_EXAMPLES_WITH_TEXT} with codebook text)"
NAMED_CODES = 10   # codes a warning names before counting the rest: a line, not a page, at 60 thin codes


@dataclass
class TrainingReport:
    trained: list[str] = field(default_factory=list)
    too_few_examples: dict[str, int] = field(default_factory=dict)   # code -> example count
    no_negatives: list[str] = field(default_factory=list)            # every turn has this code

    def messages(self) -> list[str]:
        """One line per kind of code left unlearned: a code by itself, or several named on one line (a
        42-code project early in its coding printed a warning for each of 19 thin codes)."""
        thin = sorted(self.too_few_examples.items())
        if len(thin) == 1:
            lines = [f"code {thin[0][0]}: only {thin[0][1]} human example(s), {NEEDED}; not learned"]
        else:
            named = ", ".join(f"{code} ({n})" for code, n in thin[:NAMED_CODES])
            more = f" and {len(thin) - NAMED_CODES} more" if len(thin) > NAMED_CODES else ""
            lines = [f"{len(thin)} codes with too few human examples, {NEEDED}, not learned: {named}{more}"
                     ] if thin else []
        if len(self.no_negatives) == 1:
            lines.append(f"code {self.no_negatives[0]}: every coded turn has it, nothing to contrast with; not learned")
        elif self.no_negatives:
            more = (f" and {len(self.no_negatives) - NAMED_CODES} more"
                    if len(self.no_negatives) > NAMED_CODES else "")
            lines.append(f"{len(self.no_negatives)} codes on every coded turn, nothing to contrast with, not learned: "
                         + ", ".join(self.no_negatives[:NAMED_CODES]) + more)
        return lines


def turn_features(text: str, question: str = "", language: str = "zh") -> list[str]:
    """Words (jieba / spaCy lookup lemmas), character 2-3-grams, the single Chinese characters of a turn
    not read as English (CHINESE_UNIGRAMS), and question words marked q:."""
    words = _words(text, language)
    compact = "".join(text.split()).lower()
    grams = [f"c:{compact[i:i + n]}" for n in (2, 3) for i in range(len(compact) - n + 1)]
    if CHINESE_UNIGRAMS and language != "en":
        grams += [f"c:{character}" for character in compact if _IDEOGRAPH(character)]
    asked = list(_question_features(question, language)) if question else []
    return [f"w:{w}" for w in words] + grams + asked


@functools.lru_cache(maxsize=512)
def _question_features(question: str, language: str) -> tuple[str, ...]:
    # One interviewer question often precedes several turns (and every answer of a survey question):
    # tokenise it once.
    return tuple(f"q:{w}" for w in _words(question, language))


# A CJK ideograph (the unified block and extension A): what a single-character feature is made of.
_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]").match
_WORDLIKE = re.compile(r"[^\W_]").search   # a letter or digit somewhere (str.isalnum per character, in C)


def _words(text: str, language: str) -> list[str]:
    return [w for w in _tokens(text, language) if _WORDLIKE(w)]


def _tokens(text: str, language: str):
    return english_tokenizer().analyse(text).lemmas if language == "en" else cut_chinese(text)


class LearnedEngine:
    """Trained per-code models; build with :func:`train`."""

    # The weight of the sentence-embedding columns after the tf-idf features (0: none, as every engine
    # trained before embeddings; see qualcode.nlp.embeddings). A class default so older pickles load.
    embedding_weight = 0.0
    # The factor of the question words' idf, chosen in training (see qualcode.nlp.learned_question); the
    # vectorizer's idf already carries it, so every row (batch, single turn, evidence) has it. Informational;
    # a class default so engines cached before it load (they had 1).
    question_weight = 1.0

    def __init__(self, vectorizer, models, thresholds, matrix, turns, report, gate=None, gate_threshold=0.0,
                 pending_thresholds=None):
        self.vectorizer = vectorizer
        self.models = models              # code -> LogisticRegression
        self.thresholds = thresholds      # code -> float
        self.gate = gate                  # "does any code apply" model, or None (see train)
        self.gate_threshold = gate_threshold
        self.pending_thresholds = pending_thresholds or {}   # code -> the higher cut of a thin code (see train)
        self._matrix = matrix             # training rows, for "like your codings of ..."
        self._turns = turns
        self.report = report

    @property
    def codes(self) -> list[str]:
        return sorted(self.models)

    @property
    def trained_turns(self) -> tuple[CodedTurn, ...]:
        """The human-coded turns it learned from (not the codebook hints)."""
        return tuple(self._turns)

    def __getstate__(self) -> dict:
        # The lookup tables below are rebuilt on first use: they would only make the cache file larger.
        state = dict(self.__dict__)
        for derived in ("_lookup", "_vocabulary", "_transposed", "_asked", "_label_list", "_kinds", "_dense",
                        "_gate_table", "_piece_mask"):
            state.pop(derived, None)
        return state

    def _tables(self):
        """(codes, weight matrix features x codes, intercepts, thresholds, each feature's term (its name
        without the kind prefix), positives per code)."""
        lookup = self.__dict__.get("_lookup")
        if lookup is None:
            import numpy as np

            codes = sorted(self.models)
            weights = np.vstack([self.models[c].coef_[0] for c in codes]).T if codes else np.zeros((0, 0))
            intercepts = np.array([self.models[c].intercept_[0] for c in codes])
            thresholds = np.array([self.thresholds[c] for c in codes])
            names = [name.split(":", 1)[1] for name in self.vectorizer.get_feature_names_out().tolist()]
            positives = {c: np.array([i for i, t in enumerate(self._turns) if c in t.codes and t.label], dtype=int)
                         for c in codes}
            lookup = self.__dict__["_lookup"] = (codes, weights, intercepts, thresholds, names, positives)
        return lookup

    def vector(self, text: str, question: str = "", language: str = "zh"):
        """The turn's tf-idf row as (feature indices, values), computed as the fitted vectorizer does
        (sublinear tf, idf, l2 norm) without its per-call overhead, which dominated scoring a short turn.
        Features come in turn_features' order (first occurrence), so ties in the evidence break as before."""
        indices, values, _ = self._row(text, question, language)
        return indices, values

    def _row(self, text: str, question: str, language: str):
        """:meth:`vector` and the turn's tokens (jieba words, or spaCy's tokens for English), which the
        evidence maps its terms back to without tokenising the turn twice."""
        return self._rows([(text, question, language)], [self._tokenised(text, question, language)])[0]

    def _rows(self, batch, prepared) -> list[tuple]:
        """:meth:`_row` of every (text, question, language) of a batch, tokenised beforehand. The log, idf
        and products run once over the whole batch's features (elementwise, so each turn's numbers are
        what its own arrays give); only the l2 norm is per turn, on a copy of the turn's own values, so
        the dot product sums them exactly as before."""
        import numpy as np

        idf = self._fast_vocabulary()[1]
        counted = [self._counts(text, language, *tokens) for (text, _, language), tokens in zip(batch, prepared)]
        total = sum(map(len, counted))
        indices = np.fromiter(chain.from_iterable(counted), dtype=np.int64, count=total)
        tf = np.fromiter(chain.from_iterable(map(Counter.values, counted)), dtype=float, count=total)
        values = (1.0 + np.log(tf)) * idf[indices]
        rows, start = [], 0
        for counts, (tokens, _) in zip(counted, prepared):
            end = start + len(counts)
            own = values[start:end].copy()
            norm = sqrt(own @ own)   # the same correctly rounded square root as numpy's
            rows.append((indices[start:end], own / norm if norm else own, tokens))
            start = end
        return rows

    def _counts(self, text: str, language: str, tokens, asked) -> Counter:
        """How often each known feature occurs in the turn, in turn_features' order (first occurrence)."""
        words, grams, _ = self._fast_vocabulary()[0]
        # Each kind of feature is looked up in its own table without building its prefixed name
        # ("w:…", "c:…"), and the counting runs in C (Counter over map): this is most of the work that
        # scoring adds to the bare tokenizer pass. A token that is not word-like was never learned, so
        # the vocabulary drops it as turn_features' filter would.
        compact = "".join(text.split()).lower()
        pairs = list(map(add, compact, compact[1:]))
        # A single character is in the n-gram table only when it was learned as one (CHINESE_UNIGRAMS, a
        # Chinese turn's ideographs), so looking every character up adds exactly those features.
        singles = () if language == "en" else compact
        counts = Counter(chain(map(words.get, tokens.lemmas if language == "en" else tokens),
                               map(grams.get, pairs), map(grams.get, map(add, pairs, compact[2:])),
                               map(grams.get, singles), asked))
        counts.pop(None, None)
        return counts

    def _tokenised(self, text: str, question: str, language: str):
        """The turn's tokens and its question's feature indices: all the tokenizer work of scoring a turn."""
        tokens = english_tokenizer().analyse(text) if language == "en" else cut_chinese(text)
        return tokens, (self._question_indices(question, language) if question else ())

    def _question_indices(self, question: str, language: str) -> tuple[int | None, ...]:
        # One interviewer question often precedes several turns (and every answer of a survey question).
        cache = self.__dict__.setdefault("_asked", {})
        found = cache.get((question, language))
        if found is None:
            if len(cache) >= 512:
                cache.clear()
            asked = self._fast_vocabulary()[0][2]
            # None for a word never asked before: the row's counting drops it with the turn's unknown words.
            found = cache[(question, language)] = tuple(map(asked.get, _tokens(question, language)))
        return found

    def _fast_vocabulary(self):
        """({word: index}, {character n-gram: index}, {question word: index}) and the idf weights."""
        tables = self.__dict__.get("_vocabulary")
        if tables is None:
            by_kind: dict[str, dict[str, int]] = {"w": {}, "c": {}, "q": {}}
            for feature, index in self.vectorizer.vocabulary_.items():
                kind, name = feature.split(":", 1)
                by_kind[kind][name] = int(index)
            tables = self.__dict__["_vocabulary"] = ((by_kind["w"], by_kind["c"], by_kind["q"]),
                                                     self.vectorizer.idf_)
        return tables

    def scores(self, text: str, question: str = "", language: str = "zh"):
        """((indices, values) of the turn's row, every code's probability in :attr:`codes` order): the same
        numbers as each code's ``predict_proba``, from one small product."""
        (indices, values, _), _, probabilities = self._scored(text, question, language)
        return (indices, values), probabilities

    def _scored(self, text: str, question: str, language: str):
        """The turn's row, the weights of its features (features x codes) and every code's probability."""
        return self._scored_rows([self._row(text, question, language)], self._vectors([text]))[0]

    def _vectors(self, texts: Sequence[str]):
        """The turns' sentence embeddings (times the engine's weight), or None for an engine without them:
        encoded once per batch, for the codes' scores and the gate alike."""
        if not self.embedding_weight:
            return None
        from qualcode.nlp.embeddings import encode

        return encode(texts, self.embedding_weight)

    def _gated(self, rows, vectors) -> list[float | None]:
        """Per row of a batch, the gate's probability that some code applies (None without a gate);
        ``vectors`` as for :meth:`_scored_rows`."""
        import numpy as np

        gate = self._gate_weights()
        if gate is None:
            return [None] * len(rows)
        weights, intercept, dense = gate
        # One gather and one bincount for the whole batch (a turn without known features sums to 0).
        lengths = [len(indices) for indices, _, _ in rows]
        indices = np.concatenate([indices for indices, _, _ in rows])
        values = np.concatenate([values for _, values, _ in rows])
        owner = np.repeat(np.arange(len(rows)), lengths)
        logits = np.bincount(owner, weights=weights[indices] * values, minlength=len(rows)) + intercept
        if vectors is not None:   # the gate learned the sentence-embedding columns too
            logits = logits + np.array([vector @ dense for vector in vectors])
        return (1.0 / (1.0 + np.exp(-logits))).tolist()

    def _gate_weights(self):
        """(the gate's weight per feature, its intercept, its weights of the embedding columns), or None
        without a gate (or an engine cached before there were gates)."""
        if self.__dict__.get("gate") is None:
            return None
        found = self.__dict__.get("_gate_table")
        if found is None:
            weights = self.gate.coef_[0]
            found = self.__dict__["_gate_table"] = (weights, float(self.gate.intercept_[0]),
                                                    weights[len(self.vectorizer.idf_):])
        return found

    def _scored_rows(self, rows, vectors) -> list[tuple]:
        """(the row, the weights of its features (features x codes), every code's probability) of every row
        of a batch (``vectors``: the turns' sentence embeddings from :meth:`_vectors`, None without them): the
        weights of all its turns' features in one gather and every probability in one exp (elementwise:
        each number is what the turn alone gives); only each turn's products with its own weights run per turn."""
        import numpy as np

        _, weights, intercepts, _, _, _ = self._tables()
        gathered = weights[np.concatenate([indices for indices, _, _ in rows])]
        own, start = [], 0
        for indices, _, _ in rows:
            own.append(gathered[start:start + len(indices)])
            start += len(indices)
        logits = np.array([values @ mine + intercepts for (_, values, _), mine in zip(rows, own)])
        if vectors is not None:
            logits += self._embedding_logits(vectors)
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        return list(zip(rows, own, probabilities))

    def suggest(self, text: str, question: str = "", language: str = "zh",
                *, floor: float = 0.05, limit: int = 3) -> list[LearnedSuggestion]:
        """Ranked candidates above ``floor``: every code at its threshold or above, and at least ``limit``."""
        return self.suggest_many([(text, question, language)], floor=floor, limit=limit)[0]

    def suggest_many(self, turns: Sequence[tuple[str, str, str]], *, floor: float = 0.05,
                     limit: int = 3) -> list[list[LearnedSuggestion]]:
        """:meth:`suggest` for each (text, question, language), e.g. a document's turns: the same results.
        Each step runs over the whole batch before the next: tokenising (jieba or spaCy), then every turn's
        row and scores, then the evidence. Scoring right after each jieba call ran with the processor's
        caches full of jieba's dictionary walk: one turn at a time cost about 20 % more CPU per turn than
        this (python bench/learned_bench.py --score)."""
        if not self.models:
            return [[] for _ in turns]
        found: list[list[LearnedSuggestion]] = []
        for start in range(0, len(turns), BATCH_TURNS):
            batch = turns[start:start + BATCH_TURNS]
            prepared = [self._tokenised(text, question, language) for text, question, language in batch]
            rows = self._rows(batch, prepared)
            vectors = self._vectors([text for text, _, _ in batch])
            scored = self._scored_rows(rows, vectors)
            shared = self._shared_features(rows)
            cuts = self._tables()[3].tolist()
            gates = self._gated(rows, vectors)
            found += [self._suggest_one(text, language, row, shares, cuts, floor, limit, gate)
                      for (text, _, language), row, shares, gate in zip(batch, scored, shared, gates)]
        return found

    def _embedding_logits(self, vectors):
        """Each turn's share of every code's logit from its sentence embedding (turns x codes), one product per
        turn (a batched product may round differently from the turn's own)."""
        import numpy as np

        dense = self.__dict__.get("_dense")
        if dense is None:
            weights = self._tables()[1]
            dense = self.__dict__["_dense"] = np.ascontiguousarray(weights[len(self.vectorizer.idf_):])
        return np.array([vector @ dense for vector in vectors]).reshape(len(vectors), -1)

    def _shared_features(self, rows):
        """Per turn of a batch, how much each coded turn shares of its EVIDENCE_FEATURES most distinctive
        (heaviest tf-idf) features: :meth:`similarity` of those features, for the whole batch in one gather
        over the transposed coded rows and one ``bincount`` (turns x coded turns). Per turn, the gather's
        dozen numpy calls cost more than its arithmetic. Each coded turn's shares are added in the order of
        the turn's features, as the per-turn gather adds them, so the sums are the same to the last bit."""
        import numpy as np

        table = self._by_feature()[0]
        coded = table.shape[1]
        heaviest = [values.argsort()[-EVIDENCE_FEATURES:] for _, values, _ in rows]
        features = np.concatenate([indices[chosen] for (indices, _, _), chosen in zip(rows, heaviest)])
        weights = np.concatenate([values[chosen] for (_, values, _), chosen in zip(rows, heaviest)])
        owner = np.repeat(np.arange(len(rows)) * coded, [len(chosen) for chosen in heaviest])
        starts = table.indptr[features]
        lengths = table.indptr[features + 1] - starts
        # The positions of every chosen feature's row in table.indices / table.data, one range after another.
        ends = np.cumsum(lengths)
        positions = np.arange(ends[-1] if len(ends) else 0) + np.repeat(starts - (ends - lengths), lengths)
        shares = table.data[positions] * np.repeat(weights, lengths)
        cells = table.indices[positions] + np.repeat(owner, lengths)
        return np.bincount(cells, weights=shares, minlength=len(rows) * coded).reshape(len(rows), coded)

    def _suggest_one(self, text: str, language: str, scored_row, shared, cuts: list[float], floor: float,
                     limit: int, gate: float | None = None) -> list[LearnedSuggestion]:
        codes, names = self._tables()[0], self._tables()[4]
        (indices, values, tokens), rows, scored = scored_row
        # Best first, a tie by code id: the codes are sorted, so a stable sort of the negated scores.
        order = (-scored).argsort(kind="stable").tolist()
        # Plain floats from here: per-code work on numpy scalars cost more than the product above.
        probabilities = scored.tolist()
        kept = [i for i in order if probabilities[i] >= floor]
        kept = kept[:max(limit, sum(probabilities[i] >= cuts[i] for i in kept))]
        if not kept:
            return []
        similar = self._similar_turns(shared, kept)
        terms = strongest_terms(TurnWords(text, tokens, language, self._feature_kinds(), names),
                                 indices, values, rows, kept, self._pieces())
        # .get: an engine cached before gates and pending cuts has neither attribute.
        pending = self.__dict__.get("pending_thresholds") or {}
        return [LearnedSuggestion(codes[i], probabilities[i], cuts[i], named, shown, gate,
                                  self.__dict__.get("gate_threshold", 0.0), pending.get(codes[i], 0.0))
                for i, named, shown in zip(kept, similar, terms)]

    def _similar_turns(self, shared, kept: list[int]) -> list[tuple[str, ...]]:
        """"Like your codings of ...", per ranked code: the (at most two) turns coded with it that share most
        of this turn's EVIDENCE_FEATURES most distinctive (heaviest tf-idf) features (``shared``, from
        :meth:`_shared_features`), the earlier turn on a tie. Those features are the rarest, so one sum
        serves every ranked code; the full cosine cost more than everything else in scoring."""
        codes, positives, labels = self._tables()[0], self._tables()[5], self._labels()
        found = []
        for i in kept:
            members = positives[codes[i]]
            if not len(members):
                found.append(())
                continue
            similarity = shared[members]
            # Two argmax passes instead of a sort: argmax takes the first of equal maxima.
            best = similarity.argmax()
            first = float(similarity[best])
            similarity[best] = 0.0
            runner_up = similarity.argmax()
            second = float(similarity[runner_up])
            found.append(tuple(labels[int(members[turn])] for turn, share in ((best, first), (runner_up, second))
                               if share > 0))
        return found

    def _feature_kinds(self) -> list[str]:
        """Each feature's kind: "w" (a word of the turn), "c" (a character n-gram), "q" (a question word)."""
        kinds = self.__dict__.get("_kinds")
        if kinds is None:
            kinds = self.__dict__["_kinds"] = [name[0] for name in self.vectorizer.get_feature_names_out().tolist()]
        return kinds

    def _pieces(self):
        """Per feature, whether it is a single character (CHINESE_UNIGRAMS): a piece of a word, never shown as
        a term (its word and n-grams speak for it; shown, it named 好 and 大 for 好学校 and 很大)."""
        pieces = self.__dict__.get("_piece_mask")
        if pieces is None:
            import numpy as np

            pieces = self.__dict__["_piece_mask"] = np.array(
                [kind == "c" and len(name) == 1 for kind, name in zip(self._feature_kinds(), self._tables()[4])],
                dtype=bool)
        return pieces

    def _labels(self) -> list[str]:
        labels = self.__dict__.get("_label_list")
        if labels is None:
            labels = self.__dict__["_label_list"] = [turn.label for turn in self._turns]
        return labels

    def similarity(self, indices, values, code: str | None = None):
        """Cosine similarity of a turn's row with every coded turn, or with the turns coded ``code`` (in
        :meth:`_tables` positives order); rows are l2-normalised. The turn's features pick their rows of
        the transposed matrix, gathered with plain numpy: scipy's fancy indexing cost more than the
        arithmetic for one short turn, and a code's own turns are far fewer than all of them."""
        import numpy as np

        table, pointers = self._by_feature(code)
        spans = [(pointers[feature], pointers[feature + 1]) for feature in indices.tolist()]
        lengths = [end - start for start, end in spans]
        if not sum(lengths):
            return np.zeros(table.shape[1])
        turns = np.concatenate([table.indices[start:end] for start, end in spans])
        shares = np.concatenate([table.data[start:end] for start, end in spans]) * np.repeat(values, lengths)
        return np.bincount(turns, weights=shares, minlength=table.shape[1])

    def _by_feature(self, code: str | None = None):
        """The coded turns' rows (all, or those coded ``code``) transposed (features x turns, CSR), and where
        each feature's row starts as a plain list (a few Python slices cost less than gathering by index)."""
        tables = self.__dict__.setdefault("_transposed", {})
        if code not in tables:
            rows = self._matrix if code is None else self._matrix[self._tables()[5][code]]
            table = rows.T.tocsr()
            tables[code] = (table, table.indptr.tolist())
        return tables[code]


def uncertainty(engine: LearnedEngine, text: str, question: str = "",
                language: str = "zh") -> tuple[float, str, float, float]:
    """How unsure the model is about a turn: (margin, code, score, threshold) for the code whose score
    lies closest to its threshold. The smaller the margin, the more a human answer would teach."""
    codes, _, _, thresholds, _, _ = engine._tables()
    if not codes:
        return (2.0, "", 0.0, 0.0)
    _, probabilities = engine.scores(text, question, language)
    margins = abs(probabilities - thresholds)
    i = int(margins.argmin())
    return (float(margins[i]), codes[i], float(probabilities[i]), float(thresholds[i]))


THRESHOLDS = ("pooled", "per-code")
# Folds of the cross-validation that chooses each code's threshold: 5 gave better cuts than 3 on 12 of
# 16 public data sets and never lost more than 0.004 micro-F1 (docs/suggestions.md), for training time only.
THRESHOLD_FOLDS = 5
# How many examples the pooled cut counts as when a code's pending cut is drawn toward it (pending_cuts):
# five, one per fold; it raised micro-F1 on every public data set (docs/suggestions.md).
CUT_PRIOR = 5.0


def train(turns: list[CodedTurn], hints: dict[str, list[str]] | None = None, **options) -> LearnedEngine:
    """Learn one model per code with at least MIN_EXAMPLES human examples (MIN_EXAMPLES_WITH_TEXT with hints): see
    :func:`qualcode.nlp.learned_training.train` for ``hints`` and the options (imported here on first call,
    since that module builds on this one)."""
    from qualcode.nlp.learned_training import train as train_engine

    return train_engine(turns, hints, **options)


def _given_features(features: list[str]) -> list[str]:
    # Module-level (not a lambda) so a trained engine can be pickled into the model cache.
    return features
