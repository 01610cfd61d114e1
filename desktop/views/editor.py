"""The scenario form, generated from ``sim.scenario.params.PARAM_SPECS`` and grouped by ``GROUPS``.

Each field shows its unit and allowed range, with the source in its tooltip. Year paths are
edited as a small table; targets and uncertainty ranges have a table each. Every edit goes
into the document; fields whose value the loader would refuse turn red with the loader's message.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.models.document import (
    UNCERTAIN_KEYS,
    RangeRow,
    ScenarioDocument,
    constant_path_value,
    parse_value,
    split_constant_path,
)
from sim.errors import ScenarioError
from sim.indicators import ALL_INDICATOR_NAMES
from sim.scenario.loader import DIRECTIONS
from sim.scenario.params import GROUPS, PARAM_SPECS, SPECS_BY_KEY, ParamSpec

ERROR_STYLE = "background-color: #ffd6d6;"
ERROR_COLOR = "#ffd6d6"
INHERITED_COLOR = "gray"


def fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:g}" if abs(v) < 1e15 else repr(v)
    return str(v)


def _num(x: float) -> str:
    return f"{x:g}" if abs(x) < 1e7 else f"{x:.3g}"


def tooltip(spec: ParamSpec) -> str:
    """Key, help, allowed range and source of a parameter."""
    ctx = "Editor"
    return (f"<b>{i18n.param_label(spec)}</b> <code>{spec.key}</code><br>{spec.help}<br>"
            f"{i18n.tr(ctx, 'Allowed')}: {spec.range_text()}<br>{i18n.tr(ctx, 'Source')}: {spec.source}")


class ScalarField(QLineEdit):
    """One number; emits ``edited(key, value)`` with the parsed value (or the raw text)."""

    edited = Signal(str, object)

    def __init__(self, spec: ParamSpec, value: Any) -> None:
        super().__init__(fmt(value))
        self.spec = spec
        self.setToolTip(tooltip(spec))
        self.textEdited.connect(lambda text: self.edited.emit(self.spec.key, parse_value(text)))

    def set_error(self, message: str | None) -> None:
        self.setStyleSheet(ERROR_STYLE if message else "")
        self.setToolTip((f"<span style='color:#b00'>{message}</span><br>" if message else "") + tooltip(self.spec))


class PathField(QWidget):
    """A year path as a two-column table (year, value) with add and remove buttons.

    A constant path (a number in the file, ``{0: value}`` once loaded) is one row reading "all years"
    whose value is written back as a plain number; adding a year to it makes a real path on which the
    old value holds until the year before the new point (``{Y-1: old, Y: new}``, the loader's rule).
    """

    edited = Signal(str, object)

    def __init__(self, spec: ParamSpec, value: Any, new_year: int = 2025) -> None:
        super().__init__()
        self.spec = spec
        self.new_year = int(new_year)  # the year "+" adds to a constant path
        self.table = QTableWidget(0, 2)
        self.table.verticalHeader().setVisible(False)
        # the year column as wide as its text ("all years" too), the value column takes the rest; the unit is
        # written under the table (ScenarioEditor), so short headers are never cut off
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        fm = self.table.fontMetrics()
        self.table.setMinimumWidth(fm.horizontalAdvance("所有年份 ") + fm.horizontalAdvance("00000.000") + 40)
        self.table.setToolTip(tooltip(spec))
        constant = constant_path_value(value)
        self.constant = constant is not None
        self._loading = True
        if self.constant:
            self._append("", fmt(constant))
            self._show_constant()
            rows = 1
        else:
            path = value if isinstance(value, dict) else {}
            for year, v in path.items():
                self._append(str(year), fmt(v))
            rows = len(path)
        self._loading = False
        self.table.setFixedHeight(64 if self.constant else min(30 + 26 * max(rows, 2), 190))
        self.table.itemChanged.connect(self._changed)
        self.add_btn = QPushButton("+")
        self.del_btn = QPushButton("−")
        for b in (self.add_btn, self.del_btn):
            b.setFixedWidth(28)
        self.add_btn.clicked.connect(self._add_row)
        self.del_btn.clicked.connect(self._del_row)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_btn)
        buttons.addWidget(self.del_btn)
        buttons.addStretch(1)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table)
        lay.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([i18n.tr("Editor", "Year"), i18n.tr("Editor", "Value")])
        self.add_btn.setToolTip(i18n.tr("Editor", "Add a year"))
        self.del_btn.setToolTip(i18n.tr("Editor", "Remove the selected year"))
        self.del_btn.setEnabled(not self.constant)
        if self.constant:
            self._show_constant()

    def _show_constant(self) -> None:
        """The constant row's year cell: "all years", not editable."""
        was, self._loading = self._loading, True
        item = self.table.item(0, 0)
        if item is not None:
            item.setText(i18n.tr("Editor", "all years"))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setForeground(QColor(INHERITED_COLOR))
            item.setToolTip(i18n.tr("Editor", "One value for every year; add a year to make it change over time"))
        self._loading = was

    def _append(self, year: str, value: str) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(year))
        self.table.setItem(r, 1, QTableWidgetItem(value))

    def _split_constant(self, year: int, value: str | None = None) -> None:
        """Turn the constant row into a real path: the old value until ``year - 1``, ``value`` (default:
        the old value) from ``year``."""
        old = self.table.item(0, 1).text() if self.table.rowCount() else fmt(self.spec.lo)
        path = split_constant_path(old, year, old if value is None else value)
        self._loading = True
        self.table.setRowCount(0)
        for y, v in path.items():
            self._append(y, v)
        self.constant = False
        self.del_btn.setEnabled(True)
        self.table.setFixedHeight(min(30 + 26 * 2, 190))
        self._loading = False

    def _add_row(self) -> None:
        if self.constant:
            self._split_constant(self.new_year)
            self.table.setCurrentCell(1, 1)
            self._changed()
            return
        last_year = self.table.item(self.table.rowCount() - 1, 0) if self.table.rowCount() else None
        last_value = self.table.item(self.table.rowCount() - 1, 1) if self.table.rowCount() else None
        try:
            year = str(int(last_year.text()) + 5) if last_year else str(self.new_year)
        except ValueError:
            year = ""
        self._loading = True
        self._append(year, last_value.text() if last_value else fmt(self.spec.lo))
        self._loading = False
        self._changed()

    def _del_row(self) -> None:
        if self.constant:
            return  # one value for all years: nothing to remove
        r = self.table.currentRow()
        if r < 0:
            r = self.table.rowCount() - 1
        if r >= 0:
            self.table.removeRow(r)
            self._changed()

    def value(self) -> Any:
        """The path as typed: ``{year text: value}``, or the plain value of a constant path."""
        if self.constant:
            v = self.table.item(0, 1)
            return parse_value(v.text() if v else "")
        out: dict[str, Any] = {}
        for r in range(self.table.rowCount()):
            y = self.table.item(r, 0)
            v = self.table.item(r, 1)
            out[(y.text().strip() if y else "")] = parse_value(v.text() if v else "")
        return out

    def set_constant(self, value: str) -> None:
        """Set the value of a constant path (used by tests and the trainer); ValueError if it has years."""
        if not self.constant:
            raise ValueError(f"{self.spec.key} is a path with years; use set_cell")
        self.table.item(0, 1).setText(value)

    def set_cell(self, year: int, value: str) -> None:
        """Set the value at ``year`` (adds the year if missing; on a constant path the old value holds until
        the year before); used by tests and the trainer."""
        if self.constant:
            self._split_constant(int(year), value)
            self._changed()
            return
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.text().strip() == str(year):
                self.table.item(r, 1).setText(value)
                return
        self._append(str(year), value)
        self._changed()

    def year_texts(self) -> list[str]:
        """The texts of the year column, as shown."""
        return [self.table.item(r, 0).text() if self.table.item(r, 0) else "" for r in range(self.table.rowCount())]

    def _changed(self, *_: object) -> None:
        if not self._loading:
            self.edited.emit(self.spec.key, self.value())

    def set_error(self, message: str | None) -> None:
        self.table.setStyleSheet(f"QTableWidget {{{ERROR_STYLE}}}" if message else "")
        self.table.setToolTip((f"<span style='color:#b00'>{message}</span><br>" if message else "") + tooltip(self.spec))


