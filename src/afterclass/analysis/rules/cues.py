"""Profile cues: what the student's own words and timing say about how they like to learn.

Only student turns are read. Each kind of cue becomes one observation listing every turn that
shows it (English and Spanish phrases):

==================  ==========================================================================
cue                 signals
==================  ==========================================================================
visual              asks for a picture, drawing, diagram, number line, to be shown
auditory            asks to hear it again, to have it said or explained again or out loud
kinesthetic         wants to try it themselves, hands-on, with blocks, counters or fingers
attention_drift     off-topic talk, "I'm bored", "can we stop"; 4+ very short replies in a
                    row (two words or fewer, no number); 20+ seconds before answering
frustration         "I don't get it", "this is too hard", "I hate fractions", "ugh", "I give up"
confidence          "I got it", "that's easy", "let me do the next one"
curiosity           "why does...", "what if...", "how come..."
==================  ==========================================================================

Confidence of an observation from its count ``n``: ``min(0.9, 0.4 + 0.15 n)`` (one cue: 0.55,
two: 0.7, three: 0.85). Learning-style updates (0..1) from the counts of visual, auditory and
kinesthetic cues: ``min(0.95, 0.5 + 0.15 n)``, None for a kind with no cue.
``preferred_explanation_style`` is set only when one of the three has at least two cues and more
than each other. ``attention_span_minutes`` is set only when the turns carry timings and the
student drifted: the minutes from the first turn to the first drift, at least 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from afterclass.analysis.rules import phrases
from afterclass.analysis.rules.concepts import MAX_CITED
from afterclass.analysis.rules.numbers import may_hold_number
from afterclass.analysis.rules.phrases import compile_phrases
from afterclass.models import (
    LearningStyle,
    Observation,
    ProfileAssessment,
    RecommendedUpdates,
    Turn,
)
from afterclass.models.analysis import CueKind

_SHORT_REPLY_WORDS = 2
_SHORT_RUN = 4
_LONG_GAP_S = 20.0
_STYLE_NAMES = {"visual": "visual", "auditory": "auditory", "kinesthetic": "hands-on"}


@dataclass(frozen=True)
class _Rule:
    cue: CueKind
    pattern: re.Pattern[str]
    text: str
    """Plain words for the observation; ``{times}`` becomes "once" / "3 times"."""


_VISUAL = (
    "draw", "drawing", "picture", "pictures", "diagram", "diagrams", "show me", "can i see",
    "number line", "chart", "graph it", "dibuja", "dibujo", "dibujar", "dibujito", "imagen",
    "diagrama", "muéstrame", "enséñame", "recta numérica",
)  # fmt: skip
_AUDITORY = (
    "say it again", "say that again", "repeat it", "repeat that", "can you repeat",
    "explain it again", "explain that again", "explain again", "explain it out loud",
    "explain out loud", "hear it again", "tell me again", "read it to me", "read it again",
    "read it out loud", "say it out loud", "repite", "repítelo", "repetirlo", "dilo otra vez",
    "dímelo otra vez", "explícame otra vez", "explícamelo otra vez", "explícalo otra vez",
    "explícame de nuevo", "explícamelo de nuevo", "léemelo",
)  # fmt: skip
_KINESTHETIC = (
    "let me try", "can i try", "i want to try", "hands on", "hands-on", "blocks", "counters",
    "cubes", "my fingers", "use my hands", "act it out", "cut it up", "cut them up",
    "déjame intentar", "déjame intentarlo", "déjame probar", "puedo intentar", "puedo intentarlo",
    "quiero intentar", "quiero intentarlo", "bloques", "mis dedos", "con los dedos",
)  # fmt: skip
_DRIFT = (
    "i'm bored", "i am bored", "this is boring", "so boring", "can we stop", "are we done",
    "how much longer", "when can i go", "can we play", "i want to play", "i'm tired",
    "i am tired", "my dog", "my cat", "video game", "videogame", "minecraft", "fortnite",
    "roblox", "recess", "estoy aburrido", "estoy aburrida", "qué aburrido", "podemos parar",
    "ya terminamos", "cuánto falta", "estoy cansado", "estoy cansada", "quiero jugar",
)  # fmt: skip
_FRUSTRATION = (
    "i don't get it", "i do not get it", "i don't understand", "this is too hard",
    "it is too hard", "it's too hard", "too hard", "this is hard", "i hate", "ugh", "ughh",
    "ughhh", "i give up", "i can't do it", "i can't do this", "i'm so confused", "so confusing",
    "this is confusing", "i'm stupid", "no entiendo", "no lo entiendo", "es muy difícil",
    "qué difícil", "demasiado difícil", "odio", "me rindo", "no puedo",
)  # fmt: skip
_CONFIDENCE = (
    "i got it", "i've got it", "i get it now", "that's easy", "that was easy", "this is easy",
    "too easy", "let me do the next", "give me another", "give me a harder", "i know this",
    "i understand now", "ya entendí", "ya lo tengo", "es fácil", "qué fácil", "ya sé",
    "dame otro", "déjame hacer el siguiente",
)  # fmt: skip
_CURIOSITY = (
    "why does", "why do", "why is", "why are", "why did", "why can", "why can't", "why doesn't",
    "why don't", "what if", "how come", "what happens if", "is there another way",
    "is there a faster way", "por qué", "qué pasa si", "y si",
)  # fmt: skip

#: The cue rules: each kind, its phrases, and the observation in plain words.
_RULES: tuple[_Rule, ...] = (
    _Rule("visual", compile_phrases(_VISUAL), "Asked for a picture, drawing or diagram {times}."),
    _Rule(
        "auditory",
        compile_phrases(_AUDITORY),
        "Asked to hear an explanation again or out loud {times}.",
    ),
    _Rule(
        "kinesthetic",
        compile_phrases(_KINESTHETIC),
        "Wanted to try it hands-on or work it out themselves {times}.",
    ),
    _Rule(
        "attention_drift", compile_phrases(_DRIFT), "Drifted off topic or asked to stop {times}."
    ),
    _Rule(
        "frustration",
        compile_phrases(_FRUSTRATION),
        "Showed frustration, saying the work was hard or confusing {times}.",
    ),
    _Rule(
        "confidence",
        compile_phrases(_CONFIDENCE),
        "Expressed confidence (found it easy or asked for the next one) {times}.",
    ),
    _Rule("curiosity", compile_phrases(_CURIOSITY), "Asked why or what-if questions {times}."),
)


#: Any cue phrase at all: one quick search that most turns fail.
_ANY_CUE = compile_phrases(
    [*_VISUAL, *_AUDITORY, *_KINESTHETIC, *_DRIFT, *_FRUSTRATION, *_CONFIDENCE, *_CURIOSITY]
)
#: ``_ANY_CUE`` for ASCII text, led by the non-word character before the phrase instead of a
#: lookbehind: the scan then only stops where a word starts, and tests a plain set of characters
#: (in ASCII text, ``\w`` is exactly ``[0-9A-Za-z_]``).
_ASCII_CUE = re.compile(r"[^0-9A-Za-z_]" + _ANY_CUE.pattern.removeprefix(r"(?<!\w)"))


def assess_profile(turns: Sequence[Turn]) -> ProfileAssessment:
    """Observations, learning-style updates and recommended updates from the student's turns."""
    observations = find_observations(turns)
    counts = {o.cue: len(o.turns) for o in observations}
    style = LearningStyle(
        visual_preference=_style_score(counts.get("visual", 0)),
        auditory_preference=_style_score(counts.get("auditory", 0)),
        kinesthetic_preference=_style_score(counts.get("kinesthetic", 0)),
    )
    updates = RecommendedUpdates(
        attention_span_minutes=_attention_span(turns, observations),
        preferred_explanation_style=_preferred_style(counts),
    )
    return ProfileAssessment(
        learning_style_updates=style,
        behavioral_observations=observations,
        recommended_updates=updates,
    )


