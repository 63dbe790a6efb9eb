"""The words for numbers and operators that afterclass reads, in English and Spanish.

Tables only; :mod:`afterclass.analysis.rules.spoken_numbers` says how they are read.
"""

from __future__ import annotations

UNITS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "cero": 0, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
    "dieciséis": 16, "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19,
    "veinte": 20, "veintiuno": 21, "veintidós": 22, "veintidos": 22, "veintitrés": 23,
    "veintitres": 23, "veinticuatro": 24, "veinticinco": 25,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "setenta": 70, "ochenta": 80, "noventa": 90,
}  # fmt: skip
HUNDREDS = {"hundred": 100, "cien": 100, "ciento": 100}
#: Words for "one" that are also articles; numbers only where the module docstring says.
WEAK_ONES = {"one", "un", "uno", "una"}
DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "fourth": 4, "fourths": 4, "quarter": 4,
    "quarters": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7,
    "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10,
    "tenths": 10, "eleventh": 11, "elevenths": 11, "twelfth": 12, "twelfths": 12,
    "hundredth": 100, "hundredths": 100, "medio": 2, "medios": 2, "tercio": 3, "tercios": 3,
    "cuarto": 4, "cuartos": 4, "quinto": 5, "quintos": 5, "sexto": 6, "sextos": 6,
    "séptimo": 7, "séptimos": 7, "septimo": 7, "septimos": 7, "octavo": 8, "octavos": 8,
    "noveno": 9, "novenos": 9, "décimo": 10, "décimos": 10, "decimo": 10, "decimos": 10,
    "onceavo": 11, "onceavos": 11, "doceavo": 12, "doceavos": 12,
}  # fmt: skip
OPERATOR_WORDS = {
    "plus": "+", "más": "+", "mas": "+", "minus": "-", "menos": "-", "times": "*",
    "over": "over", "sobre": "over", "equals": "=",
}  # fmt: skip
#: Operators of two words, matched as one token.
OPERATOR_PHRASES = {
    "divided by": "/", "multiplied by": "*", "equal to": "=", "dividido entre": "/",
    "dividido por": "/", "multiplicado por": "*", "igual a": "=",
}  # fmt: skip
#: "and a half" / "y medio" after a whole number add one half.
HALF_PHRASES = {"and a half", "y medio", "y media"}
#: Operator words that only count between two numbers.
BETWEEN_NUMBERS = {"por": "*", "entre": "/", "x": "*", "of": "*", "de": "*"}
NEGATIVE_WORDS = {"negative", "negativo", "negativa"}
VARIABLES = {"x", "n"}

CARDINAL_WORDS = {*UNITS, "uno", "un", "una"}
NUMBER_WORDS = {*UNITS, *TENS, *HUNDREDS, *WEAK_ONES, *DENOMINATORS}
#: "a half", "a third", "a quarter": one of that fraction.
A_FRACTIONS = {f"a {word}": value for word, value in DENOMINATORS.items() if not word.endswith("s")}
#: Every word and phrase the number reader looks at; anything else between two is a break.
VOCABULARY = {
    *NUMBER_WORDS,
    *OPERATOR_WORDS,
    *OPERATOR_PHRASES,
    *HALF_PHRASES,
    *(BETWEEN_NUMBERS.keys() - {"of", "de"}),
    *NEGATIVE_WORDS,
    *VARIABLES,
    *A_FRACTIONS,
    "y",
}
