"""Generated tutoring sessions of realistic length for benchmarks (deterministic for a given seed).

A 30-minute session is about 4,000 words: problems posed, answered right or wrong, hints, feedback,
small talk, and the student's name said now and then (so redaction has work to do).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from afterclass.models import Conversation, Person, Session, Turn

FIRST_NAMES = ["Maya", "Leo", "Sofia", "Noah", "Ava", "Liam", "Zoe", "Ethan", "Nora", "Mateo"]
LAST_NAMES = ["Chen", "Brooks", "Ramirez", "Okafor", "Novak", "Patel", "Kim", "Silva"]
WORDS_PER_MINUTE = 135

SMALL_TALK = [
    "How was school today? Did anything fun happen at recess?",
    "Let's take a breath before the next one. You're working really carefully.",
    "Remember, mistakes are how we find out what to practice next.",
    "Can you tell me in your own words what we are trying to find here?",
    "Let's read the question again slowly and underline the important numbers.",
]
STUDENT_CHATTER = [
    "ok",
    "hmm let me think",
    "wait can you say that again",
    "i think i get it",
    "this one is kind of hard",
    "can you draw it",
    "that makes sense now",
]


def _fraction_problem(rng: random.Random) -> tuple[str, str, str]:
    a, b = rng.randint(1, 4), rng.choice([2, 3, 4, 5, 6])
    c, d = rng.randint(1, 4), rng.choice([2, 3, 4, 6, 8])
    return f"What is {a}/{b} + {c}/{d}?", f"{a * d + c * b}/{b * d}", "fractions"


def _multiplication_problem(rng: random.Random) -> tuple[str, str, str]:
    a, b = rng.randint(2, 12), rng.randint(2, 12)
    return f"What is {a} times {b}?", str(a * b), "multiplication"


def _equation_problem(rng: random.Random) -> tuple[str, str, str]:
    x, a, b = rng.randint(1, 12), rng.randint(2, 9), rng.randint(1, 20)
    return f"Solve {a}x + {b} = {a * x + b}.", f"x = {x}", "equations"


PROBLEMS = [_fraction_problem, _multiplication_problem, _equation_problem]


def _problem_turns(rng: random.Random, name: str) -> list[Turn]:
    question, answer, _topic = rng.choice(PROBLEMS)(rng)
    turns = [
        Turn(speaker="tutor", text=f"Okay {name}, here's the next one. {question} Take your time.")
    ]
    if rng.random() < 0.3:
        turns += [
            Turn(
                speaker="student", text=f"is it {rng.randint(2, 40)}? {rng.choice(STUDENT_CHATTER)}"
            ),
            Turn(
                speaker="tutor",
                text="Not quite. Let's check each step together. " + rng.choice(SMALL_TALK),
            ),
        ]
    turns += [
        Turn(speaker="student", text=f"{rng.choice(STUDENT_CHATTER)}. I think it's {answer}"),
        Turn(speaker="tutor", text=f"Correct, {answer} is right! " + rng.choice(SMALL_TALK)),
    ]
    return turns


def make_session(index: int, *, minutes: int = 30, students: int = 100, seed: int = 7) -> Session:
    rng = random.Random(seed * 1_000_003 + index)
    student = index % students
    first, last = FIRST_NAMES[student % len(FIRST_NAMES)], LAST_NAMES[student % len(LAST_NAMES)]
    target_words = minutes * WORDS_PER_MINUTE
    turns: list[Turn] = [
        Turn(speaker="tutor", text=f"Hi {first}! Ready to practice some math today?")
    ]
    words = 0
    while words < target_words:
        block = _problem_turns(rng, first)
        turns += block
        words += sum(t.words for t in block)
    start = datetime(2026, 9, 1, 15, tzinfo=UTC) + timedelta(hours=index)
    return Session(
        session_id=f"bench-{seed}-{index}",
        student_id=f"bench-student-{student}",
        started_at=start,
        ended_at=start + timedelta(minutes=minutes),
        subject="math",
        grade_level=str(3 + student % 6),
        student=Person(name=f"{first} {last}", role="student"),
        conversation=Conversation(turns=turns),
    )