def find_observations(turns: Sequence[Turn]) -> list[Observation]:
    observations: list[Observation] = []
    student = [(n, t) for n, t in enumerate(turns, start=1) if t.speaker == "student"]
    hits: dict[CueKind, list[int]] = {rule.cue: [] for rule in _RULES}
    for number, turn in student:
        for cue in _cues_in(phrases.lowered(turn.text)):
            hits[cue].append(number)
    for rule in _RULES:
        if hits[rule.cue]:
            observations.append(_observation(rule.cue, rule.text, hits[rule.cue]))
    runs = _short_reply_runs(student)
    if runs:
        text = f"Gave {_SHORT_RUN} or more very short replies in a row {{times}}."
        observations.append(
            _observation("attention_drift", text, [n for run in runs for n in run], len(runs))
        )
    gaps = _long_gaps(turns)
    if gaps:
        text = f"Took more than {_LONG_GAP_S:g} seconds to answer the tutor {{times}}."
        observations.append(_observation("attention_drift", text, gaps))
    return observations


def _cues_in(text: str) -> set[CueKind]:
    """The kinds of cue in lowered ``text``. A rule's phrase can only match where some cue
    phrase does, so each rule is only tried (anchored) at the places a cue phrase starts,
    instead of searching the whole text once per rule."""
    found: set[CueKind] = set()
    for at in _cue_places(text):
        for rule in _RULES:
            if rule.cue not in found and rule.pattern.match(text, at):
                found.add(rule.cue)
        if len(found) == len(_RULES):
            break
    return found


