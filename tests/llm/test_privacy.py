"""What leaves the process: the redacted session only, no name, email or phone of the original."""

from __future__ import annotations

import re

import pytest
from fake_openai import FakeOpenAI, malformed, structured
from llm_support import AnalyzerFactory, good_body, make_session

from afterclass.analysis.contract import AnalysisRequest
from afterclass.models import Person, Session, StudentState, Turn

CANARY_NAME = "Zanzibar Quillfeather"
CANARY_FIRST = "Zanzibar"
CANARY_EMAIL = "zanzi.quill@example.org"
CANARY_PHONE = "+1 415 555 0137"
CANARY_PARENT = "Ottoline Quillfeather"
CANARIES = [
    CANARY_NAME,
    CANARY_FIRST,
    "Quillfeather",
    CANARY_EMAIL,
    CANARY_PHONE,
    "555 0137",
    "Ottoline",
]


def original_session() -> Session:
    turns = [
        ("tutor", f"Hi {CANARY_FIRST}! Ready for fractions?"),
        ("student", f"Yes. My mom {CANARY_PARENT} said to email her at {CANARY_EMAIL}."),
        ("tutor", "Thanks. What is 1/2 + 1/4?"),
        ("student", f"3/4! Call me at {CANARY_PHONE} if I forget, says {CANARY_NAME}."),
    ]
    return make_session(
        turns,
        student=Person(name=CANARY_NAME, aliases=[CANARY_FIRST], role="student"),
        people=[Person(name=CANARY_PARENT, role="parent")],
    )


def stand_in_redact(session: Session) -> Session:
    """A simple stand-in for the privacy redactor: known names, emails and phone numbers."""
    pseudonyms: dict[str, str] = {}
    for index, person in enumerate(session.known_people()):
        label = "[STUDENT]" if person.role == "student" else f"[PERSON_{index}]"
        for name in sorted(person.all_names(), key=len, reverse=True):
            pseudonyms[name] = label
            for part in name.split():
                pseudonyms.setdefault(part, label)

    def clean(text: str) -> str:
        text = re.sub(r"[\w.+-]+@[\w-]+\.[\w.]+", "[EMAIL]", text)
        text = re.sub(r"\+?\d[\d\s().-]{7,}\d", "[PHONE]", text)
        for name in sorted(pseudonyms, key=len, reverse=True):
            text = re.sub(rf"\b{re.escape(name)}\b", pseudonyms[name], text)
        return text

    turns = [Turn(speaker=t.speaker, text=clean(t.text)) for t in session.turns]
    return session.with_turns(turns).model_copy(update={"student": None, "people": []})


def assert_no_canary(sent: bytes) -> None:
    text = sent.decode("utf-8")
    leaked = [c for c in CANARIES if c.lower() in text.lower()]
    assert leaked == [], f"sent to the model: {leaked}"


def test_no_canary_reaches_the_model(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    redacted = stand_in_redact(original_session())
    fake_openai.queue(malformed(), structured(good_body()))  # a re-ask resends everything

    make_analyzer().analyze(AnalysisRequest(session=redacted, state=StudentState()))

    assert len(fake_openai.chat_requests()) == 2
    sent = fake_openai.sent_bytes()
    assert_no_canary(sent)
    assert b"[STUDENT]" in sent and b"[EMAIL]" in sent and b"[PHONE]" in sent
    for field in (b"stu-42", b"sess-llm-1"):  # ids stay home too
        assert field not in sent


def test_the_canaries_would_be_caught(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    """The check above can fail: unredacted, the same session does leak."""
    fake_openai.queue(structured(good_body()))
    make_analyzer().analyze(AnalysisRequest(session=original_session(), state=StudentState()))
    with pytest.raises(AssertionError, match="sent to the model"):
        assert_no_canary(fake_openai.sent_bytes())


def test_the_privacy_redactor_keeps_canaries_home(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    redaction = pytest.importorskip("afterclass.privacy.redaction")
    redacted = redaction.redact_session(original_session()).session
    fake_openai.queue(structured(good_body()))
    make_analyzer().analyze(AnalysisRequest(session=redacted, state=StudentState()))
    assert_no_canary(fake_openai.sent_bytes())
