"""The list of differences: one node per object (+ added, − removed, ~ changed), its changes below.

With the Prisma source, what Prisma cannot model (policies, functions, ...)
follows in a separate, dimmed and collapsed group: it is not drift. Labels
are rich Text, so database names are never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from workbench.diff.changes import Change
from workbench.tui.panes.drift_model import MARK, DriftGroup, member_name
from workbench.tui.panes.drift_work import DriftResult


@dataclass(frozen=True)
class DriftNode:
    """What a node stands for.

    `kind`: group, change, nm (the not-modelled header), nm-kind, nm-item,
    pending (the pending migrations' header), pending-item (`group`: its version).
    """

    kind: str
    group: str | None = None  # the group key (group and change nodes)
    index: int = -1  # the change's position in its group (change nodes)
    item: object | None = None  # a NotModelled (nm-item), a label (nm-kind), a MigrationStatus

    @property
    def ident(self) -> tuple:
        """Identity that survives a recompute (to keep the selection)."""
        if self.kind == "pending-item":
            return (self.kind, self.group)
        if self.kind == "nm-item":
            item = self.item
            return ("nm-item", getattr(item, "kind", ""), getattr(item, "object", ""))
        return (self.kind, self.group, self.index, self.item if self.kind == "nm-kind" else None)


def _fields(change: Change) -> str:
    return ", ".join(f.replace("_", " ") for f in change.fields)


def group_label(group: DriftGroup) -> Text:
    mark, style = MARK[group.change]
    text = Text()
    text.append(f"{mark} ", style=f"bold {style}")
    text.append(group.kind, style="cyan")
    text.append(" ")
    text.append(group.key, style="bold")
    members = len(group.members)
    own = group.own
    if own is not None and own.fields:
        text.append(f"  {_fields(own)}", style="dim")
    if members:
        text.append(f"  ({members})", style="dim")
    return text


def change_label(change: Change) -> Text:
    mark, style = MARK[change.change]
    text = Text()
    text.append(f"{mark} ", style=f"bold {style}")
    kind = change.kind.replace("_", " ")
    if change.object == change.group and change.target:
        kind = f"{kind} on {change.target.replace('_', ' ')}"
    text.append(kind, style="cyan")
    name = member_name(change)
    if name:
        text.append(" ")
        text.append(name)
    if change.fields:
        text.append(f"  {_fields(change)}", style="dim")
    return text


class DriftTree(Tree[DriftNode]):
    """Differences grouped by object; the pane shows the highlighted node's detail."""

    def __init__(self, **kwargs) -> None:
        super().__init__(Text("drift"), **kwargs)
        self.show_root = False
        self.guide_depth = 3

    def show(self, result: DriftResult) -> None:
        """Rebuild from a result, keeping the highlighted node when it still exists."""
        keep = self.cursor_node.data.ident if self.cursor_node and self.cursor_node.data else None
        self.clear()
        if not result.groups:
            self.root.add_leaf(Text(f"✓ no drift: the target matches {result.label}", "green"))
        for group in result.groups:
            node = self.root.add(group_label(group), DriftNode("group", group.key), expand=True)
            own = group.own
            for index, change in enumerate(group.changes):
                if change is not own:
                    node.add_leaf(change_label(change), DriftNode("change", group.key, index))
        if result.not_modelled:
            self._not_modelled(result.not_modelled)
        if result.applied is not None and result.applied.pending:
            self._pending(result.applied.pending)
        self._restore(keep)

    def _pending(self, pending) -> None:
        """The pending migrations, apart: not applied on the target, so not drift."""
        count = len(pending)
        noun = "migration" if count == 1 else "migrations"
        header = Text(f"{count} pending {noun} not applied · not drift", style="dim italic")
        top = self.root.add(header, DriftNode("pending"), expand=True)
        for status in pending:
            label = Text(f"{status.icon} ", style="cyan")
            label.append(f"{status.version}_{status.name}", style="dim")
            top.add_leaf(label, DriftNode("pending-item", group=status.version, item=status))

    def _not_modelled(self, items: list) -> None:
        from workbench.prisma.source import KIND_LABELS

        header = Text(f"not modelled by Prisma ({len(items)}) · not drift", style="dim italic")
        top = self.root.add(header, DriftNode("nm"), expand=False)
        by_kind: dict[str, list] = {}
        for item in items:
            by_kind.setdefault(item.kind, []).append(item)
        order = [k for k in KIND_LABELS if k in by_kind]
        order += sorted(k for k in by_kind if k not in KIND_LABELS)
        for kind in order:
            label = KIND_LABELS.get(kind, kind + "s")
            branch = top.add(
                Text(f"{label} ({len(by_kind[kind])})", style="dim"),
                DriftNode("nm-kind", item=label),
            )
            for item in sorted(by_kind[kind], key=lambda i: i.object):
                branch.add_leaf(Text(item.object, style="dim"), DriftNode("nm-item", item=item))

    def _restore(self, keep: tuple | None) -> None:
        if keep is None:
            self.move_cursor_to_line(0)
            return
        found = self._find(self.root, keep)
        if found is None:
            self.move_cursor_to_line(0)
            return
        parent = found.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        self.call_after_refresh(self.move_cursor, found)

    def _find(self, node: TreeNode[DriftNode], ident: tuple) -> TreeNode[DriftNode] | None:
        for child in node.children:
            if child.data is not None and child.data.ident == ident:
                return child
            found = self._find(child, ident)
            if found is not None:
                return found
        return None