TARGET_COLUMNS = ("indicator", "year", "value", "direction", "source", "interpretation")


def row_table(owner: QWidget, columns: int) -> tuple[QTableWidget, QPushButton, QPushButton, QLabel]:
    """Lay out on ``owner`` a table of ``columns`` (one row selected at a time), Add and Remove buttons under it
    and a grey note; the caller connects them and sets their texts."""
    table = QTableWidget(0, columns)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    add_btn, del_btn = QPushButton(), QPushButton()
    note = QLabel()
    note.setWordWrap(True)
    note.setStyleSheet("color: gray;")
    buttons = QHBoxLayout()
    buttons.addWidget(add_btn)
    buttons.addWidget(del_btn)
    buttons.addStretch(1)
    lay = QVBoxLayout(owner)
    lay.addWidget(table, 1)
    lay.addLayout(buttons)
    lay.addWidget(note)
    return table, add_btn, del_btn, note


class TargetsTable(QWidget):
    """The scenario's targets as an editable table (indicator, year, value, direction, source,
    interpretation) with add and remove buttons. Every edit goes into the document; the loader's
    message for a bad target (field ``targets[i].key``) marks that cell."""

    edited = Signal()

    def __init__(self, doc: ScenarioDocument | None) -> None:
        super().__init__()
        self.doc = doc
        self.table, self.add_btn, self.del_btn, self.note = row_table(self, len(TARGET_COLUMNS))
        self.table.itemChanged.connect(self._item_changed)
        self.add_btn.clicked.connect(self.add_row)
        self.del_btn.clicked.connect(lambda: self.remove_row(self.table.currentRow()))
        self._loading = False
        self.error_field: str | None = None
        self.retranslate()
        self.load()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Indicator"), self.tr("Year"), self.tr("Value"), self.tr("Direction"),
                                              self.tr("Source"), self.tr("Interpretation")])
        self.add_btn.setText(self.tr("Add target"))
        self.del_btn.setText(self.tr("Remove target"))
        self.add_btn.setToolTip(self.tr("Add a target (a copy of the last one, at the end year)"))
        self.del_btn.setToolTip(self.tr("Remove the selected target"))
        self.note.setText(self.tr("Interpretation: ticked when the target is our reading of words in a plan, "
                                  "not a figure from it."))

    # ---------------------------------------------------------------- building
    def load(self) -> None:
        """Fill the table from the document's targets."""
        self._loading = True
        self.table.setRowCount(0)
        rows = self.doc.targets() if self.doc is not None else []
        for r, row in enumerate(rows):
            self.table.insertRow(r)
            self.table.setCellWidget(r, 0, self._indicator_box(r, row.get("indicator")))
            self.table.setItem(r, 1, QTableWidgetItem(fmt(row.get("year", ""))))
            self.table.setItem(r, 2, QTableWidgetItem(fmt(row.get("value", ""))))
            self.table.setCellWidget(r, 3, self._direction_box(r, row.get("direction", "at_least")))
            self.table.setItem(r, 4, QTableWidgetItem(str(row.get("source", ""))))
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            check.setCheckState(Qt.CheckState.Checked if row.get("interpretation") is True else Qt.CheckState.Unchecked)
            self.table.setItem(r, 5, check)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(4, max(self.table.columnWidth(4), 160))
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self._loading = False
        self.del_btn.setEnabled(self.table.rowCount() > 0)

    def _indicator_box(self, row: int, current: Any) -> QComboBox:
        box = QComboBox()
        for name in ALL_INDICATOR_NAMES:
            box.addItem(f"{i18n.indicator_label(name)} ({name})", name)
        k = box.findData(current)
        if k < 0:  # a name the loader refuses: shown as it is, and marked
            box.addItem(str(current), current)
            k = box.count() - 1
        box.setCurrentIndex(k)
        box.currentIndexChanged.connect(lambda _k, b=box: self._widget_changed(b, "indicator", b.currentData()))
        return box

    def _direction_box(self, row: int, current: Any) -> QComboBox:
        box = QComboBox()
        for d in DIRECTIONS:
            box.addItem(self.tr("at least (≥)") if d == "at_least" else self.tr("at most (≤)"), d)
        k = box.findData(current)
        if k < 0:
            box.addItem(str(current), current)
            k = box.count() - 1
        box.setCurrentIndex(k)
        box.currentIndexChanged.connect(lambda _k, b=box: self._widget_changed(b, "direction", b.currentData()))
        return box

    # ---------------------------------------------------------------- editing
    def _row_of(self, widget: QWidget) -> int:
        for r in range(self.table.rowCount()):
            for c in (0, 3):
                if self.table.cellWidget(r, c) is widget:
                    return r
        return -1

    def _widget_changed(self, widget: QWidget, key: str, value: Any) -> None:
        r = self._row_of(widget)
        if r >= 0 and not self._loading:
            self._set(r, key, value)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        key = TARGET_COLUMNS[item.column()]
        if key == "interpretation":
            value: Any = item.checkState() == Qt.CheckState.Checked
        elif key == "source":
            value = item.text()
        else:
            value = parse_value(item.text())
        self._set(item.row(), key, value)

    def _set(self, row: int, key: str, value: Any) -> None:
        if self.doc is None:
            return
        self.doc.set_target(row, key, value)
        self.edited.emit()

    def set_cell(self, row: int, key: str, value: Any) -> None:
        """Edit one cell as a user would (used by tests): text for year, value and source, a name for
        indicator and direction, a bool for interpretation."""
        c = TARGET_COLUMNS.index(key)
        if key in ("indicator", "direction"):
            box = self.table.cellWidget(row, c)
            k = box.findData(value)
            if k < 0:
                box.addItem(str(value), value)
                k = box.count() - 1
            box.setCurrentIndex(k)
        elif key == "interpretation":
            self.table.item(row, c).setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
        else:
            self.table.item(row, c).setText(str(value))

    def add_row(self) -> int:
        """Append a target: a copy of the last one's indicator and value, at the end year."""
        if self.doc is None:
            return -1
        rows = self.doc.targets()
        last = rows[-1] if rows else {}
        end = self.doc.value("run.end_year")
        row = {"indicator": last.get("indicator", "rd_intensity"), "year": int(end) if isinstance(end, int) else 2035,
               "value": last.get("value", 0.0), "direction": last.get("direction", "at_least"), "source": ""}
        index = self.doc.add_target(row)
        self.load()
        self.table.selectRow(index)
        self.edited.emit()
        return index

    def remove_row(self, row: int) -> None:
        if self.doc is None or self.table.rowCount() == 0:
            return
        if not 0 <= row < self.table.rowCount():
            row = self.table.rowCount() - 1
        self.doc.remove_target(row)
        self.load()
        self.edited.emit()

    def set_error(self, field: str | None, message: str | None) -> None:
        """Mark the cell the loader names (``targets[i].key``), clearing any earlier mark."""
        self.error_field = None
        for r in range(self.table.rowCount()):
            for c in range(len(TARGET_COLUMNS)):
                self._mark(r, c, None)
        if not field or not message or not field.startswith("targets["):
            return
        head, _, key = field.partition("].")
        try:
            r = int(head[len("targets["):].rstrip("]"))
        except ValueError:
            return
        c = TARGET_COLUMNS.index(key) if key in TARGET_COLUMNS else 0
        if 0 <= r < self.table.rowCount():
            self.error_field = field
            self._mark(r, c, message)

    def _mark(self, r: int, c: int, message: str | None) -> None:
        widget = self.table.cellWidget(r, c)
        if widget is not None:
            widget.setStyleSheet(ERROR_STYLE if message else "")
            widget.setToolTip(message or "")
            return
        item = self.table.item(r, c)
        if item is not None:
            self._loading = True
            item.setData(Qt.ItemDataRole.BackgroundRole, QColor("#ffd6d6") if message else None)
            item.setToolTip(message or "")
            self._loading = False


