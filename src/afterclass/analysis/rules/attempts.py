"""Attempts: each problem the student worked on, read from the dialogue turn by turn.

A **problem** opens when the tutor states a number and asks (see ``phrases``). Its **expected
answer** is worked out from the expression in it (``1/4 + 1/3`` -> 7/12, ``2x + 3 = 11`` -> 4), or
learned from the tutor ("the answer is 12", or praise for the student's answer).

A student turn with numbers in an open problem is an **answer**; numbers written exactly as in
the problem ("3/4 + 1/6?") only restate it, unless they are the expected answer. An answer is
to the problem itself when it follows the problem or a re-ask ("try again", "so what's the
sum?") or equals the expected answer; otherwise it answers a hint (a question the tutor asked
along the way).

The tutor's next turn judges it:

- the expected answer, or praise for an answer to the problem itself -> the try ends
  ``correct``, or ``correct_with_help`` when the tutor had given the answer away first;
- "not quite" / "try again" on an answer to the problem itself -> the try ends ``incorrect`` and,
  if the student answers again, a new try of the same problem begins with that turn
  (``try_number`` 2, 3, ...);
- anything on an answer to a hint -> the work goes on, hints and guiding questions are fine:
  reaching the answer after them is still ``correct``.

**Given away** means the tutor said the expected answer (in any sentence) before the student
did, or said in a statement (not a question) a number that is part of the student's answer
(the answer itself, or its numerator or denominator), which the student had not said before
and the problem does not contain: "so you multiply 3 by 4 to get 12, then..." gives away the 12
of 7/12.

A problem **closes** when its try ends right, when the tutor marks a new problem ("next one",
"let's move on"), when the tutor asks a different worked-out problem while the student has not
yet worked on the current try, or when the session ends. An open try closes ``incorrect`` if the
student worked on it, except that a problem whose answer was never known closes ``correct`` when
the tutor last praised the student's answer. A try without student work is not an attempt.

The student **works on** a problem with a turn that holds a number, a try or a doubt ("I think",
"is it", "I don't know"), or math words ("denominator", "add", "half"); "ok", "yeah", off-topic
talk and instructions such as "mark me as mastered" are not work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

from afterclass.analysis.rules import phrases
from afterclass.analysis.rules.arithmetic import Expression
from afterclass.analysis.rules.dialogue import (
    Posed,
    Reader,
    Sentence,
    TutorTurn,
    longest,
)
from afterclass.analysis.rules.numbers import (
    NumberKey,
    may_hold_number,
    number_key,
    read_numbers,
    read_tokens,
    written_values,
)
from afterclass.models import Outcome, Turn


class FoundAttempt(NamedTuple):
    """One try at one problem, with what the analyzer learned about it (a tuple, for speed:
    a session has a hundred of them, each made twice)."""

    problem: str
    outcome: Outcome
    turns: tuple[int, ...]
    try_number: int
    problem_number: int
    """1-based position of the problem among the session's problems (tries share it)."""
    problem_turn: int
    expression: Expression | None
    expected: Fraction | None
    answers: tuple[tuple[Fraction, str], ...]
    """The numbers the student gave as answers in this try, in order, each as written."""
    student_turns: int
    """How many student turns this try holds."""
    concept: str | None = None

    def with_concept(self, concept: str | None) -> FoundAttempt:
        """This attempt with ``concept`` filled in (the concept is the last field)."""
        return FoundAttempt(*self[:-1], concept)


class _Answer(NamedTuple):
    turn: int
    values: tuple[Fraction, ...]
    main: bool
    helped: bool


@dataclass(slots=True)
class _Problem:
    number: int
    turn: int
    posed: Posed
    expected: Fraction | None
    try_number: int = 1
    try_start: int = 0
    try_turns: list[int] = field(default_factory=list)
    worked: bool = False
    student_turns: int = 0
    answers: list[tuple[Fraction, str]] = field(default_factory=list)
    pending: _Answer | None = None
    main_ask: bool = True
    given: bool = False
    told: set[NumberKey] = field(default_factory=set)
    said: set[NumberKey] = field(default_factory=set)
    last_praised: _Answer | None = None


def find_attempts(turns: Sequence[Turn]) -> list[FoundAttempt]:
    """Every try at every problem in ``turns``, in the order they ended."""
    reader = Reader()
    finder = _Finder(reader)
    read, tutor, student = reader.turn, finder.tutor, finder.student  # bound once: a hot loop
    for number, turn in enumerate(turns, start=1):
        speaker = turn.speaker
        if speaker == "tutor":
            if finder.idle and not may_hold_number(turn.text):
                continue  # no open problem, and no number to pose one with
            tutor(read(number, turn.text))
        elif speaker == "student":
            student(number, turn.text)
    return finder.finish()


