"""``afterclass cost estimate FILE...`` and the printing of ``analyze --analyzer llm --dry-run``.

Both only count: nothing is sent and no key is needed.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from afterclass.analysis.llm.config import LLMConfig, Mode, load_llm_config
from afterclass.analysis.llm.planning import SessionEstimate, dry_run, estimate_session
from afterclass.cli.common import err, out, user_errors
from afterclass.ingest import load_file
from afterclass.models import Session

Redactor = Callable[[Session], Session]


def _privacy_redactor() -> Redactor | None:
    """The privacy module's redactor, when this installation has it."""
    try:
        module: Any = importlib.import_module("afterclass.privacy.redaction")
    except ImportError:
        return None
    redact = module.redact_session
    return lambda session: redact(session).session


def _config(model: str | None, mode: Mode | None) -> LLMConfig:
    config = load_llm_config()
    update = {k: v for k, v in (("model", model), ("mode", mode)) if v is not None}
    return LLMConfig.model_validate({**config.model_dump(), **update}) if update else config


def print_dry_run(
    sessions: Sequence[Session],
    *,
    config: LLMConfig | None = None,
    redact: Redactor | None = None,
) -> None:
    """Print, per session, every request the llm analyzer would send: body, tokens, cost."""
    config = config or load_llm_config()
    redact = redact or _privacy_redactor()
    if redact is None:
        err.print("note: no redactor installed; the transcripts below are shown unredacted")
    for session in sessions:
        shown = redact(session) if redact else session
        for planned in dry_run(shown, config):
            cost = _money(planned.estimated_cost_usd)
            err.print(
                f"[bold]{session.session_id}[/] {planned.analysis_type} ({planned.prompt_tag}): "
                f"{planned.prompt_tokens} prompt tokens ({planned.prefix_tokens} cacheable), "
                f"up to {planned.max_completion_tokens} completion, estimated {cost}",
                markup=True,
            )
            sys.stdout.write(json.dumps(planned.body, indent=2, ensure_ascii=False) + "\n")


def estimate(
    files: Annotated[
        list[Path], typer.Argument(help="Session JSON, Vapi report or transcript files.")
    ],
    model: Annotated[
        str | None, typer.Option(help="Price another model (default: configured).")
    ] = None,
    mode: Annotated[
        Mode | None, typer.Option(help="single (one call) or per_type (three).")
    ] = None,
) -> None:
    """Token counts and estimated cost per session and in total; sends nothing."""
    with user_errors():
        config = _config(model, mode)
        sessions = [session for path in files for session in load_file(path)]
        rows = [estimate_session(session, config) for session in sessions]
    out.print(cost_table(rows, config))


def cost_table(rows: Sequence[SessionEstimate], config: LLMConfig) -> Table:
    table = Table(title=f"LLM cost estimate: {config.model}, mode {config.mode}")
    for header in (
        "session",
        "turns",
        "min",
        "requests",
        "prompt tokens",
        "cacheable",
        "output (assumed)",
        "est. cost",
    ):
        table.add_column(header, justify="left" if header == "session" else "right")
    for row in rows:
        table.add_row(
            row.session_id,
            str(row.turns),
            f"{row.minutes:g}",
            str(row.requests),
            str(row.prompt_tokens),
            str(row.prefix_tokens),
            str(row.expected_output_tokens),
            _money(row.estimated_cost_usd),
        )
    costs = [r.estimated_cost_usd for r in rows]
    total = None if None in costs else sum(c or 0.0 for c in costs)
    table.add_section()
    table.add_row(
        "total",
        str(sum(r.turns for r in rows)),
        "",
        str(sum(r.requests for r in rows)),
        str(sum(r.prompt_tokens for r in rows)),
        str(sum(r.prefix_tokens for r in rows)),
        str(sum(r.expected_output_tokens for r in rows)),
        _money(total),
    )
    return table


def _money(value: float | None) -> str:
    return "no price configured" if value is None else f"${value:.4f}"


def register(app: typer.Typer) -> None:
    cost_app = typer.Typer(help="What LLM analysis costs.", no_args_is_help=True)
    cost_app.command("estimate")(estimate)
    app.add_typer(cost_app, name="cost")
