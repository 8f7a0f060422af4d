"""The command palette's pane commands (ctrl+p): what the current pane can do now.

`PaneCommands` lists what the app's `palette_commands()` gives: the current
pane's actions that apply (preview, apply and step back on the timeline, write
alignment and the expected sources on the drift pane, simulate as each subject
on the RLS pane, ...), switching to the other panes, filtering and refreshing.
The app's own commands (help, theme, quit) stay with Textual's system commands.
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider

from workbench.tui.panes.base import PaneCommand


class PaneCommands(Provider):
    """Context-aware commands: only what applies to the pane on screen."""

    def commands(self) -> list[PaneCommand]:
        source = getattr(self.app, "palette_commands", None)
        return list(source()) if source is not None else []

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, help=command.help)
