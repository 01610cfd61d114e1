"""The scenario form, generated from ``sim.params.PARAM_SPECS`` and grouped by ``GROUPS``.

Each field shows its unit and allowed range, with the source in its tooltip. Year paths are
edited as a small table. Every edit goes into the document; fields whose value the loader
would refuse turn red with the loader's message.
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
from desktop.document import ScenarioDocument, parse_value
from sim.indicators import ALL_INDICATOR_NAMES
from sim.params import GROUPS, PARAM_SPECS, ParamSpec
from sim.scenario import DIRECTIONS

ERROR_STYLE = "background-color: #ffd6d6;"


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
    """A year path as a two-column table (year, value) with add and remove buttons."""

    edited = Signal(str, object)

    def __init__(self, spec: ParamSpec, value: Any) -> None:
        super().__init__()
        self.spec = spec
        self.table = QTableWidget(0, 2)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip(tooltip(spec))
        path = value if isinstance(value, dict) else {"0": value}
        self._loading = True
        for year, v in path.items():
            self._append(str(year), fmt(v))
        self._loading = False
        self.table.setFixedHeight(min(30 + 26 * max(len(path), 2), 190))
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
        self.table.setHorizontalHeaderLabels([i18n.tr("Editor", "Year"), i18n.unit(self.spec.unit) or i18n.tr("Editor", "Value")])
        self.add_btn.setToolTip(i18n.tr("Editor", "Add a year"))
        self.del_btn.setToolTip(i18n.tr("Editor", "Remove the selected year"))

    def _append(self, year: str, value: str) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(year))
        self.table.setItem(r, 1, QTableWidgetItem(value))

    def _add_row(self) -> None:
        last_year = self.table.item(self.table.rowCount() - 1, 0) if self.table.rowCount() else None
        last_value = self.table.item(self.table.rowCount() - 1, 1) if self.table.rowCount() else None
        try:
            year = str(int(last_year.text()) + 5) if last_year else "2025"
        except ValueError:
            year = ""
        self._loading = True
        self._append(year, last_value.text() if last_value else fmt(self.spec.lo))
        self._loading = False
        self._changed()

    def _del_row(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            r = self.table.rowCount() - 1
        if r >= 0:
            self.table.removeRow(r)
            self._changed()

    def value(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for r in range(self.table.rowCount()):
            y = self.table.item(r, 0)
            v = self.table.item(r, 1)
            out[(y.text().strip() if y else "")] = parse_value(v.text() if v else "")
        return out

    def set_cell(self, year: int, value: str) -> None:
        """Set the value at ``year`` (adds the year if missing); used by tests and the trainer."""
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.text().strip() == str(year):
                self.table.item(r, 1).setText(value)
                return
        self._append(str(year), value)
        self._changed()

    def _changed(self, *_: object) -> None:
        if not self._loading:
            self.edited.emit(self.spec.key, self.value())

    def set_error(self, message: str | None) -> None:
        self.table.setStyleSheet(f"QTableWidget {{{ERROR_STYLE}}}" if message else "")
        self.table.setToolTip((f"<span style='color:#b00'>{message}</span><br>" if message else "") + tooltip(self.spec))


TARGET_COLUMNS = ("indicator", "year", "value", "direction", "source", "interpretation")


class TargetsTable(QWidget):
    """The scenario's targets as an editable table (indicator, year, value, direction, source,
    interpretation) with add and remove buttons. Every edit goes into the document; the loader's
    message for a bad target (field ``targets[i].key``) marks that cell."""

    edited = Signal()

    def __init__(self, doc: ScenarioDocument | None) -> None:
        super().__init__()
        self.doc = doc
        self.table = QTableWidget(0, len(TARGET_COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemChanged.connect(self._item_changed)
        self.add_btn = QPushButton()
        self.del_btn = QPushButton()
        self.add_btn.clicked.connect(self.add_row)
        self.del_btn.clicked.connect(lambda: self.remove_row(self.table.currentRow()))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: gray;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_btn)
        buttons.addWidget(self.del_btn)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        lay.addWidget(self.note)
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


class ScenarioEditor(QWidget):
    """Tabs of fields, one per parameter group, plus name fields and an editable targets table."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: ScenarioDocument | None = None
        self.fields: dict[str, ScalarField | PathField] = {}
        self.targets: TargetsTable | None = None
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
        if self.doc is None:
            return
        self.name_edit.setText(self.doc.name)
        self.name_zh_edit.setText(self.doc.name_zh)
        for group in GROUPS:
            page = QWidget()
            form = QFormLayout(page)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for spec in (s for s in PARAM_SPECS if s.group == group):
                value = self.doc.value(spec.key)
                widget: ScalarField | PathField
                widget = PathField(spec, value) if spec.kind == "path" else ScalarField(spec, value)
                widget.edited.connect(self._edited)
                self.fields[spec.key] = widget
                hint = QLabel(f"{i18n.unit(spec.unit)}  [{_num(spec.lo)} … {_num(spec.hi)}]")
                hint.setStyleSheet("color: gray;")
                row = QWidget()
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
        self.tabs.addTab(self._targets_page(), self.tr("Targets"))
        if 0 <= current < self.tabs.count():
            self.tabs.setCurrentIndex(current)
        self.refresh_errors()

    def _targets_page(self) -> QWidget:
        self.targets = TargetsTable(self.doc)
        self.targets.edited.connect(self._targets_edited)
        return self.targets

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
        if problem is None:
            self.banner.hide()
            return None
        if problem.field in self.fields and problem.field not in errors:
            self.fields[problem.field].set_error(problem.message)
        self.banner.setText(problem.message)
        self.banner.show()
        return problem.message

    def retranslate(self) -> None:
        self.name_label.setText(self.tr("Name (English)"))
        self.name_zh_label.setText(self.tr("Name (Chinese)"))
        self.rebuild()
