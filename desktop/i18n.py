"""Language: Qt translators for UI strings, sim labels for parameters and indicators."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from sim.indicators import BY_NAME
from sim.resources import asset_path
from sim.scenario.params import GROUPS, ParamSpec

LANGUAGES = ("en", "zh_CN")
_current = "en"
_translator: QTranslator | None = None

UNIT_ZH = {
    "100m yuan": "亿元", "million yuan": "百万元", "% of GDP": "% (占GDP)", "% per year": "%/年", "%": "%",
    "firms": "家", "year": "年", "years": "年", "runs": "次", "institutions": "所", "10k persons": "万人",
    "per 10k people": "件/万人", "person-years per 10k": "人年/万人", "% of budget": "% (占预算)",
    "% of S&T budget": "% (占科技预算)", "yuan per yuan R&D": "元/元研发", "yuan R&D per yuan": "元研发/元",
    "% of R&D": "% (占研发)", "% of firms": "% (占企业)", "% of turnover": "% (占成交额)",
    "patents per 100m yuan": "件/亿元", "persons per 100m yuan": "人/亿元", "firms per 100m yuan": "家/亿元",
    "share per year": "比例/年", "points of R&D/revenue": "研发强度百分点", "% of revenue": "% (占营收)",
    "% of firms per year": "% (占企业)/年", "% of own budget": "% (占本级预算)", "share": "比例",
    "100m yuan per 100m yuan": "亿元/亿元", "% of service price": "% (占服务价格)", "points per year": "百分点/年",
    "persons per year": "人/年", "yuan per yuan": "元/元", "firms per year": "家/年",
}


def default_language() -> str:
    """zh_CN when the system locale is Chinese, else English."""
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def current() -> str:
    return _current


def is_zh() -> bool:
    return _current == "zh_CN"


def qm_path(lang: str) -> str:
    return str(asset_path("translations", f"innovsim_{lang}.qm"))


def set_language(lang: str) -> str:
    """Install the translator for ``lang`` (``en`` or ``zh_CN``) and return the language in effect."""
    global _current, _translator
    if lang not in LANGUAGES:
        lang = "en"
    app = QCoreApplication.instance()
    if app is not None and _translator is not None:
        app.removeTranslator(_translator)
        _translator = None
    if lang != "en" and app is not None:
        tr = QTranslator()
        if tr.load(qm_path(lang)):
            app.installTranslator(tr)
            _translator = tr
    _current = lang
    return lang


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def bilingual(en: str, zh: str) -> str:
    """``zh`` in the Chinese interface, else ``en``: for the views that carry both texts themselves (as the
    parameter and indicator labels do), so they need no rebuild of the compiled translation file."""
    return zh if is_zh() else en


def unit(u: str) -> str:
    return UNIT_ZH.get(u, u) if is_zh() else u


def param_label(spec: ParamSpec) -> str:
    return spec.label_zh if is_zh() else spec.label


def group_label(group: str) -> str:
    en, zh = GROUPS.get(group, (group, group))
    return zh if is_zh() else en


def indicator_label(name: str) -> str:
    ind = BY_NAME.get(name)
    if ind is None:
        return name
    return ind.label_zh if is_zh() else ind.label


def indicator_unit(name: str) -> str:
    ind = BY_NAME.get(name)
    return unit(ind.unit) if ind else ""


def scenario_name(name: str, name_zh: str) -> str:
    return (name_zh or name) if is_zh() else name