RANGE_COLUMNS = ("key", "low", "high", "hint")


def range_hint(spec: ParamSpec | None) -> str:
    """Unit and allowed range of a parameter, as the form shows them next to its field."""
    if spec is None:
        return ""
    return f"{i18n.unit(spec.unit)}  [{_num(spec.lo)} … {_num(spec.hi)}]".strip()


class UncertaintyTable(QWidget):
    """The scenario's ``[uncertainty]`` ranges as an editable table (parameter, low, high, unit and allowed
    range) with add and remove buttons. Every edit goes into the document; each invalid row is marked
    with the loader's message. For a file that ``extends`` another, the ranges in effect are shown (the
    parent's in grey) and an edit writes an override into this file."""

    edited = Signal()

    def __init__(self, doc: ScenarioDocument | None) -> None:
        super().__init__()
        self.doc = doc
        self.table, self.add_btn, self.del_btn, self.note = row_table(self, len(RANGE_COLUMNS))
        self.table.itemChanged.connect(self._item_changed)
        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())
        self.add_btn.clicked.connect(self.add_row)
        self.del_btn.clicked.connect(lambda: self.remove_row(self.table.currentRow()))
        self._loading = False
        self.rows: list[RangeRow] = []
        self.error_rows: dict[int, str] = {}
        self.retranslate()
        self.load()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Parameter"), self.tr("Low"), self.tr("High"),
                                              self.tr("Unit and allowed range")])
        self.add_btn.setText(self.tr("Add range"))
        self.del_btn.setText(self.tr("Remove range"))
        self.add_btn.setToolTip(self.tr("Add a range for a parameter not listed yet, fixed at its current value until you "
                                        "widen it"))
        self.del_btn.setToolTip(self.tr("Remove the selected range"))
        self._update_note()

    def _update_note(self) -> None:
        note = self.tr("Each replicate draws these parameters uniformly between low and high, in place of the values "
                       "set in the form.")
        parent = self.doc.parent_name if self.doc is not None else None
        if parent:
            note += " " + self.tr("Ranges of {0} are shown in grey: changing one writes an override into this file, and "
                                  "removing an override brings back the range of {0}. A range of {0} cannot be removed "
                                  "here; set low = high to fix the value.").format(parent)
        self.note.setText(note)

    # ---------------------------------------------------------------- building
    def load(self) -> None:
        """Fill the table from the document's ranges."""
        self._loading = True
        self.table.setRowCount(0)
        self.rows = self.doc.uncertainty() if self.doc is not None else []
        for r, row in enumerate(self.rows):
            self.table.insertRow(r)
            self.table.setCellWidget(r, 0, self._key_box(row))
            self.table.setItem(r, 1, QTableWidgetItem())
            self.table.setItem(r, 2, QTableWidgetItem())
            hint = QTableWidgetItem()
            hint.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)  # read-only
            self.table.setItem(r, 3, hint)
            self._show_row(r, row)
        # the values and the hint keep their width; the parameter (its full label in the tooltip) takes the rest
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeColumnsToContents()
        for c in (1, 2):
            self.table.setColumnWidth(c, max(self.table.columnWidth(c), self.fontMetrics().horizontalAdvance("0.000000")))
        self._loading = False
        self.error_rows = {}
        self._update_buttons()
        self._update_note()

    def _show_row(self, r: int, row: RangeRow) -> None:
        """Values, hint and the look of row ``r`` (grey when it comes from the parent)."""
        was, self._loading = self._loading, True
        spec = SPECS_BY_KEY.get(row.key)
        inherited = row.origin == "inherited"
        origin = self.tr("From {0}; changing it writes an override into this file.").format(self.doc.parent_name) \
            if inherited and self.doc is not None else ""
        for c, text in ((1, fmt(row.low)), (2, fmt(row.high)), (3, range_hint(spec))):
            item = self.table.item(r, c)
            if item.text() != text:
                item.setText(text)
            item.setData(Qt.ItemDataRole.ForegroundRole, QColor(INHERITED_COLOR) if inherited or c == 3 else None)
            item.setData(Qt.ItemDataRole.UserRole, origin)
        box = self.table.cellWidget(r, 0)
        box.setEnabled(row.origin in ("own", "duplicate"))
        box.setProperty("origin", origin)
        self._loading = was

    def _key_box(self, row: RangeRow) -> QComboBox:
        box = QComboBox()
        for key in UNCERTAIN_KEYS:
            box.addItem(f"{i18n.param_label(SPECS_BY_KEY[key])} ({key})", key)
        k = box.findData(row.key)
        if k < 0:  # a key the loader refuses: shown as it is, and marked
            box.addItem(row.key, row.key)
            k = box.count() - 1
        box.setCurrentIndex(k)
        box.currentIndexChanged.connect(lambda _k, b=box: self._key_changed(b))
        return box

    def _update_buttons(self) -> None:
        n = self.table.rowCount()
        r = self.table.currentRow()
        r = r if 0 <= r < n else n - 1
        self.del_btn.setEnabled(self.doc is not None and n > 0 and self.rows[r].origin != "inherited")

    # ---------------------------------------------------------------- editing
    def _row_of(self, widget: QWidget) -> int:
        for r in range(self.table.rowCount()):
            if self.table.cellWidget(r, 0) is widget:
                return r
        return -1

    def _typed(self, r: int) -> list[Any]:
        return [parse_value(self.table.item(r, c).text()) for c in (1, 2)]

    def _key_changed(self, box: QComboBox) -> None:
        r = self._row_of(box)
        if r < 0 or self._loading or self.doc is None:
            return
        key = box.currentData()
        self.doc.set_uncertainty(r, key, self.doc.default_range(key))  # another parameter: its own unit and values
        self._after_edit()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or self.doc is None or item.column() not in (1, 2):
            return
        r = item.row()
        self.doc.set_uncertainty(r, self.rows[r].key, self._typed(r))
        self._after_edit()

    def _after_edit(self) -> None:
        """Show the document's rows again: in place when they are the same parameters in the same order
        (an edit in progress keeps its cell), else rebuilt."""
        rows = self.doc.uncertainty() if self.doc is not None else []
        same = len(rows) == self.table.rowCount() and all(
            self.table.cellWidget(r, 0).currentData() == row.key for r, row in enumerate(rows))
        if same:
            self.rows = rows
            for r, row in enumerate(rows):
                self._show_row(r, row)
            self._update_buttons()
        else:
            current = self.table.currentRow()
            self.load()
            if 0 <= current < self.table.rowCount():
                self.table.selectRow(current)
        self.edited.emit()

    def set_cell(self, row: int, key: str, value: Any) -> None:
        """Edit one cell as a user would (used by tests): a parameter key for ``key``, text for low and high."""
        c = RANGE_COLUMNS.index(key)
        if key == "key":
            box = self.table.cellWidget(row, 0)
            k = box.findData(value)
            if k < 0:
                box.addItem(str(value), value)
                k = box.count() - 1
            box.setCurrentIndex(k)
        else:
            self.table.item(row, c).setText(str(value))

    def add_row(self) -> int:
        """Append a range for the first parameter not listed yet, fixed at its current value."""
        if self.doc is None:
            return -1
        listed = {r.key for r in self.doc.uncertainty()}
        key = next((k for k in UNCERTAIN_KEYS if k not in listed), UNCERTAIN_KEYS[0])
        index = self.doc.add_uncertainty(key, self.doc.default_range(key))
        self.load()
        self.table.selectRow(index)
        self.edited.emit()
        return index

    def remove_row(self, row: int) -> None:
        if self.doc is None or self.table.rowCount() == 0:
            return
        if not 0 <= row < self.table.rowCount():
            row = self.table.rowCount() - 1
        if self.rows[row].origin == "inherited":
            return  # the button is disabled for these
        self.doc.remove_uncertainty(row)
        self.load()
        self.edited.emit()

    def set_errors(self, errors: dict[int, str], problem: ScenarioError | None) -> None:
        """Mark each invalid row with the loader's message; the scenario's first problem, when it names an
        uncertainty range no row is marked for, marks that range's row."""
        if self.doc is not None and [(r.key, r.origin) for r in self.doc.uncertainty()] != [(r.key, r.origin) for r in self.rows]:
            self.load()  # the document changed under the table (e.g. Save As flattened an ``extends`` chain)
        errors = dict(errors)
        if problem is not None and (problem.field or "").startswith("uncertainty."):
            key = problem.field[len("uncertainty."):]
            r = next((r for r, row in enumerate(self.rows) if row.key == key), None)
            if r is not None and not any(self.rows[e].key == key for e in errors if e < len(self.rows)):
                errors[r] = problem.message
        self.error_rows = {}
        for r in range(self.table.rowCount()):
            message = errors.get(r)
            if message and self.rows[r].origin == "duplicate":
                first = next((k for k, row in enumerate(self.rows) if row.key == self.rows[r].key), r)
                message += "\n" + self.tr("This parameter already has a range in row {0}; a parameter takes one range "
                                          "only.").format(first + 1)
            if message:
                self.error_rows[r] = message
            self._mark(r, message)

    def _mark(self, r: int, message: str | None) -> None:
        was, self._loading = self._loading, True
        box = self.table.cellWidget(r, 0)
        spec = SPECS_BY_KEY.get(self.rows[r].key)
        box.setStyleSheet(f"QComboBox {{{ERROR_STYLE}}}" if message else "")
        box.setToolTip(message or box.property("origin") or (tooltip(spec) if spec else ""))
        for c in range(1, len(RANGE_COLUMNS)):
            item = self.table.item(r, c)
            item.setData(Qt.ItemDataRole.BackgroundRole, QColor(ERROR_COLOR) if message else None)
            item.setToolTip(message or item.data(Qt.ItemDataRole.UserRole) or (tooltip(spec) if spec and c == 3 else ""))
        self._loading = was


