"""The first-run welcome: shown when there is no review database yet, and creates nothing itself.

It says how to begin (ingest a folder, run the demo, open another database) and which keys matter,
then returns the newcomer's choice; the command line acts on it, so no file exists until something
is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Footer, Static

from workbench.tui.prompts import LinePrompt

KEYS_THAT_MATTER = (
    ("j / k", "move to the next / previous claim (enter opens it, escape goes back)"),
    ("1-9", "give a verdict from the rating scale; the next claim opens by itself"),
    ("r", "write the rationale (ctrl+s saves)"),
    ("u", "undo your last change"),
    ("f1", "every key of the screen you are on, with the rating scale's labels"),
)


@dataclass(frozen=True, slots=True)
class WelcomeChoice:
    """What to do next: ``demo``, ``ingest`` (``value`` a path) or ``open`` (``value`` a database)."""

    kind: str
    value: str = ""


def welcome_text(db_path: Path) -> Text:
    text = Text()
    text.append("Welcome to factcheck-workbench\n\n", style="bold")
    text.append("There is no review database at ")
    text.append(str(db_path), style="bold")
    text.append(" yet. Nothing has been created; pick how to begin:\n\n")
    for key, what in (
        ("d", "run the demo: load the five bundled seed articles and start judging"),
        ("i", "ingest a folder or file of articles (text, Markdown, HTML) into this database"),
        ("o", "open another database"),
        ("q", "quit without creating anything"),
    ):
        text.append(f"  {key:<3}", style="bold reverse")
        text.append(f"  {what}\n")
    text.append("\nThe keys that matter once claims are on screen:\n\n", style="bold")
    for key, what in KEYS_THAT_MATTER:
        text.append(f"  {key:<6}", style="bold cyan")
        text.append(f" {what}\n")
    text.append(
        "\nFrom a shell: workbench ingest FOLDER, then workbench; workbench --help lists every command.",
        style="dim",
    )
    return text


class WelcomeApp(App[WelcomeChoice | None]):
    """The welcome screen as a small app of its own; its return value is the choice."""

    TITLE = "factcheck-workbench"
    CSS = """
    #welcome { width: 96; height: auto; padding: 1 2; border: round $primary; margin-top: 1; }
    .prompt { background: $panel; border: round $primary; width: 80; height: auto; padding: 1 2; }
    LinePrompt { align: center middle; }
    """
    BINDINGS = [
        Binding("d", "demo", "Demo", tooltip="Load the bundled seed articles.", id="welcome.demo"),
        Binding("i", "ingest", "Ingest", tooltip="Ingest a folder or a file.", id="welcome.ingest"),
        Binding("o", "open", "Open database", tooltip="Open another database.", id="welcome.open"),
        Binding("q", "quit_now", "Quit", tooltip="Quit without creating anything.", id="welcome.quit"),
    ]

    def __init__(self, db_path: Path, *, message: str = "") -> None:
        super().__init__()
        self.db_path = db_path
        self.message = message

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="welcome"):
            yield Static(welcome_text(self.db_path), id="welcome-text")
            if self.message:
                yield Static(Text(self.message, style="bold red"), id="welcome-message")
        yield Footer()

    def action_demo(self) -> None:
        self.exit(WelcomeChoice("demo"))

    def action_ingest(self) -> None:
        def done(value: str | None) -> None:
            if value and value.strip():
                self.exit(WelcomeChoice("ingest", value.strip()))

        self.push_screen(
            LinePrompt("Ingest which folder or file?", placeholder="e.g. ~/articles or story.html"), done
        )

    def action_open(self) -> None:
        def done(value: str | None) -> None:
            if value and value.strip():
                self.exit(WelcomeChoice("open", value.strip()))

        self.push_screen(LinePrompt("Open which database?", placeholder="e.g. ../desk/workbench.db"), done)

    def action_quit_now(self) -> None:
        self.exit(None)
