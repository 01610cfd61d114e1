"""The scenario form, generated from ``sim.params.PARAM_SPECS`` and grouped by ``GROUPS``.

Each field shows its unit and allowed range, with the source in its tooltip. Year paths are
edited as a small table. Every edit goes into the document; fields whose value the loader
would refuse turn red with the loader's message.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
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
from sim.params import GROUPS, PARAM_SPECS, ParamSpec

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


class ScenarioEditor(QWidget):
    """Tabs of fields, one per parameter group, plus name fields and a read-only targets table."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: ScenarioDocument | None = None
        self.fields: dict[str, ScalarField | PathField] = {}
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
        table = QTableWidget()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        headers = [self.tr("Indicator"), self.tr("Year"), self.tr("Target"), self.tr("Source")]
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        targets = []
        if self.doc is not None:
            try:
                targets = self.doc.scenario().targets
            except Exception:
                targets = []
        table.setRowCount(len(targets))
        for r, t in enumerate(targets):
            op = "≥" if t.direction == "at_least" else "≤"
            star = " *" if t.interpretation else ""
            for c, text in enumerate((i18n.indicator_label(t.indicator), str(t.year), f"{op} {t.value:g}{star}", t.source)):
                table.setItem(r, c, QTableWidgetItem(text))
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        return table

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

    def refresh_errors(self) -> str | None:
        """Mark invalid fields; show and return the loader's message for the whole scenario (None if valid)."""
        if self.doc is None:
            self.banner.hide()
            return None
        errors = self.doc.field_errors()
        for key, widget in self.fields.items():
            widget.set_error(errors.get(key))
        problem = self.doc.validate()
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
