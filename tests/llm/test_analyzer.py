"""The llm analyzer against the local OpenAI-compatible server, through the real SDK."""

from __future__ import annotations

import json

import pytest
from fake_openai import FakeOpenAI, completion, malformed, schema_unsupported, structured, truncated
from llm_support import CONCEPT, TEST_KEY, AnalyzerFactory, ConfigFactory, good_body, make_session

from afterclass.analysis.contract import AnalysisRequest
from afterclass.errors import InvalidOutputError
from afterclass.models import (
    ProfileAssessment,
    ProgressAssessment,
    SessionSummary,
    StudentState,
    TokenUsage,
)


def request() -> AnalysisRequest:
    return AnalysisRequest(session=make_session(), state=StudentState())


def test_one_call_returns_the_grounded_analysis_with_tokens_and_cost(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    fake_openai.queue(
        structured(
            good_body(),
            prompt_tokens=5000,
            cached_tokens=2000,
            completion_tokens=1500,
            reasoning_tokens=700,
        )
    )
    output = make_analyzer().analyze(request())

    assert len(fake_openai.chat_requests()) == 1
    assert output.body == good_body()
    assert output.claims_dropped == 0
    assert output.tokens == TokenUsage(prompt=5000, cached=2000, completion=1500, reasoning=700)
    # gpt-5-mini: 3000 x $0.25 + 2000 x $0.025 + 1500 x $2.00, per 1M tokens
    assert output.cost_usd == pytest.approx(0.0038)
    assert output.model == "gpt-5-mini-2025-08-07"
    assert output.prompt_version == "single.v2+rules.v2"


def test_the_request_has_instructions_first_and_the_session_last(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    fake_openai.queue(structured(good_body()))
    make_analyzer().analyze(request())

    sent = fake_openai.chat_requests()[0]
    body = sent.json()
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == f"Bearer {TEST_KEY}"
    system, user = body["messages"]
    assert system["role"] == "system" and "educational psychologist" in system["content"]
    assert "Six is the common" not in system["content"]  # no session data in the cached prefix
    assert user["content"].index("SESSION {") < user["content"].index("TRANSCRIPT")
    assert "\n8 S Six is the common denominator, so 2/6" in user["content"]
    schema = body["response_format"]["json_schema"]
    assert body["response_format"]["type"] == "json_schema" and schema["strict"] is True
    # gpt-5-mini is a reasoning model: no temperature, a completion limit that includes reasoning
    assert "temperature" not in body and "max_tokens" not in body
    assert body["max_completion_tokens"] == 4000 + 6000
    assert body["reasoning_effort"] == "low"


def test_per_type_mode_makes_the_seeds_three_calls(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory, llm_config: ConfigFactory
) -> None:
    body = good_body()
    fake_openai.queue(
        structured(body.profile, prompt_tokens=100, completion_tokens=10),
        structured(body.progress, prompt_tokens=200, completion_tokens=20),
        structured(body.summary, prompt_tokens=300, completion_tokens=30),
    )
    output = make_analyzer(llm_config(mode="per_type")).analyze(request())

    names = [
        r.json()["response_format"]["json_schema"]["name"] for r in fake_openai.chat_requests()
    ]
    assert names == ["profile_assessment", "progress_assessment", "session_summary"]
    assert output.body == body
    assert output.tokens.prompt == 600 and output.tokens.completion == 60
    assert output.prompt_version == (
        "profile_assessment.v1+rules.v2,progress_assessment.v1+rules.v2,session_summary.v1+rules.v2"
    )


def test_a_disabled_type_is_not_asked_for_in_per_type_mode(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory, llm_config: ConfigFactory
) -> None:
    base = llm_config()
    types = {k: v.model_dump() for k, v in base.analysis_types.items()}
    types["profile_assessment"]["enabled"] = False
    config = llm_config(mode="per_type", analysis_types=types)
    fake_openai.queue(structured(good_body().progress), structured(good_body().summary))

    output = make_analyzer(config).analyze(request())

    assert len(fake_openai.chat_requests()) == 2
    assert output.body.profile == ProfileAssessment()
    assert output.body.progress.attempts


def test_malformed_json_is_re_asked_once_with_the_problem(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    fake_openai.queue(malformed(), structured(good_body()))
    output = make_analyzer().analyze(request())

    first, second = fake_openai.chat_requests()
    reask = second.json()["messages"]
    assert len(reask) == len(first.json()["messages"]) + 2
    assert reask[-2]["role"] == "assistant"
    assert "could not be used" in reask[-1]["content"] and "json" in reask[-1]["content"].lower()
    assert output.body == good_body()
    assert output.tokens.prompt == 2 * 1200  # both attempts are paid for
    assert "re-asked once after an answer failed validation" in output.notes


def test_out_of_range_scores_are_re_asked_with_the_validator_message(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    bad = good_body().model_dump(mode="json")
    bad["progress"]["concept_mastery"][0]["confidence"] = 1.7
    fake_openai.queue(structured(bad), structured(good_body()))

    make_analyzer().analyze(request())

    reask = fake_openai.chat_requests()[1].json()["messages"][-1]["content"]
    assert "progress.concept_mastery.0.confidence" in reask
    assert "less than or equal to 1" in reask


def test_two_bad_answers_raise_invalid_output_with_attempts_and_usage(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    fake_openai.queue(malformed(), truncated(good_body()))
    with pytest.raises(InvalidOutputError) as caught:
        make_analyzer().analyze(request())

    assert len(caught.value.attempts) == 2
    assert "JSON" in caught.value.attempts[0] or "json" in caught.value.attempts[0]
    assert "cut off at the token limit" in caught.value.attempts[1]
    assert caught.value.usage == TokenUsage(prompt=2400, completion=800)
    assert "rules analyzer" in str(caught.value)


def test_a_refusal_counts_as_a_failed_attempt(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    fake_openai.queue(completion("", refusal="I can't help with that."), structured(good_body()))
    output = make_analyzer().analyze(request())
    assert output.body == good_body()
    assert "the model refused" in fake_openai.chat_requests()[1].json()["messages"][-1]["content"]


def test_a_server_without_json_schema_gets_json_mode_in_auto(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory, llm_config: ConfigFactory
) -> None:
    fake_openai.queue(
        schema_unsupported(), completion("```json\n" + good_body().model_dump_json() + "\n```")
    )
    analyzer = make_analyzer(llm_config(provider="compatible", model="llama-3.1-8b-instruct"))
    output = analyzer.analyze(request())

    retry = fake_openai.chat_requests()[1].json()
    assert retry["response_format"] == {"type": "json_object"}
    assert '"additionalProperties":false' in retry["messages"][0]["content"]
    assert output.body == good_body()
    assert "server refused json_schema structured output; used JSON mode" in output.notes
    # an unknown model gets the parameters every compatible server takes
    assert retry["temperature"] == 0.1 and retry["max_tokens"] == 4000
    assert "reasoning_effort" not in retry and "prompt_cache_key" not in retry


def test_a_dropped_claim_is_counted_and_explained(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    answer = good_body().model_dump(mode="json")
    answer["progress"]["skills_demonstrated"].append({"text": "Explained LCMs.", "turns": [42]})
    fake_openai.queue(structured(answer))

    output = make_analyzer().analyze(request())

    assert output.claims_dropped == 1
    assert all(c.text != "Explained LCMs." for c in output.body.progress.skills_demonstrated)
    assert any("cites turn 42, but the session has 10 turns" in note for note in output.notes)


def test_the_model_name_comes_from_config_when_the_server_omits_it(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    fake_openai.queue(structured(good_body(), model=""))
    assert make_analyzer().analyze(request()).model == "gpt-5-mini"


def test_concept_words_are_checked_against_the_curriculum(
    fake_openai: FakeOpenAI, make_analyzer: AnalyzerFactory
) -> None:
    answer = good_body().model_dump(mode="json")
    answer["progress"]["attempts"].append(
        {
            "problem": "area of a rectangle",
            "concept": "area_volume.area_rectangles",
            "outcome": "correct",
            "turns": [9, 10],
            "try_number": 1,
        }
    )
    fake_openai.queue(structured(answer))
    output = make_analyzer().analyze(request())
    # the attempt keeps its outcome but not a concept its turns never mention
    assert [a.concept for a in output.body.progress.attempts] == [CONCEPT] * 3 + [None]
    assert [c.concept for c in output.body.progress.concept_mastery] == [CONCEPT]


def test_session_summary_and_progress_models_validate_their_parts() -> None:
    body = good_body()
    assert ProgressAssessment.model_validate_json(body.progress.model_dump_json()) == body.progress
    assert SessionSummary.model_validate(json.loads(body.summary.model_dump_json())) == body.summary
