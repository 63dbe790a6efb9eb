"""Rich renderings of analyses and student state for people who read them in a terminal."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from afterclass.models import SessionAnalysis, StudentState
from afterclass.pipeline import Outcome

OUTCOME_STYLE = {"correct": "green", "correct_with_help": "yellow", "incorrect": "red"}


def render_outcome(console: Console, outcome: Outcome) -> None:
    if outcome.analysis is None:
        console.print(f"[bold]{outcome.session_id}[/]: {outcome.status} ({outcome.reason})")
        return
    title = f"{outcome.session_id} · {outcome.status.replace('_', ' ')}"
    console.print(Panel(analysis_view(outcome.analysis), title=title, title_align="left"))


def analysis_view(analysis: SessionAnalysis) -> Group:
    summary = analysis.summary
    meta = analysis.meta
    parts: list[Text | Table] = [
        Text(summary.executive_summary),
        Text(
            f"engagement: {summary.engagement_level} · quality {meta.quality_score:.2f}"
            f" · analyzer {meta.analyzer}" + (" · needs review" if meta.needs_review else ""),
            style="dim",
        ),
    ]
    if analysis.progress.attempts:
        parts.append(_attempts_table(analysis))
    if analysis.progress.concept_mastery:
        parts.append(_concepts_table(analysis))
    return Group(*parts)


def _attempts_table(analysis: SessionAnalysis) -> Table:
    table = Table(title="attempts", title_justify="left", expand=False)
    for column in ("problem", "concept", "outcome", "turns"):
        table.add_column(column)
    for attempt in analysis.progress.attempts:
        style = OUTCOME_STYLE[attempt.outcome]
        table.add_row(
            attempt.problem,
            attempt.concept or "-",
            Text(attempt.outcome.replace("_", " "), style=style),
            ", ".join(map(str, attempt.turns)),
        )
    return table


def _concepts_table(analysis: SessionAnalysis) -> Table:
    table = Table(title="concepts", title_justify="left")
    table.add_column("concept", overflow="fold")
    table.add_column("level", no_wrap=True)
    table.add_column("confidence", no_wrap=True)
    table.add_column("evidence", ratio=1)
    for concept in analysis.progress.concept_mastery:
        table.add_row(concept.concept, concept.level, f"{concept.confidence:.2f}", concept.evidence)
    return table


def mastery_table(state: StudentState, *, title: str = "mastery") -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("concept", overflow="fold")
    for column in ("level", "p(mastery)", "sessions", "right/help/wrong"):
        table.add_column(column, no_wrap=True)
    for concept in sorted(state.mastery.values(), key=lambda c: c.concept):
        table.add_row(
            concept.concept,
            concept.level,
            _bar(concept.p_mastery),
            str(concept.session_count),
            f"{concept.attempts_correct}/{concept.attempts_with_help}/{concept.attempts_incorrect}",
        )
    return table


def trajectory_table(state: StudentState, *, title: str = "trajectory") -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("date", no_wrap=True)
    table.add_column("session", overflow="fold")
    for column in ("engagement", "concepts", "challenges", "velocity"):
        table.add_column(column, no_wrap=True)
    for point in state.trajectory:
        table.add_row(
            point.date.date().isoformat(),
            point.session_id,
            _bar(point.engagement_score),
            str(point.concepts_assessed),
            str(point.challenges_encountered),
            f"{point.learning_velocity:+.2f}",
        )
    return table


def _bar(value: float, width: int = 8) -> str:
    filled = round(value * width)
    return f"{'█' * filled}{'░' * (width - filled)} {value:.2f}"
