"""Small modal screens that gather one piece of input: a line, a paragraph, or a reviewer name."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList, TextArea
from textual.widgets.option_list import Option


class LinePrompt(ModalScreen[str | None]):
    """Ask for one line of text; enter accepts, escape cancels (returns ``None``)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, *, value: str = "", placeholder: str = "", hint: str = "") -> None:
        super().__init__()
        self.prompt_title = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Label(Text(self.prompt_title, style="bold"))
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")
            yield Label(Text(self.hint or "enter to accept · escape to cancel", style="dim"))

    @on(Input.Submitted)
    def accept(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextPrompt(ModalScreen[str | None]):
    """Ask for a paragraph (rationale, note); ctrl+s saves, escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="prompt.save"),
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
    ]

    def __init__(self, title: str, *, value: str = "") -> None:
        super().__init__()
        self.prompt_title = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt tall"):
            yield Label(Text(self.prompt_title, style="bold"))
            yield TextArea(self.value, id="prompt-text", soft_wrap=True, show_line_numbers=False)
            yield Label(Text("ctrl+s to save · escape to cancel", style="dim"))

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewerPrompt(ModalScreen[str]):
    """The start screen when no reviewer was named: every change is attributed, so ask who is working."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Label(Text("Who is reviewing?", style="bold"))
            yield Label(Text("Your name is recorded on every change you make.", style="dim"))
            yield Input(placeholder="your name", id="reviewer-input")

    @on(Input.Submitted)
    def accept(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name or len(name) > 64 or any(ord(ch) < 32 for ch in name):
            self.notify("Enter a name of 1-64 printable characters.", severity="warning", markup=False)
            return
        self.dismiss(name)


class SpeakerPrompt(ModalScreen[str | None]):
    """Pick the claim's speaker from the document's names and speakers, or type one; escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, choices: list[str], *, current: str | None) -> None:
        super().__init__()
        self.prompt_title = title
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Label(Text(self.prompt_title, style="bold"))
            yield Label(
                Text(
                    "type to narrow the list or to name someone else (tab completes, enter takes it); "
                    "or pick with the arrows and enter",
                    style="dim",
                )
            )
            yield OptionList(*self._options(""), id="speaker-choices")
            yield Input(
                placeholder="or type a speaker",
                suggester=SuggestFromList(self.choices, case_sensitive=False),
                select_on_focus=False,  # the first letter typed moves focus here and must not be selected
                id="speaker-input",
            )
            yield Label(Text("escape to cancel", style="dim"))

    def _options(self, typed: str) -> list[Option]:
        # Names come from articles: Option prompts are Text, never markup.
        wanted = typed.strip().casefold()
        return [Option(Text(c), id=str(i)) for i, c in enumerate(self.choices) if wanted in c.casefold()]

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in self.choices:
            options.highlighted = self.choices.index(self.current)
        options.focus()

    def on_key(self, event: events.Key) -> None:
        """Typing while the list has focus goes to the name field, so nobody has to find it first."""
        field = self.query_one("#speaker-input", Input)
        if self.focused is self.query_one(OptionList) and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            field.focus()
            field.insert_text_at_cursor(event.character)
        elif self.focused is field and event.key == "down":
            event.stop()
            self.query_one(OptionList).focus()

    @on(Input.Changed, "#speaker-input")
    def narrow(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        if options.option_count:
            options.highlighted = 0

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.choices[int(event.option.id)])

    @on(Input.Submitted, "#speaker-input")
    def typed(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmPrompt(ModalScreen[bool]):
    """Say what an action will change and ask; y confirms, escape (or n) cancels."""

    BINDINGS = [
        Binding("y", "confirm", "Yes", id="confirm.yes"),
        Binding("escape,n", "cancel", "No", id="confirm.no"),
    ]

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.prompt_title = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Label(Text(self.prompt_title, style="bold"))
            yield Label(Text(self.body), id="confirm-body")
            yield Label(Text("y to confirm · escape or n to cancel", style="dim"))

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class PickPrompt(ModalScreen[int | None]):
    """Pick one of a few lines (article text shown as text, never markup); escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, choices: list[Text]) -> None:
        super().__init__()
        self.prompt_title = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Label(Text(self.prompt_title, style="bold"))
            yield OptionList(*[Option(choice, id=str(i)) for i, choice in enumerate(self.choices)])
            yield Label(Text("enter to pick, escape to cancel", style="dim"))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)


class SignInPrompt(ModalScreen[tuple[str, str] | None]):
    """Under ``workbench serve``: each browser session signs in as a reviewer with their password
    (escape cancels only a change of reviewer, never the first sign-in)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="signin.cancel")]

    def __init__(self, message: str = "", *, cancellable: bool = False) -> None:
        super().__init__()
        self.message = message
        self.cancellable = cancellable

    def action_cancel(self) -> None:
        if self.cancellable:
            self.dismiss(None)

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Label(Text("Sign in to review", style="bold"))
            yield Label(
                Text(self.message or "Your reviewer name and password.", style="dim"), id="signin-message"
            )
            yield Input(placeholder="reviewer name", id="signin-name")
            yield Input(placeholder="password", password=True, id="signin-password")

    @on(Input.Submitted, "#signin-name")
    def next_field(self) -> None:
        self.query_one("#signin-password", Input).focus()

    @on(Input.Submitted, "#signin-password")
    def accept(self) -> None:
        name = self.query_one("#signin-name", Input).value
        password = self.query_one("#signin-password", Input).value
        if name.strip() and password:
            self.dismiss((name, password))
