"""Choose each speaker's role from evidence, and say why.

Given the turns of one document (who spoke, what they said), every speaker gets a role and a reason
the import report prints ("Mary: interviewer — asks 14 of 16 questions"). In order of strength:

1. an override (``--speakers "Mary=interviewer,Tom=P03"`` or ``[transcripts.speaker_roles]``);
2. a recognised label (the built-in list or ``[[transcripts.speakers]]``);
3. a role word in the label (``Moderator``, ``Participant 3``, ``学生A``, ``社工小李``);
4. if nobody is the interviewer yet: who asks the most questions, and on a tie who speaks first;
5. everyone else is a participant, each under their own name (a group interview keeps them apart).

It also says when a document looks wrong: no participant turns at all, or one speaker with nearly all
the words (usually another speaker's label was missed and merged in).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from qualcode.core.errors import Location, QualcodeError
from qualcode.core.models import ROLE_VALUES, Role, SpeakerSummary
from qualcode.core.speaker_labels import label_key, role_word, without_note

# A turn asks a question when it has a question mark or a Chinese question word or particle.
_QUESTION = re.compile(r"[?？]|吗|嗎|呢|什么|什麼|甚麼|怎么|怎麼|为什么|為什麼")
DOMINANT_SHARE = 0.90  # one speaker with this share of the words is worth a warning
# A lone participant turn shorter than this is an answer or a note (a survey export gives thousands of them),
# not a transcript whose other labels were missed: too short to hide a conversation.
LONE_ANSWER_CHARS = 300
NOT_A_SPEAKER = "text"  # an override value: the label is part of the text, not a speaker


@dataclass(frozen=True)
class SpeakerOverride:
    """``name=value`` from --speakers or qualcode.toml: value is a role, a case id, or ``text``."""

    name: str
    value: str
    origin: str  # "--speakers" or "qualcode.toml [transcripts.speaker_roles]"

    @property
    def role(self) -> Role | None:
        if self.value == NOT_A_SPEAKER:
            return None
        return self.value if self.value in ROLE_VALUES else "participant"  # type: ignore[return-value]

    @property
    def case_id(self) -> str | None:
        return None if self.value in ROLE_VALUES or self.value == NOT_A_SPEAKER else self.value


# Other words researchers write for the roles in an override.
_ROLE_SPELLINGS = {"访谈者": "interviewer", "訪談者": "interviewer", "受访者": "participant",
                   "受訪者": "participant", "其他": "other", "none": NOT_A_SPEAKER, "文本": NOT_A_SPEAKER}
_CASE_ID = re.compile(r"[^\s,=]{1,40}")


# Why a speaker has a label's own role (`访谈者：`, `I:`, `P01:`, or `[[transcripts.speakers]]`): no choice to check.
RECOGNISED_LABEL = "a recognised label"


def parse_override_value(name: str, value: str, where: Location | None = None) -> str:
    """The stored form of ``name=value``: a role, ``text``, or a case id; a bad one is an error."""
    cleaned = value.strip()
    cleaned = _ROLE_SPELLINGS.get(cleaned.casefold(), _ROLE_SPELLINGS.get(cleaned, cleaned))
    if cleaned.casefold() in ROLE_VALUES or cleaned.casefold() == NOT_A_SPEAKER:
        return cleaned.casefold()
    if not name.strip() or not _CASE_ID.fullmatch(cleaned):
        raise QualcodeError(
            f"speaker override {name}={value!r}: the value must be interviewer, participant, other, text "
            "(not a speaker) or a case id such as P03", where)
    return cleaned


def parse_speakers_option(option: str) -> tuple[SpeakerOverride, ...]:
    """``"Mary=interviewer,Tom=P03"`` (from ``qualcode import --speakers``) -> overrides."""
    overrides = []
    for item in (part.strip() for part in option.replace("，", ",").split(",")):
        if not item:
            continue
        name, equals, value = item.partition("=")
        if not equals or not name.strip() or not value.strip():
            raise QualcodeError(f"--speakers: {item!r} is not Name=role; write e.g. \"Mary=interviewer,Tom=P03\"")
        # "Leo Park (UCL)=P03" as the name reads in Zoom: the readers drop the note, so does the override
        name = without_note(name.strip())
        overrides.append(SpeakerOverride(name, parse_override_value(name, value), "--speakers"))
    if not overrides:
        raise QualcodeError('--speakers is empty; write e.g. "Mary=interviewer,Tom=P03"')
    return tuple(overrides)


@dataclass
class _Stats:
    name: str
    first: int
    turns: int = 0
    characters: int = 0
    questions: int = 0


def is_question(text: str) -> bool:
    return _QUESTION.search(text) is not None


def choose_roles(
    turns: Sequence[tuple[str, str]],
    *,
    recognised: Mapping[str, Role] | None = None,
    overrides: Mapping[str, SpeakerOverride] | None = None,
    participant_id: re.Pattern[str] | None = None,
) -> dict[str, SpeakerSummary]:
    """Role of every speaker of ``turns`` ((speaker, words) in order), keyed by :func:`label_key`.

    ``recognised``: roles given by recognised labels (key -> role); ``overrides``: key -> override.
    """
    recognised, overrides = recognised or {}, overrides or {}
    stats = _speaker_stats(turns)
    decided: dict[str, tuple[Role, str, str | None]] = {}
    role_word_interviewers: list[str] = []
    for key, s in stats.items():
        fixed = _fixed_role(s.name, key, recognised, overrides, participant_id)
        if fixed is not None and fixed[0] == "interviewer" and key not in recognised and key not in overrides:
            role_word_interviewers.append(key)  # a role word is weaker evidence: settled below
        elif fixed is not None:
            decided[key] = fixed
    _settle_role_word_interviewers(role_word_interviewers, stats, decided)
    if len(stats) > 1 and not any(role == "interviewer" for role, _, _ in decided.values()):
        chosen = _interviewer_by_evidence([s for k, s in stats.items() if k not in decided], stats)
        if chosen is not None:
            decided[label_key(chosen[0])] = ("interviewer", chosen[1], None)
    interviewers = [stats[k].name for k, (role, _, _) in decided.items() if role == "interviewer"]
    for key, s in stats.items():
        if key not in decided:
            why = (f"not the interviewer ({', '.join(interviewers)} is)" if interviewers
                   else "the only speaker" if len(stats) == 1 else "no one asks questions; everyone is a participant")
            decided[key] = ("participant", why, None)
    return {key: SpeakerSummary(s.name, decided[key][0], s.turns, s.characters, s.questions, decided[key][1],
                                decided[key][2]) for key, s in stats.items()}


def _settle_role_word_interviewers(keys: list[str], stats: Mapping[str, _Stats],
                                   decided: dict[str, tuple[Role, str, str | None]]) -> None:
    """One interviewer: a label such as 老师 or 社工 may name the interviewer, or the person interviewed
    (a teacher answering 访谈者's questions). Beside a recognised or chosen interviewer it is a
    participant; of several such labels, the one who asks the most questions interviews."""
    if not keys:
        return
    named = [stats[k].name for k, (role, _, _) in decided.items() if role == "interviewer"]
    if not named:
        best = max((stats[k] for k in keys), key=lambda s: (s.questions, -s.first))
        word = f"'{best.name}' names an interviewer"
        decided[label_key(best.name)] = ("interviewer", word + (
            f" and asks {best.questions} questions" if len(keys) > 1 else ""), None)
        named = [best.name]
    for key in keys:
        if key not in decided:
            decided[key] = ("participant", f"'{stats[key].name}' could name an interviewer, but "
                            f"{', '.join(named)} asks the questions", None)


def _speaker_stats(turns: Sequence[tuple[str, str]]) -> dict[str, _Stats]:
    stats: dict[str, _Stats] = {}
    for index, (speaker, words) in enumerate(turns):
        s = stats.setdefault(label_key(speaker), _Stats(speaker, index))
        s.turns += 1
        s.characters += len(words.strip())
        s.questions += is_question(words)
    return stats


def _fixed_role(name: str, key: str, recognised: Mapping[str, Role], overrides: Mapping[str, SpeakerOverride],
                participant_id: re.Pattern[str] | None) -> tuple[Role, str, str | None] | None:
    override = overrides.get(key)
    if override is not None and override.role is not None:
        return override.role, f"set by {override.origin}", override.case_id
    if key in recognised:
        return recognised[key], RECOGNISED_LABEL, None
    word_role = role_word(name)
    if word_role is not None:
        what = {"interviewer": "an interviewer", "participant": "a participant"}.get(word_role, "no one identified")
        return word_role, f"'{name}' names {what}", None
    if participant_id is not None and participant_id.fullmatch(name):
        return "participant", "looks like a participant id", None
    return None


def _interviewer_by_evidence(undecided: list[_Stats], everyone: Mapping[str, _Stats]) -> tuple[str, str] | None:
    """Who asks the most questions; on a tie, who speaks first."""
    if not undecided:
        return None
    best = max(undecided, key=lambda s: (s.questions, -s.first))
    total = sum(s.questions for s in everyone.values())
    if best.questions == 0:
        if len(undecided) == 1 and len(everyone) > 1:
            return best.name, "the only speaker without a participant label"
        return best.name, "speaks first (no one asks questions)"
    tied = [s for s in undecided if s.questions == best.questions]
    reason = f"asks {best.questions} of {total} questions"
    return best.name, reason + (" and speaks first" if len(tied) > 1 else "")


def balance_warnings(speakers: Sequence[tuple[str | None, Role, int]], *, participant_turns: int) -> list[str]:
    """Warnings for a document whose speakers look wrong; ``speakers``: (name, role, characters) of each.

    Shared by the import report and ``status`` so both say the same thing.
    """
    fix = ('check the speakers and re-import with --speakers "Name=participant" '
           "(or [transcripts.speaker_roles] in qualcode.toml)")
    warnings: list[str] = []
    named = [(name, role, chars) for name, role, chars in speakers if name]
    if not named:
        return warnings  # unlabelled text: the paragraph split already says so
    if participant_turns == 0:
        listed = ", ".join(f"{name} ({role})" for name, role, _ in named)
        # Only interviewers labelled: most likely a think-aloud transcript whose participant has no label; making
        # the moderator the participant (the --speakers advice alone) would be wrong, so name the setting too.
        unlabelled = ('; or, if the paragraphs without a label are the participant\'s (a think-aloud transcript '
                      'that labels only the moderator), set [transcripts] unlabelled_paragraphs = "participant" in '
                      "qualcode.toml and import again") if all(role == "interviewer" for _, role, _ in named) else ""
        warnings.append(f"no participant turns (speakers: {listed}); {fix}{unlabelled}")
    total = sum(chars for _, _, chars in speakers)
    name, role, chars = max(named, key=lambda item: item[2])
    # A participant who talks for 90% of a narrative interview is normal; an interviewer with 90%,
    # or a single labelled speaker with everything, is what a missed label looks like.
    lone = len(named) == 1 and participant_turns > 0 and (participant_turns > 1 or chars >= LONE_ANSWER_CHARS)
    if total and chars / total >= DOMINANT_SHARE and (role != "participant" and len(named) > 1 or lone):
        warnings.append(f"{name} holds {chars / total:.0%} of the text (were other speakers' labels missed?); {fix}")
    return warnings
