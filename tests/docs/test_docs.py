"""The docs are part of the product: every setting and every command is documented."""

from __future__ import annotations

import re
from pathlib import Path

import typer
from pydantic import BaseModel

from afterclass.cli.main import app
from afterclass.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def _env_names(model: type[BaseModel], prefix: str) -> list[str]:
    names = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names += _env_names(annotation, f"{prefix}{name.upper()}__")
        else:
            names.append(f"{prefix}{name.upper()}")
    return names


def test_every_setting_is_documented_in_configuration_md() -> None:
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")

    missing = [name for name in _env_names(Settings, "AFTERCLASS_") if f"`{name}`" not in page]

    assert missing == []


def test_every_documented_setting_exists() -> None:
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    known = set(_env_names(Settings, "AFTERCLASS_"))

    documented = set(re.findall(r"`(AFTERCLASS_[A-Z_]+)`", page))

    assert documented - known == set()


def _commands(group: typer.Typer, prefix: str = "") -> list[str]:
    names = [
        f"{prefix}{c.name or c.callback.__name__}".strip()
        for c in group.registered_commands
        if c.callback
    ]
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            names += _commands(sub.typer_instance, f"{prefix}{sub.name} ")
    return names


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    missing = [
        name for name in _commands(app) if f"afterclass {name}" not in readme and name != "version"
    ]

    assert missing == []


def test_the_readme_opens_with_the_two_commands_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.+?)\n```", readme, flags=re.S)

    assert "afterclass demo" in blocks[0]
    assert "pytest" in blocks[1]
    assert "<!-- test-command -->" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