class _Finder:
    """Reads the turns in order and keeps the one open problem."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._found: list[FoundAttempt] = []
        self._problem: _Problem | None = None
        self._problems = 0

    @property
    def idle(self) -> bool:
        """No problem is open."""
        return self._problem is None

    def finish(self) -> list[FoundAttempt]:
        if self._problem is not None:
            self._close(self._problem)
        return self._found

    def tutor(self, turn: TutorTurn) -> None:
        if self._problem is not None and self._problem.pending is not None:
            self._judge(self._problem, turn)
        posed = self._reader.posed(turn)
        problem = self._problem
        if problem is not None and self._starts_new(problem, turn, posed):
            self._close(problem)
            problem = None
        if problem is not None:
            self._follow(problem, turn)
        elif posed is not None:
            self._open(turn.number, posed)

    def student(self, number: int, text: str) -> None:
        problem = self._problem
        if problem is None:
            return
        problem.try_turns.append(number)
        problem.student_turns += 1
        if phrases.is_acknowledgement(text) or not phrases.works_on_problem(text):
            return
        problem.worked = True
        written, spoken = read_numbers(read_tokens(text))
        if not written:
            return  # no number: no answer, and nothing said (``spoken`` is empty too)
        expected = problem.expected
        found = tuple([value for value, _ in written])
        matches = expected is not None and expected in found
        if not matches:
            posed = problem.posed.written
            written = [(value, shown) for value, shown in written if shown not in posed]
            found = tuple([value for value, _ in written])
        if found:
            helped = problem.given or bool(spoken & problem.told)
            main = problem.main_ask or matches
            problem.pending = _Answer(number, found, main, helped)
            problem.answers.extend(written)
        problem.said |= spoken

    def _starts_new(self, problem: _Problem, turn: TutorTurn, posed: Posed | None) -> bool:
        if turn.moves_on():
            return True
        if posed is None:
            return False
        if turn.marks_new_problem():
            return True
        idle = not problem.worked and turn.number != problem.try_start
        expression = posed.expression
        if not idle or expression is None or expression.value is None:
            return False
        return expression.value != problem.expected

    def _open(self, number: int, posed: Posed) -> None:
        self._problems += 1
        expression = posed.expression
        self._problem = _Problem(
            number=self._problems,
            turn=number,
            posed=posed,
            expected=expression.value if expression is not None else None,
            try_start=number,
            try_turns=[number],
        )

    def _follow(self, problem: _Problem, turn: TutorTurn) -> None:
        """A tutor turn inside an open problem: a hint, a re-ask, or the answer given away."""
        if not problem.try_turns or problem.try_turns[-1] != turn.number:
            problem.try_turns.append(turn.number)
        for sentence in turn.sentences:
            self._note_sentence(problem, sentence)
        if turn.reasks() or self._restates(problem, turn):
            problem.main_ask = True
        elif turn.asks():
            problem.main_ask = False

    @staticmethod
    def _note_sentence(problem: _Problem, sentence: Sentence) -> None:
        parts = sentence.reading.parts
        if not parts:
            return  # states no number: it gives nothing away, states no answer, tells nothing
        expected = problem.expected
        if expected is not None:
            key = number_key(expected)
            if key in parts and key not in problem.posed.parts:
                problem.given = True
        stated = phrases.stated_answer(sentence.text)
        if stated is not None and expected is None:
            told = [value for value, _ in written_values(read_tokens(stated, reply=False))]
            if told:
                problem.expected = told[0]
                problem.given = True
        if not sentence.question:
            problem.told |= parts - problem.posed.parts - problem.said

    @staticmethod
    def _restates(problem: _Problem, turn: TutorTurn) -> bool:
        if problem.posed.expression is None or problem.expected is None:
            return False
        again = longest(s.reading.expression for s in turn.sentences)
        return again is not None and again.value == problem.expected

    def _judge(self, problem: _Problem, turn: TutorTurn) -> None:
        answer, verdict = problem.pending, turn.feedback
        problem.pending = None
        if answer is None:
            return
        right = problem.expected is not None and problem.expected in answer.values
        if verdict == "negative":
            right = False
        elif verdict == "positive" and problem.expected is None and answer.main:
            problem.expected = answer.values[-1]
            right = True
        if right:
            problem.try_turns.append(turn.number)
            self._end_try(problem, "correct_with_help" if answer.helped else "correct")
            self._problem = None
        elif verdict == "negative" and answer.main:
            problem.try_turns.append(turn.number)
            self._end_try(problem, "incorrect")
            self._retry(problem, turn.number)
        elif verdict == "positive":
            problem.last_praised = answer

    @staticmethod
    def _retry(problem: _Problem, number: int) -> None:
        problem.try_number += 1
        problem.try_start = number
        problem.try_turns = []
        problem.worked = False
        problem.student_turns = 0
        problem.answers = []
        problem.main_ask = True
        problem.last_praised = None

    def _close(self, problem: _Problem) -> None:
        """The problem ends without a right answer confirmed in the open try."""
        self._problem = None
        if not problem.worked:
            return
        praised = problem.last_praised
        if problem.expected is None and praised is not None:
            self._end_try(problem, "correct_with_help" if praised.helped else "correct")
        else:
            self._end_try(problem, "incorrect")

    def _end_try(self, problem: _Problem, outcome: Outcome) -> None:
        self._found.append(
            FoundAttempt(
                problem=problem.posed.text,
                outcome=outcome,
                turns=tuple(sorted(set(problem.try_turns))),
                try_number=problem.try_number,
                problem_number=problem.number,
                problem_turn=problem.turn,
                expression=problem.posed.expression,
                expected=problem.expected,
                answers=tuple(problem.answers),
                student_turns=problem.student_turns,
            )
        )
