"""Tutor turns read once: each sentence's numbers, expression, feedback and asks, and the problem
a turn poses.

A sentence is read the first time it is needed in a session, and only as far as it is needed;
the reading is reused wherever the same sentence comes back ("Not quite. Let's check each step
together." in every other turn): everything read from a sentence depends on its text alone.
Which sentences may judge an answer (the first ones of a turn) is a property of the turn, not
of the sentence.

The problem a turn poses runs from its first sentence with math (a number in digits or an
expression: "two fractions" alone poses nothing) to its last sentence that asks. Leading
sentences that judge the previous answer ("Perfect, 5/6!") are not part of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from afterclass.analysis.rules import phrases
from afterclass.analysis.rules.arithmetic import Expression, expression_in
from afterclass.analysis.rules.numbers import NumberKey, read_numbers, read_tokens

_PROBLEM_CHARS = 300
#: Feedback is read from a tutor turn's first two sentences; a problem statement may follow one
#: more sentence of praise ("Great! Perfect! Now try...").
_JUDGING_SENTENCES = 3
_DECIDING_SENTENCES = 2
_NOTHING: frozenset[NumberKey] = frozenset()
_NOTHING_WRITTEN: frozenset[str] = frozenset()


class Sentence:
    """One sentence of a tutor turn. Each reading is done on first use, and only once.

    (Plain attributes and properties rather than a caching descriptor: the compiled build
    (pyproject.toml) turns this class into a C struct, which has no instance ``__dict__``.)
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.question = phrases.is_question(text)
        self._asks: bool | None = None
        self._feedback: phrases.Feedback | None = None
        self._feedback_read = False
        self._moves_on: bool | None = None
        self._marks_new_problem: bool | None = None
        self._reasks: bool | None = None
        self._reading: MathReading | None = None

    @property
    def asks(self) -> bool:
        if self._asks is None:
            self._asks = phrases.asks(self.text)
        return self._asks

    @property
    def feedback(self) -> phrases.Feedback | None:
        """What the sentence says of an answer, wherever it stands (see ``TutorTurn.judging``)."""
        if not self._feedback_read:
            self._feedback, self._feedback_read = phrases.feedback(self.text), True
        return self._feedback

    @property
    def moves_on(self) -> bool:
        if self._moves_on is None:
            self._moves_on = phrases.moves_on(self.text)
        return self._moves_on

    @property
    def marks_new_problem(self) -> bool:
        if self._marks_new_problem is None:
            self._marks_new_problem = phrases.marks_new_problem(self.text)
        return self._marks_new_problem

    @property
    def reasks(self) -> bool:
        if self._reasks is None:
            self._reasks = phrases.reasks(self.text)
        return self._reasks

    @property
    def reading(self) -> MathReading:
        """The sentence's numbers and expression, read in one go: wherever one of them is
        needed, the others are too (the sentence is part of a problem, or inside one)."""
        if self._reading is None:
            self._reading = _read_math(self.text)
        return self._reading


def _read_math(text: str) -> MathReading:
    tokens = read_tokens(text, reply=False)
    if not tokens:
        return _NO_MATH
    expression = expression_in(tokens)
    written, keys = read_numbers(tokens)
    digits = any(token.kind == "num" and token.text[:1].isdigit() for token in tokens)
    return MathReading(
        digits or expression is not None,
        expression,
        frozenset(keys),
        frozenset([shown for _, shown in written]),
    )


class MathReading(NamedTuple):
    """What a sentence's numbers say (a tuple, for speed)."""

    math: bool
    """It holds a number written in digits, or an expression ("seven plus five")."""
    expression: Expression | None
    parts: frozenset[NumberKey]
    """The keys of the numbers stated and of their parts (see ``numbers.read_numbers``)."""
    written: frozenset[str]
    """The numbers as written ("3/6", "-4"), to tell a restated number from a new answer."""


_NO_MATH = MathReading(False, None, _NOTHING, _NOTHING_WRITTEN)


