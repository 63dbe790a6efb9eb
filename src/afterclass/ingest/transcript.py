"""Plain transcripts (``Tutor: ...`` / ``Student: ...`` lines) into turns.

How a line is read:

- An optional timestamp opens the line, ``[mm:ss]``, ``[hh:mm:ss]``, ``(mm:ss)`` or ``(hh:mm:ss)``
  (fractions of a second allowed); it becomes the turn's ``start_s``. It may also stand between
  the label and the colon: ``Tutor [01:05]: ...``.
- Then a speaker label and a colon. Labels are case-insensitive. Tutor, Teacher, Instructor,
  Coach, AI, AI Tutor, Assistant, Bot -> ``tutor``; Student, Learner, Pupil, User, Kid, Child ->
  ``student``; System -> ``system``; Parent, Mom, Mum, Dad, Mother, Father, Guardian -> ``system``.
- Names of the ``known`` people are labels too, in full, by an alias, or by first name: a person
  with role ``student`` speaks as ``student``; role ``tutor`` or ``teacher`` as ``tutor``; anyone
  else (parent, sibling, classmate, other) as ``system``. ``system`` means "neither the student
  nor the tutor", so nobody else's words are counted as the student's or the tutor's. Pass the
  session's student with role ``student`` (``afterclass.ingest.generic`` does).
- A line without a recognised label continues the previous turn (so ``Hint: ...`` or
  ``Step 2: ...`` inside a tutor's message stays in it). The first line must have a label.
- Blank lines are skipped; turns left without text are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError

from afterclass.errors import InputError
from afterclass.ingest.validation import readable_validation_error
from afterclass.models import Person, Turn
from afterclass.models.session import MAX_TURNS, Speaker

STANDARD_LABELS: Mapping[str, Speaker] = {
    **dict.fromkeys(
        ("tutor", "teacher", "instructor", "coach", "ai", "ai tutor", "assistant", "bot"), "tutor"
    ),
    **dict.fromkeys(("student", "learner", "pupil", "user", "kid", "child"), "student"),
    **dict.fromkeys(
        ("system", "parent", "mom", "mum", "dad", "mother", "father", "guardian"), "system"
    ),
}
_ROLE_SPEAKER: Mapping[str, Speaker] = {"student": "student", "tutor": "tutor", "teacher": "tutor"}
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam"})

_STAMP = r"(?:\[(?P<{0}b>[0-9:.]+)\]|\((?P<{0}p>[0-9:.]+)\))"
_LINE = re.compile(
    r"^\s*(?:" + _STAMP.format("lead") + r"\s*)?"
    r"(?:(?P<label>[^\W\d_][^:\[\]()\n]{0,39}?)\s*(?:" + _STAMP.format("tail") + r"\s*)?:(?!\d))?"
    r"\s*(?P<text>.*)$"
)
_CLOCK = re.compile(r"^(?:(?P<h>\d{1,3}):)?(?P<m>\d{1,3}):(?P<s>\d{2}(?:\.\d+)?)$")


@dataclass
class _Draft:
    speaker: Speaker
    start_s: float | None
    line: int
    lines: list[str] = field(default_factory=list)


def normalize_label(label: str) -> str:
    """Lower case, single spaces, no markdown emphasis or final dot: ``**Tutor.**`` -> ``tutor``."""
    return " ".join(label.strip().strip("*_").rstrip(".").lower().split())


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


def parse_clock(stamp: str, *, line: int) -> float:
    """``"01:05"`` -> 65.0, ``"1:02:03.5"`` -> 3723.5."""
    match = _CLOCK.match(stamp)
    seconds = float(match["s"]) if match else 60.0
    if match is None or seconds >= 60:
        raise InputError(
            f"line {line}: timestamp {stamp!r} is not mm:ss or hh:mm:ss (seconds below 60); "
            "fix it or remove it"
        )
    return int(match["h"] or 0) * 3600 + int(match["m"]) * 60 + seconds


def _stamp(match: re.Match[str], which: str) -> str | None:
    return match[f"{which}b"] or match[f"{which}p"]


def _new_draft(match: re.Match[str], speaker: Speaker, number: int) -> _Draft:
    stamp = _stamp(match, "lead") or _stamp(match, "tail")
    start = parse_clock(stamp, line=number) if stamp else None
    draft = _Draft(speaker=speaker, start_s=start, line=number)
    text = match["text"].strip()
    if text:
        draft.lines.append(text)
    return draft


def _continuation(match: re.Match[str], raw: str) -> str:
    """A line that continues the turn before it; a leading clock timestamp is dropped."""
    stamp = _stamp(match, "lead")
    if stamp and not match["label"] and _CLOCK.match(stamp):
        return str(match["text"]).strip()
    return raw.strip()


def _unlabelled_start(match: re.Match[str], number: int) -> InputError:
    label = match["label"]
    if label:
        return InputError(
            f"line {number}: unknown speaker {label.strip()!r}; label lines 'Tutor:' or "
            f"'Student:', or name {label.strip()!r} as the student or in 'people' with a role"
        )
    return InputError(
        f"line {number}: the transcript must start with a speaker label, "
        "e.g. 'Tutor: Hello!' or 'Student: Hi'"
    )


def _drafts(lines: Iterable[str], labels: Mapping[str, Speaker]) -> list[_Draft]:
    drafts: list[_Draft] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        match = _LINE.match(raw)
        if match is None:  # pragma: no cover - the pattern matches every line
            raise InputError(f"line {number}: cannot be read")
        speaker = labels.get(normalize_label(match["label"] or ""))
        if speaker is not None:
            if len(drafts) >= MAX_TURNS:
                raise InputError(
                    f"line {number}: the transcript has more than {MAX_TURNS} turns; "
                    "split it into several sessions"
                )
            drafts.append(_new_draft(match, speaker, number))
        elif drafts:
            drafts[-1].lines.append(_continuation(match, raw))
        else:
            raise _unlabelled_start(match, number)
    return drafts


def _turn(draft: _Draft) -> Turn:
    try:
        return Turn(
            speaker=draft.speaker, text="\n".join(draft.lines).strip(), start_s=draft.start_s
        )
    except ValidationError as error:
        raise InputError(f"line {draft.line}: {readable_validation_error(error)}") from error


def _check_order(drafts: Sequence[_Draft]) -> None:
    previous: _Draft | None = None
    for draft in drafts:
        if draft.start_s is None:
            continue
        if (
            previous is not None
            and previous.start_s is not None
            and draft.start_s < previous.start_s
        ):
            raise InputError(
                f"line {draft.line}: timestamp {draft.start_s:g}s is earlier than the one on line "
                f"{previous.line} ({previous.start_s:g}s); timestamps must not go back in time"
            )
        previous = draft


def parse_transcript(
    text: str, *, known: Sequence[Person] = (), source: str = "<transcript>"
) -> list[Turn]:
    """The turns of a plain transcript, in order (see the module docstring for the rules).

    Raises ``InputError`` naming the line when the transcript has no leading label, a malformed
    or backwards timestamp, or no turns at all.
    """
    try:
        drafts = [d for d in _drafts(text.splitlines(), speaker_labels(known)) if d.lines]
        _check_order(drafts)
        turns = [_turn(draft) for draft in drafts]
    except InputError as error:
        raise InputError(str(error), source=source) from error
    turns = [turn for turn in turns if turn.text]
    if not turns:
        raise InputError(
            "the transcript has no turns; give lines like 'Tutor: ...' and 'Student: ...'",
            source=source,
        )
    return turns
