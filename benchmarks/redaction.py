"""Measure redaction: recall, precision, F1 and F5 per entity type, over-redaction on math talk,
and throughput, for afterclass and for the seed's six regular expressions side by side.

    .venv/bin/python benchmarks/redaction.py [--presidio PATH] [--seed N]

Scores are token level: a token (``\\w+``) of a labeled value counts as found when any
redaction span covers it (a redaction tool must remove it; which tag it gets matters less).
Precision of a type: the share of tokens it redacted that were personal data. F5 weighs recall
25 times as much as precision, as the issue asks.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from afterclass.privacy.names import load_name_lists
from afterclass.privacy.redactor import Redactor
from redaction_corpus import KNOWN, Labeled, corpus

PRESIDIO = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "pii" / "presidio-research-synth"
)
TOKEN = re.compile(r"\w+")

# The seed's DataAnonymizer patterns, copied from our user's specification (the baseline).
SEED_PATTERNS = {
    "PERSON": r"\b[A-Z][a-z]+ [A-Z][a-z]+\b",
    "PERSON_TITLE": r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][a-z]+\b",
    "SCHOOL": r"\b[A-Z][a-z]+ School\b|\b[A-Z][a-z]+ Academy\b",
    "ADDRESS": r"\d+\s+[A-Z][a-z]+\s+(?:Street|Road|Avenue|Lane)",
    "PHONE": r"(\+\d{1,3}[-.\s]?)?\(?\d{3}\)?[-.\s]?\d{3}[-.\s]?\d{4}",
    "EMAIL": r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Z|a-z]{2,}\b",
}
# presidio-research entity types -> ours; the rest (TITLE, AGE, NRP, DATE_TIME) are not
# personal data on their own in a tutoring transcript and are left out, as its README suggests.
PRESIDIO_TYPES = {
    "PERSON": "PERSON", "STREET_ADDRESS": "ADDRESS", "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE", "CREDIT_CARD": "ID", "US_SSN": "ID", "IBAN_CODE": "ID",
    "US_DRIVER_LICENSE": "ID", "IP_ADDRESS": "IP", "DOMAIN_NAME": "URL", "GPE": "PLACE",
    "ORGANIZATION": "ORG", "ZIP_CODE": "ADDRESS",
}  # fmt: skip
Spans = list[tuple[int, int, str]]
Predictor = Callable[[Labeled], Spans]


def seed_predict(sample: Labeled) -> Spans:
    spans: Spans = []
    for person in sample.known[:1]:  # the seed replaced the student's full name, exactly
        spans.extend(
            (m.start(), m.end(), "PERSON") for m in re.finditer(re.escape(person.name), sample.text)
        )
    for type_, pattern in SEED_PATTERNS.items():
        kind = "PERSON" if type_ == "PERSON_TITLE" else type_
        spans.extend((m.start(), m.end(), kind) for m in re.finditer(pattern, sample.text))
    return spans


def ours_predict(sample: Labeled) -> Spans:
    redactor = Redactor(known_people=sample.known, language=sample.language)
    return [
        (s.start, s.end, "PERSON" if s.type == "PERSON" else s.type)
        for s in redactor.redact(sample.text).spans
    ]


@dataclass
class Score:
    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)

    def add(self, text: str, gold: Spans, predicted: Spans, neutral: Spans) -> None:
        for token in TOKEN.finditer(text):
            gold_type = _covering(gold, token.start(), token.end())
            pred_type = _covering(predicted, token.start(), token.end())
            if gold_type is not None:
                self.gold[gold_type] += 1
                self.found[gold_type] += pred_type is not None
            if pred_type is not None:
                self.predicted[pred_type] += 1
                hit = gold_type is not None or _covering(neutral, token.start(), token.end())
                self.correct[pred_type] += bool(hit)

    def row(self, type_: str, predicted_as: str) -> tuple[float | None, float | None]:
        recall = self.found[type_] / self.gold[type_] if self.gold[type_] else None
        guesses = self.predicted[predicted_as]
        precision = self.correct[predicted_as] / guesses if guesses else None
        return recall, precision


def _covering(spans: Spans, start: int, end: int) -> str | None:
    for s_start, s_end, type_ in spans:
        if s_start < end and start < s_end:
            return type_
    return None


def f_beta(precision: float | None, recall: float | None, beta: float) -> float | None:
    if precision is None or recall is None or precision + recall == 0:
        return None
    b2 = beta * beta
    return (1 + b2) * precision * recall / (b2 * precision + recall)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def score(
    samples: Sequence[Labeled], predict: Predictor, neutral: Sequence[Spans] | None = None
) -> Score:
    result = Score()
    for index, sample in enumerate(samples):
        result.add(sample.text, sample.spans, predict(sample), neutral[index] if neutral else [])
    return result


def table(title: str, rows: Iterable[tuple[str, str]], ours: Score, seed: Score) -> Table:
    out = Table(title=title)
    for column in (
        "type",
        "tokens",
        "recall",
        "precision",
        "F1",
        "F5",
        "seed recall",
        "seed prec.",
        "seed F5",
    ):
        out.add_column(column, justify="right" if column != "type" else "left")
    for label, (gold_type, predicted_as) in rows:
        recall, precision = ours.row(gold_type, predicted_as)
        s_recall, s_precision = seed.row(gold_type, predicted_as)
        out.add_row(
            label, str(ours.gold[gold_type]), _fmt(recall), _fmt(precision),
            _fmt(f_beta(precision, recall, 1)), _fmt(f_beta(precision, recall, 5)),
            _fmt(s_recall), _fmt(s_precision), _fmt(f_beta(s_precision, s_recall, 5)),
        )  # fmt: skip
    return out


def _dialogue_rows() -> list[tuple[str, tuple[str, str]]]:
    types = (
        "PERSON",
        "EMAIL",
        "PHONE",
        "ADDRESS",
        "ID",
        "SCHOOL",
        "PLACE",
        "URL",
        "HANDLE",
        "DATE",
        "IP",
    )
    return [
        ("known people", (KNOWN, "PERSON")),
        *((t if t != "PERSON" else "other people", (t, t)) for t in types),
    ]


def over_redaction(samples: Sequence[Labeled], predict: Predictor) -> tuple[float, Counter[str]]:
    words = sum(len(s.text.split()) for s in samples)
    examples: Counter[str] = Counter()
    for sample in samples:
        for start, end, type_ in predict(sample):
            examples[f"{type_}: {sample.text[start:end]!r}"] += 1
    return 1000 * sum(examples.values()) / words, examples


def throughput(samples: Sequence[Labeled], predict: Predictor) -> tuple[float, float]:
    """(characters per second, median ms per sample) on one core."""
    timings: list[float] = []
    for sample in samples:
        started = time.perf_counter()
        predict(sample)
        timings.append(time.perf_counter() - started)
    chars = sum(len(s.text) for s in samples)
    return chars / sum(timings), 1000 * statistics.median(timings)


def presidio_samples(folder: Path) -> tuple[list[Labeled], list[Spans]] | None:
    path = folder / "synth_dataset_v2.json"
    if not path.exists():
        return None
    samples: list[Labeled] = []
    neutral: list[Spans] = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        spans = [(s["start_position"], s["end_position"], s["entity_type"]) for s in item["spans"]]
        gold = [(a, b, PRESIDIO_TYPES[t]) for a, b, t in spans if t in PRESIDIO_TYPES]
        neutral.append([(a, b, t) for a, b, t in spans if t not in PRESIDIO_TYPES])
        samples.append(Labeled(item["full_text"], gold, [], "en"))
    return samples, neutral


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--presidio", type=Path, default=PRESIDIO)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    console = Console()
    started = time.perf_counter()
    load_name_lists()
    console.print(f"name lists loaded in {1000 * (time.perf_counter() - started):.0f} ms")
    dialogues, clean = corpus(args.seed)
    words = sum(len(d.text.split()) for d in dialogues)
    console.print(
        f"dialogues: {len(dialogues)} sessions, {words:,} words; math talk: {len(clean)} sessions"
    )
    console.print(
        table(
            "Tutoring dialogues (generated)",
            _dialogue_rows(),
            score(dialogues, ours_predict),
            score(dialogues, seed_predict),
        )
    )
    _math_table(console, clean)
    _presidio(console, args.presidio)
    _speed(console, dialogues)


def _math_table(console: Console, clean: Sequence[Labeled]) -> None:
    out = Table(title="PII-free math talk: redactions per 1,000 words")
    out.add_column("redactor")
    out.add_column("per 1,000 words", justify="right")
    out.add_column("most frequent")
    for name, predict in (("afterclass", ours_predict), ("seed regexes", seed_predict)):
        rate, examples = over_redaction(clean, predict)
        out.add_row(name, f"{rate:.2f}", "; ".join(f"{k} x{v}" for k, v in examples.most_common(4)))
    console.print(out)


def _presidio(console: Console, folder: Path) -> None:
    loaded = presidio_samples(folder)
    if loaded is None:
        console.print(
            f"[yellow]presidio-research corpus not found at {folder}; that part is skipped[/]"
        )
        return
    samples, neutral = loaded
    rows = [
        (t, (t, t))
        for t in ("PERSON", "ADDRESS", "EMAIL", "PHONE", "ID", "IP", "URL", "PLACE", "ORG")
    ]
    ours, seed = score(samples, ours_predict, neutral), score(samples, seed_predict, neutral)
    console.print(
        table(
            f"presidio-research synthetic corpus ({len(samples)} samples, prose)", rows, ours, seed
        )
    )
    chars, _ = throughput(samples, ours_predict)
    console.print(f"presidio corpus throughput: {chars:,.0f} characters/s")


def _speed(console: Console, dialogues: Sequence[Labeled]) -> None:
    out = Table(title="Throughput on one core (1,000-word dialogues, redactor built per session)")
    for column in ("redactor", "characters/s", "ms per 1,000-word transcript"):
        out.add_column(column, justify="right")
    for name, predict in (("afterclass", ours_predict), ("seed regexes", seed_predict)):
        chars, median_ms = throughput(dialogues, predict)
        out.add_row(name, f"{chars:,.0f}", f"{median_ms:.2f}")
    console.print(out)


if __name__ == "__main__":
    main()
