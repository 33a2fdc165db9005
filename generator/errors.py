"""Problems found in the input, reported as `path:line:col: level: message`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with one place in the input."""

    path: str
    line: int
    col: int
    level: Level
    message: str

    def text(self) -> str:
        """The one-line form editors read: `path:line:col: level: message`."""
        return f"{self.path}:{self.line}:{self.col}: {self.level}: {self.message}"

    def github(self) -> str:
        """A GitHub Actions annotation, so the problem shows on the pull request's diff."""
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.level} file={self.path},line={self.line},col={self.col}::{message}"


def error(path: str, line: int, message: str, col: int = 1) -> Problem:
    """An error at `path:line`."""
    return Problem(path, max(line, 1), max(col, 1), "error", message)


def warning(path: str, line: int, message: str, col: int = 1) -> Problem:
    """A warning at `path:line`."""
    return Problem(path, max(line, 1), max(col, 1), "warning", message)


class BuildError(Exception):
    """The input has errors; every problem of the failing phase is listed, sorted."""

    def __init__(self, problems: list[Problem], exit_code: int = 1) -> None:
        self.problems = sorted(problems)
        self.exit_code = exit_code
        super().__init__("\n".join(p.text() for p in self.problems))


class ConfigError(BuildError):
    """site.toml is broken: a usage-level error (exit code 2)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems, exit_code=2)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """` (did you mean `x`?)` for the closest known key, or an empty string."""
    import difflib

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""
