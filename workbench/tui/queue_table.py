"""The queue's table: a DataTable that can replace one row's cells without re-rendering every row.

``DataTable.update_cell`` bumps a table-wide update counter that every render cache is keyed on, so
one verdict re-rendered all visible rows (about 60 ms of a 100 ms budget on a loaded machine). Here
only the changed row's cached renders are evicted. It leans on DataTable internals (Textual 8.2);
when they are not there, it falls back to ``update_cell``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

_CACHES = ("_cell_render_cache", "_row_render_cache")
_CLEARED = ("_row_renderable_cache", "_line_cache")


class QueueTable(DataTable[Text]):
    def replace_row(self, row_key: RowKey, columns: Sequence[str], cells: Sequence[Text]) -> None:
        """Put ``cells`` into the row (one per column key in ``columns``) and re-render that row only."""
        row = self._data.get(row_key)
        caches = [getattr(self, name, None) for name in _CACHES]
        cleared = [getattr(self, name, None) for name in _CLEARED]
        if (
            row is None
            or any(cache is None or not hasattr(cache, "keys") for cache in caches)
            or any(cache is None for cache in cleared)
        ):
            for column, cell in zip(columns, cells, strict=True):
                self.update_cell(row_key, column, cell)
            return
        for column, cell in zip(columns, cells, strict=True):
            row[column] = cell  # type: ignore[index]
        for cache in caches:
            for key in [k for k in cache.keys() if k[0] == row_key]:  # type: ignore[union-attr]  # noqa: SIM118
                cache.discard(key)  # type: ignore[union-attr]
        for cache in cleared:
            cache.clear()  # type: ignore[union-attr]
        # Only this row's lines are repainted; the others keep what is on screen.
        index = self._row_locations.get(row_key)
        if index is None:
            self.refresh()
        else:
            self.refresh_row(index)
