"""Plain transcripts (``Tutor: ...`` / ``Student: ...`` lines) into turns.

How a line is read:

- An optional timestamp opens the line, ``[mm:ss]``, ``[hh:mm:ss]``, ``(mm:ss)`` or ``(hh:mm:ss)``
  (fractions of a second allowed); it becomes the turn's ``start_s``. It may also stand between
  the label and the colon: ``Tutor [01:05]: ...``.
- Then a speaker label and a colon, optionally in markdown emphasis (``**Tutor**:``,
  ``**Tutor:**``). Which labels are known, and how a label-shaped but unknown one (``Leo:`` when
  the student's name was not given) is resolved, is in ``afterclass.ingest.labels``.
- A line that does not open with a label continues the previous turn (so ``Hint: ...`` or
  ``Step 2: ...`` inside a tutor's message stays in it). The first line must have a label.
- Blank lines are skipped; turns left without text are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError

from afterclass.errors import InputError
from afterclass.ingest.labels import (
    SESSION_HELP,
    SpeakerHelp,
    UnknownLabel,
    label_shaped,
    normalize_label,
    resolve_unknown,
    shown_label,
    speaker_labels,
    tutor_sides,
)
from afterclass.ingest.validation import readable_validation_error
from afterclass.models import Person, Turn
from afterclass.models.session import MAX_TURNS, Speaker

_STAMP = r"(?:\[(?P<{0}b>[0-9:.]+)\]|\((?P<{0}p>[0-9:.]+)\))"
_LINE = re.compile(
    r"^\s*(?:" + _STAMP.format("lead") + r"\s*)?"
    r"(?:(?P<em>\*\*|__|\*|_)?(?P<label>[^\W\d_][^:\[\]()\n]{0,39}?)\s*"
    r"(?:" + _STAMP.format("tail") + r"\s*)?:(?:(?P=em))?(?!\d))?"
    r"\s*(?P<text>.*)$"
)
_CLOCK = re.compile(r"^(?:(?P<h>\d{1,3}):)?(?P<m>\d{1,3}):(?P<s>\d{2}(?:\.\d+)?)$")


@dataclass
class _Draft:
    speaker: Speaker
    start_s: float | None
    line: int
    lines: list[str] = field(default_factory=list)


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


@dataclass(frozen=True)
class _Line:
    """One non-blank line; ``label`` is its normalized speaker label, None when it continues."""

    number: int
    raw: str
    match: re.Match[str]
    label: str | None


def _unlabelled_start(line: _Line) -> InputError:
    label = line.match["label"]
    prefix = f"{shown_label(label)!r} is not a speaker label; " if label else ""
    return InputError(
        f"line {line.number}: {prefix}the transcript must start with a speaker label, "
        "e.g. 'Tutor: Hello!' or 'Student: Hi'"
    )


def _read_lines(text: str, labels: Mapping[str, Speaker]) -> list[_Line]:
    """The non-blank lines; a known or label-shaped prefix makes a line a speaker's."""
    read: list[_Line] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = _LINE.match(raw)
        if match is None:  # pragma: no cover - the pattern matches every line
            raise InputError(f"line {number}: cannot be read")
        label, key = match["label"], normalize_label(match["label"] or "")
        is_label = key in labels or (label is not None and label_shaped(label))
        read.append(_Line(number, raw, match, key if is_label else None))
    if read and read[0].label is None:
        raise _unlabelled_start(read[0])
    return read


def _speakers(
    lines: Iterable[_Line],
    labels: Mapping[str, Speaker],
    known: Sequence[Person],
    naming: SpeakerHelp,
) -> dict[str, Speaker]:
    """Every label of the transcript and its speaker, unknown ones resolved."""
    used: dict[str, None] = {}
    unknown: dict[str, UnknownLabel] = {}
    for line in lines:
        if line.label is None:
            continue
        if line.label in labels:
            used[line.label] = None
        elif line.label not in unknown:
            shown = shown_label(line.match["label"])
            unknown[line.label] = UnknownLabel(line.label, shown, line.number)
    resolved = resolve_unknown(
        list(unknown.values()),
        tutors=tutor_sides(used, labels, known),
        student_named=any(person.role == "student" for person in known),
        naming=naming,
    )
    return {**labels, **resolved}


def _drafts(lines: Iterable[_Line], speakers: Mapping[str, Speaker]) -> list[_Draft]:
    drafts: list[_Draft] = []
    for line in lines:
        if line.label is None:  # the first line has a label (_read_lines)
            drafts[-1].lines.append(_continuation(line.match, line.raw))
            continue
        if len(drafts) >= MAX_TURNS:
            raise InputError(
                f"line {line.number}: the transcript has more than {MAX_TURNS} turns; "
                "split it into several sessions"
            )
        drafts.append(_new_draft(line.match, speakers[line.label], line.number))
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
    text: str,
    *,
    known: Sequence[Person] = (),
    source: str = "<transcript>",
    naming: SpeakerHelp = SESSION_HELP,
) -> list[Turn]:
    """The turns of a plain transcript, in order (see the module docstring for the rules).

    Raises ``InputError`` naming the line when the transcript has no leading label, speakers it
    cannot attribute (the message gives ``naming``'s fix), a malformed or backwards timestamp, or
    no turns at all.
    """
    try:
        labels = speaker_labels(known)
        lines = _read_lines(text, labels)
        speakers = _speakers(lines, labels, known, naming)
        drafts = [d for d in _drafts(lines, speakers) if d.lines]
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