def _cue_places(text: str) -> Iterator[int]:
    """Every place a cue phrase starts in ``text``, overlapping ones too. ASCII text is scanned
    behind a space with ``_ASCII_CUE`` (faster: see ``_ASCII_CUE``), else with ``_ANY_CUE``."""
    if text.isascii():
        padded = " " + text  # a place in ``padded`` where the pattern starts is one in ``text``
        match = _ASCII_CUE.search(padded)
        while match is not None:
            yield match.start()
            match = _ASCII_CUE.search(padded, match.start() + 1)
        return
    match = _ANY_CUE.search(text)
    while match is not None:
        yield match.start()
        match = _ANY_CUE.search(text, match.start() + 1)


def _observation(
    cue: CueKind, template: str, turns: list[int], count: int | None = None
) -> Observation:
    times = count if count is not None else len(turns)
    spelled = "once" if times == 1 else f"{times} times"
    return Observation(
        cue=cue,
        text=template.format(times=spelled),
        turns=turns[:MAX_CITED],
        confidence=round(min(0.9, 0.4 + 0.15 * times), 2),
    )


def _short_reply_runs(student: Sequence[tuple[int, Turn]]) -> list[list[int]]:
    runs: list[list[int]] = []
    current: list[int] = []
    for number, turn in student:
        short = len(turn.text.split()) <= _SHORT_REPLY_WORDS and not may_hold_number(turn.text)
        if short:
            current.append(number)
            continue
        if len(current) >= _SHORT_RUN:
            runs.append(current)
        current = []
    if len(current) >= _SHORT_RUN:
        runs.append(current)
    return runs


def _long_gaps(turns: Sequence[Turn]) -> list[int]:
    gaps: list[int] = []
    previous: Turn | None = None
    for number, turn in enumerate(turns, start=1):
        if turn.speaker == "system":
            continue
        if (
            turn.speaker == "student"
            and previous is not None
            and previous.speaker == "tutor"
            and previous.end_s is not None
            and turn.start_s is not None
            and turn.start_s - previous.end_s >= _LONG_GAP_S
        ):
            gaps.append(number)
        previous = turn
    return gaps


def _style_score(count: int) -> float | None:
    return round(min(0.95, 0.5 + 0.15 * count), 2) if count else None


def _preferred_style(counts: dict[CueKind, int]) -> str | None:
    ranked = sorted(
        ((counts.get(kind, 0), kind) for kind in ("visual", "auditory", "kinesthetic")),
        reverse=True,
    )
    (top, kind), (second, _) = ranked[0], ranked[1]
    return _STYLE_NAMES[kind] if top >= 2 and top > second else None


def _attention_span(turns: Sequence[Turn], observations: Sequence[Observation]) -> int | None:
    drift = sorted(n for o in observations if o.cue == "attention_drift" for n in o.turns)
    starts = [t.start_s for t in turns if t.start_s is not None]
    if not drift or not starts:
        return None
    first_drift = turns[drift[0] - 1].start_s
    if first_drift is None:
        return None
    minutes = round((first_drift - min(starts)) / 60.0)
    return max(1, min(180, minutes))
