"""Write (or check) every stage's output on a fixed set of inputs, to prove a speed-up changed
nothing: redaction, the rules analysis, grounding, engagement and the redaction corpora.

    python benchmarks/golden.py write FILE     # record the outputs of the code as it is
    python benchmarks/golden.py check FILE     # compare the code as it is now; exit 1 on change

Inputs: generated 30-minute sessions, the llm_cost benchmark's 10/30/60-minute sessions, the
bundled demo sessions, the test fixtures, and the labeled redaction corpora.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from afterclass.analysis.contract import AnalysisRequest
from afterclass.analysis.curriculum import Curriculum
from afterclass.analysis.engagement import session_engagement
from afterclass.analysis.grounding import ground
from afterclass.analysis.rules import RulesAnalyzer
from afterclass.ingest.reader import TranscriptDefaults, load_file, parse_payload
from afterclass.models import Session, StudentState
from afterclass.privacy.redactor import Redactor
from afterclass.privacy.session import redact_session
from llm_cost import generate_session
from redaction import PRESIDIO, presidio_samples
from redaction_corpus import corpus
from sessiongen import make_session

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_DEFAULTS = TranscriptDefaults(
    student_id="golden-student",
    started_at=datetime(2025, 3, 4, 16, 0, tzinfo=UTC),
    ended_at=datetime(2025, 3, 4, 16, 30, tzinfo=UTC),
)


def sessions() -> Iterator[tuple[str, Session]]:
    for i in range(60):
        yield f"gen-{i}", make_session(i)
    for minutes in (10, 30, 60):
        yield f"llm-{minutes}", generate_session(minutes, seed=minutes)
    demo = files("afterclass").joinpath("data", "demo")
    for entry in sorted(demo.iterdir(), key=lambda e: e.name):
        for n, session in enumerate(parse_payload(entry.read_text("utf-8"), source=entry.name)):
            yield f"demo-{entry.name}-{n}", session
    for path in sorted((ROOT / "tests" / "ingest" / "fixtures").iterdir()):
        for n, session in enumerate(load_file(path, defaults=FIXTURE_DEFAULTS)):
            yield f"fixture-{path.name}-{n}", session


def stage_outputs() -> dict[str, Any]:
    curriculum = Curriculum.load()
    analyzer = RulesAnalyzer(curriculum=curriculum)
    out: dict[str, Any] = {}
    for name, session in sessions():
        redacted = redact_session(session)
        turns = redacted.session.turns
        output = analyzer.analyze(AnalysisRequest(session=redacted.session, state=StudentState()))
        grounded = ground(output.body, turns, curriculum)
        engagement = session_engagement(redacted.session)
        out[name] = {
            "redacted": [t.text for t in turns],
            "pseudonyms": redacted.pseudonyms,
            "counts": redacted.counts,
            "rules": output.body.model_dump(mode="json"),
            "rules_dropped": output.claims_dropped,
            "grounded": grounded.body.model_dump(mode="json"),
            "grounding": [grounded.dropped, grounded.total, grounded.rate, list(grounded.reasons)],
            "engagement": engagement.model_dump(mode="json"),
        }
    dialogues, math_talk = corpus(7)
    labeled = [*dialogues, *math_talk]
    loaded = presidio_samples(PRESIDIO)
    if loaded is not None:
        labeled.extend(loaded[0])
    else:
        print(
            f"note: no Presidio samples at {PRESIDIO}; the corpus part is shorter", file=sys.stderr
        )
    spans = []
    for sample in labeled:
        redactor = Redactor(known_people=sample.known, language=sample.language)
        redaction = redactor.redact(sample.text)
        spans.append([redaction.text, [[s.start, s.end, s.type, s.tag] for s in redaction.spans]])
    out["corpus"] = spans
    return out


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in {"write", "check"}:
        raise SystemExit(__doc__)
    path = Path(sys.argv[2])
    current = json.loads(json.dumps(stage_outputs(), sort_keys=True))
    if sys.argv[1] == "write":
        path.write_text(json.dumps(current, sort_keys=True), "utf-8")
        print(f"wrote {len(current)} entries to {path}")
        return
    recorded = json.loads(path.read_text("utf-8"))
    changed = [
        f"{key} / {part}"
        for key in sorted(set(recorded) | set(current))
        if recorded.get(key) != current.get(key)
        for part in _changed_parts(recorded.get(key), current.get(key))
    ]
    for where in changed:
        print(f"CHANGED {where}")
    print("identical" if not changed else f"{len(changed)} differences")
    raise SystemExit(1 if changed else 0)


def _changed_parts(before: Any, after: Any) -> list[str]:
    """The parts of one entry that differ: keys of a session's stages, indexes of the corpus."""
    if isinstance(before, dict) and isinstance(after, dict):
        return [k for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
    if isinstance(before, list) and isinstance(after, list):
        if len(before) != len(after):
            return [f"{len(before)} recorded items, {len(after)} now"]
        return [f"item {i}" for i, (b, a) in enumerate(zip(before, after, strict=True)) if b != a]
    return ["missing" if before is None or after is None else "type"]


if __name__ == "__main__":
    main()
