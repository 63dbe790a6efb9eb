"""Speaker labels of a plain transcript: which prefixes are labels, and whom each one stands for.

- Standard labels (case-insensitive): Tutor, Teacher, Instructor, Coach, AI, AI Tutor, Assistant,
  Bot -> ``tutor``; Student, Learner, Pupil, User, Kid, Child -> ``student``; System, Parent, Mom,
  Mum, Dad, Mother, Father, Guardian, Grandma, Grandpa, Grandmother, Grandfather, Aunt, Uncle,
  Brother, Sister, Sibling, Classmate -> ``system``.
- Names of the ``known`` people: a person with role ``student`` speaks as ``student``; role
  ``tutor`` or ``teacher`` as ``tutor``; anyone else as ``system`` ("neither the student nor the
  tutor", so nobody else's words are counted as the student's or the tutor's).
- Any other prefix is an *unknown speaker* when it is label-shaped (``label_shaped``): one to three
  capitalised name-like words, no digits, and none of the words that open a line of teaching
  (``Hint``, ``Step``, ``Note``, ``Answer``, ``Example``...). ``resolve_unknown`` decides who an
  unknown speaker is: when the student has not been named, the tutor's side uses one label and
  exactly one unknown speaker talks, that speaker is the student (``Tutor:`` + ``Leo:``).
  Otherwise the transcript is refused with an ``InputError`` that says how to name the speakers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from afterclass.errors import InputError
from afterclass.models import Person
from afterclass.models.session import Speaker

STANDARD_LABELS: Mapping[str, Speaker] = {
    **dict.fromkeys(
        ("tutor", "teacher", "instructor", "coach", "ai", "ai tutor", "assistant", "bot"), "tutor"
    ),
    **dict.fromkeys(("student", "learner", "pupil", "user", "kid", "child"), "student"),
    **dict.fromkeys(
        (
            *("system", "parent", "mom", "mum", "dad", "mother", "father", "guardian"),
            *("grandma", "grandpa", "grandmother", "grandfather", "aunt", "uncle"),
            *("brother", "sister", "sibling", "classmate"),
        ),
        "system",
    ),
}
_ROLE_SPEAKER: Mapping[str, Speaker] = {"student": "student", "tutor": "tutor", "teacher": "tutor"}
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam"})

#: Words that open a line of teaching or talk, never a speaker's name: a label-shaped prefix
#: holding one of them (``Hint:``, ``Final Answer:``, ``The Rule:``) is part of the text.
NOT_SPEAKER_WORDS = frozenset(
    {
        *("hint", "hints", "note", "notes", "nb", "ps", "answer", "answers", "example"),
        *("examples", "step", "steps", "question", "questions", "problem", "problems"),
        *("solution", "solutions", "tip", "tips", "remember", "reminder", "warning"),
        *("important", "recap", "summary", "review", "task", "exercise", "practice", "quiz"),
        *("test", "bonus", "challenge", "check", "result", "total", "formula", "rule", "rules"),
        *("definition", "explanation", "key", "goal", "goals", "objective", "part", "homework"),
        *("mistake", "fact", "idea", "method", "strategy", "vocabulary", "word", "words"),
        *("topic", "lesson", "unit", "chapter", "section", "page", "figure", "table", "time"),
        *("date", "score", "feedback", "option", "options", "choice", "given", "find"),
        *("correct", "wrong", "right", "yes", "no", "ok", "okay", "great", "good", "nice"),
        *("so", "then", "now", "well", "also", "first", "second", "third", "next", "finally"),
        *("because", "and", "but", "or", "if", "think", "look", "try", "like", "here"),
        *("the", "a", "an", "this", "that", "these", "those", "my", "your", "our", "their"),
        *("his", "her", "its", "it", "i", "we", "you", "he", "she", "they", "is", "are"),
        *("what", "why", "how", "when", "where", "which", "who"),
    }
)
#: Lowercase words allowed inside a name (``Leo da Silva``, ``Anna van Dijk``).
_NAME_PARTICLES = frozenset(
    {"da", "de", "del", "della", "di", "do", "dos", "du", "la", "le", "van", "von", "der", "bin"}
)
_NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’.-])*$")
_MAX_LABEL_WORDS = 3


@dataclass(frozen=True)
class SpeakerHelp:
    """How the caller of ``parse_transcript`` can name speakers: the fix an error suggests."""

    student: str
    """How to name the student."""
    others: str
    """What to do about anyone else."""


#: For a plain transcript file: only the student can be named (``--student-name``).
PLAIN_HELP = SpeakerHelp(
    student="pass --student-name NAME with the student's name as the transcript writes it "
    "(TranscriptDefaults.student_name)",
    others="label anyone else's lines 'Tutor:', 'Parent:' or 'System:'",
)
#: For ``conversation.transcript`` of a generic session JSON.
SESSION_HELP = SpeakerHelp(
    student="give the student's name in 'student.name' (or 'student.aliases')",
    others="name anyone else in 'people' with a role",
)
#: For a Vapi report's ``artifact.transcript``.
VAPI_HELP = SpeakerHelp(
    student="set customer.name when starting the call",
    others="label the other lines 'AI:' or 'User:'",
)


def normalize_label(label: str) -> str:
    """Lower case, single spaces, no markdown emphasis or final dot: ``**Tutor.**`` -> ``tutor``."""
    return " ".join(label.strip().strip("*_").rstrip(".").lower().split())


def shown_label(label: str) -> str:
    """The label as the transcript writes it, without markdown emphasis: ``**Leo**`` -> ``Leo``."""
    return " ".join(label.strip().strip("*_").split())


def label_shaped(label: str) -> bool:
    """True for a prefix that reads like a name: ``Leo``, ``Ms. Rivera``, ``Leo da Silva``.

    One to three words of letters (and ``'``, ``.``, ``-``), each capitalised except name particles
    (``da``, ``van``...), at least two letters in all, and no word of ``NOT_SPEAKER_WORDS``.
    """
    words = shown_label(label).split()
    if not 1 <= len(words) <= _MAX_LABEL_WORDS:
        return False
    if sum(char.isalpha() for char in "".join(words)) < 2:  # "Q:", "A:"
        return False
    for position, word in enumerate(words):
        if not _NAME_WORD.match(word) or word.lower().rstrip(".") in NOT_SPEAKER_WORDS:
            return False
        if not word[0].isupper() and (position == 0 or word.lower() not in _NAME_PARTICLES):
            return False
    return True


def _names(person: Person) -> tuple[list[str], list[str]]:
    """(full names and aliases, first names) of one person, normalized."""
    full = [normalize_label(name) for name in person.all_names()]
    first = []
    for name in full:
        words = [w for w in name.split() if w.rstrip(".") not in _TITLES]
        if len(name.split()) > 1 and words and len(words[0]) > 1:
            first.append(words[0])
    return full, first


def speaker_labels(known: Sequence[Person]) -> dict[str, Speaker]:
    """Every label this transcript may use and the speaker it stands for.

    Full names and aliases win over first names; the student's names win over the tutors',
    and those over everyone else's.
    """
    ranked = sorted(known, key=lambda p: {"student": 2, "tutor": 1, "teacher": 1}.get(p.role, 0))
    labels: dict[str, Speaker] = dict(STANDARD_LABELS)
    names = [(_ROLE_SPEAKER.get(p.role, "system"), *_names(p)) for p in ranked]
    for speaker, _, first in names:
        labels.update(dict.fromkeys(first, speaker))
    for speaker, full, _ in names:
        labels.update(dict.fromkeys(full, speaker))
    return labels


def tutor_sides(used: Iterable[str], labels: Mapping[str, Speaker], known: Sequence[Person]) -> int:
    """How many tutors the used labels stand for; all names of one known tutor count once."""
    sides = set()
    for label in used:
        if labels.get(label) != "tutor":
            continue
        owners = [p.name for p in known if any(label in names for names in _names(p))]
        sides.add(owners[0] if owners else label)
    return len(sides)


@dataclass(frozen=True)
class UnknownLabel:
    """A label-shaped prefix that is no known label, where it first appears."""

    key: str
    """The normalized label."""
    shown: str
    line: int


def _listed(unknown: Sequence[UnknownLabel]) -> str:
    return ", ".join(f"{label.shown!r} (line {label.line})" for label in unknown)


def resolve_unknown(
    unknown: Sequence[UnknownLabel], *, tutors: int, student_named: bool, naming: SpeakerHelp
) -> dict[str, Speaker]:
    """The speaker of each unknown label (rules in the module docstring), or ``InputError``.

    ``tutors`` is how many tutors the transcript's known labels stand for; ``student_named``
    says whether the caller named the student.
    """
    if not unknown:
        return {}
    plural, which = ("s", "one of them") if len(unknown) > 1 else ("", "it")
    if student_named:
        raise InputError(
            f"line {unknown[0].line}: unknown speaker{plural} {_listed(unknown)}: neither the "
            f"student's name nor a known label; {naming.others}, or, if {which} is the student, "
            f"{naming.student}"
        )
    if len(unknown) == 1 and tutors == 1:
        return {unknown[0].key: "student"}
    raise InputError(
        f"line {unknown[0].line}: unknown speaker{plural} {_listed(unknown)}: cannot tell who the "
        f"student is; {naming.student}, and {naming.others}"
    )
