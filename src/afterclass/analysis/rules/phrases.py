"""What a tutor's words do in the dialogue: pose a problem, judge an answer, re-ask, move on.

English and Spanish. The phrase lists below are the rule set (``RULES_VERSION`` in
:mod:`afterclass.analysis.rules.analyzer` changes when they do). Phrases match whole words,
case-insensitively, with any run of spaces between words; ``compile_phrases`` builds one
pattern per list.

- **Feedback** is read from the first two sentences of a tutor turn (their first 80 characters);
  the first sentence that holds a feedback phrase decides, and a negative phrase ("not quite",
  "close", "no,") wins over a positive one in the same sentence ("Good try, but not quite" is
  negative).
- **Posing a problem**: the turn states a number and asks (a question mark, or a sentence that
  opens with "solve", "what is", "try", "how many", ...).
- **A new problem** while one is open needs a marker ("next one", "another", "let's try this
  one", "siguiente"); otherwise a question inside an open problem is a hint.
- **Re-asking** the problem ("try again", "so what's the sum?") makes the student's next answer an
  answer to the problem itself rather than to a hint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal

Feedback = Literal["positive", "negative"]

_LEAD_IN_WORDS = 5
#: Feedback opens a sentence: only its first characters are read for it.
_FEEDBACK_CHARS = 80
#: A sentence runs to ``.``, ``!`` or ``?`` followed by a space (so "3.5" stays whole), to a line
#: break, or to an opening ``¿`` / ``¡``.
#: (Written as a run of ordinary characters, then any number of punctuation runs inside the
#: sentence each followed by ordinary characters, then the closing punctuation; possessive, as
#: nothing after a run ever needs it shorter: the same matches, found with less bookkeeping.)
_SENTENCE = re.compile(r"[¿¡]?[^.!?\n¿¡]*+(?:[.!?]++(?=[^\s.!?¿¡])[^.!?\n¿¡]*+)*+[.!?]*+")


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    """One pattern matching any of ``phrases`` as whole words in lower-cased text.

    The phrases are plain lower-case text (no regex); a space matches any run of whitespace.
    They are compiled as a trie, so the pattern costs about the same for ten phrases or a
    hundred.
    """
    return re.compile(rf"(?<!\w)(?:{alternatives(phrases)})(?!\w)")


def alternatives(phrases: Iterable[str]) -> str:
    """A regex source matching any of ``phrases`` (plain text), built as a trie."""
    return _trie_pattern(_trie(phrases))


def alternatives_by_start(phrases: Iterable[str]) -> dict[str, str]:
    """``alternatives(phrases)`` cut at its first character: for each character a phrase starts
    with, a regex source matching the rest of those phrases ("" when the character alone is
    one). ``re.escape(char) + rest`` matches what ``alternatives`` matches there."""
    return {char: _trie_pattern(child) for char, child in sorted(_trie(phrases).items())}


def _trie(phrases: Iterable[str]) -> dict[str, Any]:
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in " ".join(phrase.split()):
            node = node.setdefault(char, {})
        node[""] = {}
    return trie


def _trie_pattern(node: dict[str, Any]) -> str:
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body


def lowered(text: str) -> str:
    """Lower-cased, with curly apostrophes made straight: the form the phrase lists expect."""
    return text.lower().replace("’", "'")


_QUESTION_PRAISE = compile_phrases(
    ["good question", "great question", "excellent question", "nice question", "buena pregunta"]
)
_POSITIVE_PHRASES = (
        "correct", "exactly", "perfect", "excellent", "awesome", "fantastic", "brilliant",
        "well done", "great job", "good job", "nice job", "great work", "good work", "nice work",
        "you got it", "you've got it", "you have got it", "nailed it", "spot on", "bingo",
        "that's it", "that is it", "that's right", "that is right", "you're right",
        "you are right", "yes", "yep", "yeah", "yup", "correcto", "correcta", "exacto",
        "exactamente", "perfecto", "excelente", "muy bien", "bien hecho", "eso es", "así es",
        "tienes razón", "lo tienes", "genial", "buen trabajo",
    )  # fmt: skip
_POSITIVE = compile_phrases(_POSITIVE_PHRASES)
_POSITIVE_START = re.compile(r"^\W*(?:right|good|great|nice|sí|bien)\b")
_NEGATIVE_PHRASES = (
        "not quite", "not exactly", "not right", "not correct", "not the answer", "that's not",
        "that is not", "isn't right", "isn't correct", "incorrect", "wrong", "try again",
        "try it again", "try that again", "close", "almost", "nearly", "let's check",
        "let's look again", "look again", "check again", "careful", "hmm", "hmmm", "hmmmm",
        "nope", "oops", "not yet", "good try", "nice try", "good guess", "nice guess",
        "buen intento", "no exactamente", "no del todo", "no es correcto",
        "no es correcta", "no es así", "incorrecto", "incorrecta", "casi", "inténtalo de nuevo",
        "intentalo de nuevo", "inténtalo otra vez", "intentalo otra vez", "intenta de nuevo",
        "intenta otra vez", "vuelve a intentarlo", "revisemos", "cuidado",
    )  # fmt: skip
_NEGATIVE = compile_phrases(_NEGATIVE_PHRASES)
#: Any feedback phrase at all: one quick search that most sentences fail.
_ANY_FEEDBACK = re.compile(
    rf"(?<!\w)(?:{alternatives([*_POSITIVE_PHRASES, *_NEGATIVE_PHRASES])})(?!\w)"
    r"|^\W*(?:right|good|great|nice|sí|bien|no)\b"
)
_NEGATIVE_START = re.compile(r"^\W*no\b(?!\s+(?:problem|worries|need|te\s+preocupes|pasa\s+nada))")
_LEAD_IN = (
    r"^\W*(?:(?:ok(?:ay)?|so|now|next|alright|great|good|then|and|first|here's\s+one|"
    r"ahora|bueno|entonces|vale|muy\s+bien|a\s+ver)\W+)*"
)
_ASKING = re.compile(
    rf"{_LEAD_IN}(?:(?:can|could|would)\s+you\s+|please\s+|try\s+to\s+|puedes\s+|"
    r"por\s+favor\s+)?(?:solve|what|try|how\s+many|how\s+much|find|calculate|compute|"
    r"work\s+out|figure\s+out|simplify|add|subtract|multiply|divide|round|estimate|convert|"
    r"write|tell\s+me|resuelve|calcula|cuánto|cuántos|cuántas|cuál|intenta|encuentra|"
    r"simplifica|suma|resta|multiplica|divide|redondea|escribe|dime)\b"
    rf"|{_LEAD_IN}let's\s+(?:try|solve|do|work\s+out|figure\s+out|find)\b"
)
#: "..., right?" / "..., ¿verdad?" checks understanding; it does not ask for work.
_TAG_QUESTION = re.compile(
    r"(?:^|,)\s*¿?(?:right|okay|ok|yeah|got\s+it|see|remember|verdad|vale|sí|no|ok)\?\W*$"
)
_STATED_ANSWER = compile_phrases(
    [
        "the answer is", "the answer was", "the answer would be", "the sum is", "the total is",
        "the difference is", "the product is", "the quotient is", "the result is",
        "it should be", "it's actually", "la respuesta es", "la respuesta sería",
        "el resultado es", "el resultado sería",
    ]
)  # fmt: skip
_NEW_PROBLEM = compile_phrases(
    [
        "next one", "next problem", "next question", "another one", "another problem",
        "another question", "new problem", "new question", "new one", "one more",
        "here's one", "here's another", "here's a new", "let's try this", "let's try one",
        "let's try another", "let's try a new", "let's try the next", "let's do this",
        "let's do one", "let's do another", "let's do the next", "now try", "now solve",
        "let's move on", "moving on", "harder one", "easier one", "try this one", "try this",
        "your turn", "last one", "final one", "siguiente", "tu turno", "el último",
        "otro problema", "otro ejercicio",
        "otra pregunta", "uno más", "probemos otro", "probemos con otro", "ahora intenta",
        "ahora prueba", "ahora resuelve",
    ]
)  # fmt: skip
#: (Only looked for when one of its words is there: "problem" is in "problema".)
_NUMBERED_PROBLEM = re.compile(r"\b(?:problem|question|problema|pregunta)\s+(?:number\s+)?\d+")
_MOVE_ON = compile_phrases(
    [
        "let's move on", "moving on", "let's stop", "that's all for today",
        "that's it for today", "we're done", "see you next time", "let's take a break",
        "pasemos a", "terminamos", "hasta la próxima",
    ]
)  # fmt: skip
_REASK = compile_phrases(
    [
        "try again", "try it again", "try that again", "give it another try",
        "give it another go", "give it another shot", "one more time", "what do you get",
        "what did you get", "what do you think", "what's your answer", "what is your answer",
        *(
            f"{lead}{ask} {noun}"
            for lead in ("", "so ")
            for ask in ("what's", "what is", "what would be", "what's the", "what is the")
            for noun in ("answer", "sum", "total", "difference", "product", "quotient", "result")
        ),
        "so what's it", "so what is it", "inténtalo de nuevo", "intentalo de nuevo",
        "inténtalo otra vez", "intenta de nuevo", "intenta otra vez", "vuelve a intentarlo",
        "cuál es la respuesta", "cuál es el resultado", "cuánto da", "cuánto te da",
    ]
)  # fmt: skip
_WORKING = compile_phrases(
    [
        "i think", "i thought", "i don't know", "i do not know", "not sure", "idk", "maybe",
        "is it", "it's", "i got", "i get", "don't get", "because", "so you", "you have to",
        "do i", "how do", "what do", "add", "adding", "subtract", "multiply", "divide",
        "times", "plus", "minus", "equals", "numerator", "denominator", "top", "bottom",
        "half", "halves", "third", "thirds", "fourth", "fourths", "fifth", "fifths", "sixth",
        "sixths", "twelfth", "twelfths", "confused", "hard", "stuck", "help", "zero",
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "twenty", "hundred", "no sé", "creo", "quizás", "tal vez",
        "porque", "sumar", "restar", "multiplicar", "dividir", "numerador", "denominador",
        "no entiendo", "difícil", "ayuda", "uno", "dos", "tres", "cuatro", "cinco", "seis",
        "siete", "ocho", "nueve", "diez", "cuánto", "cómo",
    ]
)  # fmt: skip
_DIGIT = re.compile(r"\d")
#: In ASCII text a digit is one of the ten, a plain set much faster to test than ``\d``.
_ASCII_DIGIT = re.compile("[0-9]")
_ACKNOWLEDGEMENT = re.compile(
    r"^\W*(?:ok(?:ay)?|yes|yeah|yep|sure|mhm+|uh\s*huh|alright|all\s+right|right|cool|hm+|um+|"
    r"uh+|oh+|ah+|oh\s+ok(?:ay)?|i\s+see|got\s+it|thanks|thank\s+you|gracias|ya\s+veo|entiendo|"
    r"vale|sí|bueno|claro|de\s+acuerdo)\W*$"
)


def sentences(text: str) -> list[str]:
    """``text`` cut after ``.``, ``!``, ``?`` and line breaks, and before ``¿`` and ``¡``."""
    return [part for part in map(str.strip, _SENTENCE.findall(text)) if part]


def without_lead_in(statement: str) -> str:
    """``statement`` without a short label before a colon ("Next one: what is" -> "What is")."""
    head, colon, rest = statement.partition(":")
    if (
        not colon
        or not rest.strip()
        or len(head.split()) > _LEAD_IN_WORDS
        or any(char.isdigit() for char in head)
    ):
        return statement
    rest = rest.strip()
    return rest[0].upper() + rest[1:]


def is_question(sentence: str) -> bool:
    return "?" in sentence or "¿" in sentence


def feedback(sentence: str) -> Feedback | None:
    """Whether one sentence judges an answer right, wrong, or neither (negative wins)."""
    text = lowered(sentence[:_FEEDBACK_CHARS])
    if not _ANY_FEEDBACK.search(text):
        return None
    if "question" in text or "pregunta" in text:
        text = _QUESTION_PRAISE.sub(" ", text)
    if _NEGATIVE.search(text) or _NEGATIVE_START.match(text):
        return "negative"
    if _POSITIVE.search(text) or _POSITIVE_START.match(text):
        return "positive"
    return None


def asks(sentence: str) -> bool:
    """The sentence asks for something: a question (not a tag such as "..., right?"), or an
    instruction to work at its start."""
    low = lowered(sentence)
    if is_question(sentence) and not _TAG_QUESTION.search(low):
        return True
    if _ASKING.match(low) is not None:
        return True
    label, colon, rest = low.partition(":")
    return bool(colon) and len(label.split()) <= _LEAD_IN_WORDS and _ASKING.match(rest) is not None


def stated_answer(sentence: str) -> str | None:
    """What follows "the answer is" / "la respuesta es" in ``sentence``, or None."""
    match = _STATED_ANSWER.search(lowered(sentence))
    return sentence[match.end() :] if match else None


def marks_new_problem(text: str) -> bool:
    low = lowered(text)
    if _NEW_PROBLEM.search(low) is not None:
        return True
    numbered = "problem" in low or "question" in low or "pregunta" in low
    return numbered and _NUMBERED_PROBLEM.search(low) is not None


def moves_on(text: str) -> bool:
    return _MOVE_ON.search(lowered(text)) is not None


def reasks(text: str) -> bool:
    return _REASK.search(lowered(text)) is not None


def works_on_problem(text: str) -> bool:
    """A student turn that works on the problem: numbers, a try, doubt, or math words."""
    digit = (_ASCII_DIGIT if text.isascii() else _DIGIT).search(text)
    return digit is not None or _WORKING.search(lowered(text)) is not None


def is_acknowledgement(text: str) -> bool:
    """A reply that only acknowledges ("ok", "yeah", "sí") and works on nothing."""
    return _ACKNOWLEDGEMENT.match(lowered(text)) is not None