class ScenarioEditor(QWidget):
    """Tabs of fields, one per parameter group, plus name fields and an editable targets table."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: ScenarioDocument | None = None
        self.fields: dict[str, ScalarField | PathField] = {}
        self.targets: TargetsTable | None = None
        self.uncertainty: UncertaintyTable | None = None
        self.name_edit = QLineEdit()
        self.name_zh_edit = QLineEdit()
        self.name_edit.textEdited.connect(lambda t: self._meta("name", t))
        self.name_zh_edit.textEdited.connect(lambda t: self._meta("name_zh", t))
        self.name_label = QLabel()
        self.name_zh_label = QLabel()
        top = QFormLayout()
        top.addRow(self.name_label, self.name_edit)
        top.addRow(self.name_zh_label, self.name_zh_edit)
        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(True)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setStyleSheet("color: #a00000; font-weight: bold;")
        self.banner.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.banner)
        self.retranslate()

    # ---------------------------------------------------------------- building
    def set_document(self, doc: ScenarioDocument | None) -> None:
        self.doc = doc
        self.rebuild()

    def rebuild(self) -> None:
        """(Re)create the form from the specs and the document's values, keeping the current tab."""
        current = self.tabs.currentIndex()
        self.tabs.clear()
        self.fields.clear()
        self.targets = None
        self.uncertainty = None
        if self.doc is None:
            return
        self.name_edit.setText(self.doc.name)
        self.name_zh_edit.setText(self.doc.name_zh)
        new_year = self._first_forecast_year()
        for group in GROUPS:
            page = QWidget()
            form = QFormLayout(page)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow pane: labels above their fields
            for spec in (s for s in PARAM_SPECS if s.group == group):
                value = self.doc.value(spec.key)
                widget: ScalarField | PathField
                widget = PathField(spec, value, new_year) if spec.kind == "path" else ScalarField(spec, value)
                widget.edited.connect(self._edited)
                self.fields[spec.key] = widget
                hint = QLabel(f"{i18n.unit(spec.unit)}  [{_num(spec.lo)} … {_num(spec.hi)}]")
                hint.setStyleSheet("color: gray;")
                row = QWidget()
                if spec.kind == "path":  # a year table: unit and range under it, the table as wide as the pane
                    hint.setWordWrap(True)
                    v = QVBoxLayout(row)
                    v.setContentsMargins(0, 0, 0, 0)
                    v.setSpacing(1)
                    v.addWidget(widget)
                    v.addWidget(hint)
                else:
                    h = QHBoxLayout(row)
                    h.setContentsMargins(0, 0, 0, 0)
                    h.addWidget(widget, 1)
                    h.addWidget(hint)
                label = QLabel(i18n.param_label(spec))
                label.setToolTip(tooltip(spec))
                form.addRow(label, row)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            self.tabs.addTab(scroll, i18n.group_label(group).replace("&", "&&"))  # a single & would be a shortcut mark
        self.tabs.addTab(self._uncertainty_page(), self.tr("Uncertainty"))
        self.tabs.addTab(self._targets_page(), self.tr("Targets"))
        if 0 <= current < self.tabs.count():
            self.tabs.setCurrentIndex(current)
        self.refresh_errors()

    def _first_forecast_year(self) -> int:
        """The year a new point of a constant path goes to: the first forecast year (``run.forecast_from``,
        else the year after the base year), else 2025."""
        if self.doc is None:
            return 2025
        start, base = self.doc.value("run.forecast_from"), self.doc.value("run.base_year")
        if isinstance(start, int) and not isinstance(start, bool) and start > 0:
            return start
        if isinstance(base, int) and not isinstance(base, bool):
            return base + 1
        return 2025

    def _targets_page(self) -> QWidget:
        self.targets = TargetsTable(self.doc)
        self.targets.edited.connect(self._targets_edited)
        return self.targets

    def _uncertainty_page(self) -> QWidget:
        self.uncertainty = UncertaintyTable(self.doc)
        self.uncertainty.edited.connect(self._targets_edited)
        return self.uncertainty

    # ---------------------------------------------------------------- editing
    def _meta(self, key: str, text: str) -> None:
        if self.doc is not None:
            self.doc.set_meta(key, text)
            self.changed.emit()

    def _edited(self, key: str, value: object) -> None:
        if self.doc is None:
            return
        self.doc.set_value(key, value)
        self.refresh_errors()
        self.changed.emit()

    def _targets_edited(self) -> None:
        """An edit in the targets or the uncertainty table."""
        self.refresh_errors()
        self.changed.emit()

    def refresh_errors(self) -> str | None:
        """Mark invalid fields; show and return the loader's message for the whole scenario (None if valid)."""
        if self.doc is None:
            self.banner.hide()
            return None
        errors = self.doc.field_errors()
        for key, widget in self.fields.items():
            widget.set_error(errors.get(key))
        problem = self.doc.validate()
        if self.targets is not None:
            self.targets.set_error(problem.field if problem else None, problem.message if problem else None)
        if self.uncertainty is not None:
            self.uncertainty.set_errors(self.doc.uncertainty_errors(), problem)
        if problem is None:
            self.banner.hide()
            return None
        if problem.field in self.fields and problem.field not in errors:
            self.fields[problem.field].set_error(problem.message)
        self.banner.setText(i18n.error_text(problem))
        self.banner.show()
        return problem.message

    def retranslate(self) -> None:
        self.name_label.setText(self.tr("Name (English)"))
        self.name_zh_label.setText(self.tr("Name (Chinese)"))
        self.rebuild()