class TutorTurn(NamedTuple):
    """A tutor turn cut into sentences (a tuple, for speed)."""

    number: int
    text: str
    sentences: tuple[Sentence, ...]

    def judging(self, index: int) -> phrases.Feedback | None:
        """The feedback of sentence ``index``; only the opening sentences of a turn judge."""
        return self.sentences[index].feedback if index < _JUDGING_SENTENCES else None

    @property
    def feedback(self) -> phrases.Feedback | None:
        """The first of the first two sentences that judges an answer decides."""
        for sentence in self.sentences[:_DECIDING_SENTENCES]:
            if sentence.feedback:
                return sentence.feedback
        return None

    def asks(self) -> bool:
        return any(sentence.asks for sentence in self.sentences)

    # A phrase may run across a line break, never across the end of a sentence: the turn says
    # it when one of its sentences does, unless the turn holds a line break.

    def moves_on(self) -> bool:
        if "\n" in self.text:
            return phrases.moves_on(self.text)
        return any(sentence.moves_on for sentence in self.sentences)

    def marks_new_problem(self) -> bool:
        if "\n" in self.text:
            return phrases.marks_new_problem(self.text)
        return any(sentence.marks_new_problem for sentence in self.sentences)

    def reasks(self) -> bool:
        if "\n" in self.text:
            return phrases.reasks(self.text)
        return any(sentence.reasks for sentence in self.sentences)


class Posed(NamedTuple):
    """The problem a tutor turn poses (see the module docstring)."""

    text: str
    expression: Expression | None
    parts: frozenset[NumberKey]
    written: frozenset[str]


class Reader:
    """Reads a session's tutor turns, each distinct sentence once, and each distinct turn's
    sentences and problem once (tutors repeat whole turns: "Not quite. Try again.")."""

    def __init__(self) -> None:
        self._read: dict[str, Sentence] = {}
        self._cut: dict[str, tuple[Sentence, ...]] = {}
        self._posed: dict[str, Posed | None] = {}

    def turn(self, number: int, text: str) -> TutorTurn:
        cut = self._cut.get(text)
        if cut is None:
            cut = self._cut[text] = self._sentences(text)
        return TutorTurn(number, text, cut)

    def posed(self, turn: TutorTurn) -> Posed | None:
        """``posed_problem(turn)``: it depends on the turn's text alone."""
        known = self._posed
        if turn.text in known:
            return known[turn.text]
        posed = known[turn.text] = posed_problem(turn)
        return posed

    def _sentences(self, text: str) -> tuple[Sentence, ...]:
        read = self._read
        sentences: list[Sentence] = []
        for piece in phrases.sentences(text):
            sentence = read.get(piece)
            if sentence is None:
                sentence = read[piece] = Sentence(piece)
            sentences.append(sentence)
        return tuple(sentences)


def posed_problem(turn: TutorTurn) -> Posed | None:
    """The problem ``turn`` poses, or None (see the module docstring)."""
    sentences = turn.sentences
    skip, last = 0, len(sentences) - 1
    judging = min(last, _JUDGING_SENTENCES)  # see TutorTurn.judging
    while skip < judging and sentences[skip].feedback is not None:
        skip += 1
    asking = last
    while asking >= skip and not sentences[asking].asks:
        asking -= 1
    first = skip
    while first <= asking and not sentences[first].reading.math:
        first += 1
    if first > asking:  # no sentence asks, or none with math up to the last that does
        return None
    chosen = sentences[first : asking + 1]
    text = chosen[0].text if len(chosen) == 1 else " ".join([s.text for s in chosen])
    statement = phrases.without_lead_in(text)
    if len(statement) > _PROBLEM_CHARS:
        statement = statement[: _PROBLEM_CHARS - 1].rstrip() + "…"
    if len(chosen) == 1:
        only = chosen[0].reading
        return Posed(statement, only.expression, only.parts, only.written)
    readings = [s.reading for s in chosen]
    parts = frozenset().union(*(r.parts for r in readings))
    written = frozenset().union(*(r.written for r in readings))
    return Posed(statement, longest(r.expression for r in readings), parts, written)


def longest(expressions: Iterable[Expression | None]) -> Expression | None:
    """The expression with the most terms (the first of equal length), or None."""
    best: Expression | None = None
    for expression in expressions:
        if expression is not None and (best is None or len(expression.terms) > len(best.terms)):
            best = expression
    return best
