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
    "persons per year": "人/年", "yuan per yuan": "元/元", "firms per year": "家/年", "times": "倍",
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


# Loader messages (sim.scenario.loader, English) in Chinese: the reason's common forms, as (pattern, template)
# with the pattern's groups in order; a reason that matches none keeps its English words inside the Chinese frame.
_ERROR_ZH: tuple[tuple[str, str], ...] = (
    (r"value (.+?)( at \d+)? is out of range \(allowed: (.+)\)", "取值 {0}{1} 超出允许范围(允许:{2})"),
    (r"must be a number( at \d+)?, got (.+) \(allowed: (.+)\)", "必须是数字{0},实际为 {1}(允许:{2})"),
    (r"must be a whole number, got (.+) \(allowed: (.+)\)", "必须是整数,实际为 {0}(允许:{1})"),
    (r"must be a number or a table of year = value \(allowed: (.+)\)", "必须是数字或“年份 = 数值”表(允许:{0})"),
    (r"(?:--set: )?unknown parameter '(.+?)'(?:; did you mean '(.+)'\?)?", "未知参数“{0}”{1}"),
    (r"unknown key '(.+?)'(?:; did you mean '(.+)'\?)?", "未知键“{0}”{1}"),
    (r"unknown indicator (.+?)(?:; did you mean '(.+)'\?)?", "未知指标 {0}{1}"),
    (r"target year (.+) is outside the horizon \(allowed: (.+) to (.+)\)", "目标年份 {0} 超出模拟期(允许:{1} 至 {2})"),
    (r"year (.+) is outside the horizon \(allowed: (.+) to (.+)\)", "年份 {0} 超出模拟期(允许:{1} 至 {2})"),
    (r"end_year (.+) must be after base_year (.+)", "结束年份 {0} 必须晚于基年 {1}"),
    (r"TOML syntax error: (.+)", "TOML 语法错误:{0}"),
    (r"file not found", "找不到文件"),
    (r"file is empty", "文件为空"),
    (r"is a directory, not a scenario file", "这是一个文件夹,不是情景文件"),
    (r"a scenario file must have the \.toml extension", "情景文件的扩展名必须是 .toml"),
    (r"file is UTF-16 text; save it as UTF-8", "文件是 UTF-16 文本;请另存为 UTF-8"),
    (r"file is neither UTF-8 nor GBK/GB18030 text; save it as UTF-8",
     "文件既不是 UTF-8 也不是 GBK/GB18030 文本;请另存为 UTF-8"),
    (r"file contains NUL characters; .*", "文件含有空字符(NUL),不是文本文件;请另存为 UTF-8"),
    (r"the file ends in the middle of a line, so it may be cut off \(truncated\); .*",
     "文件在一行的中间结束,可能不完整(被截断);请对照原文件检查最后一行,并在文件末尾加一个换行"),
    (r"missing 'name' \(the scenario's English name\)", "缺少“name”(情景的英文名称)"),
    (r"target is missing '(.+)'", "目标缺少“{0}”"),
    (r"cannot read the file: (.+)", "无法读取文件:{0}"),
    (r"'extends' names (.+), which does not exist next to this file", "“extends”指定的 {0} 不在本文件所在的文件夹中"),
    (r"'extends' forms a cycle: (.+)", "“extends”形成了循环:{0}"),
)


def _reason_zh(reason: str) -> str:
    import re

    for pattern, template in _ERROR_ZH:
        m = re.fullmatch(pattern, reason)
        if m is None:
            continue
        groups = list(m.groups())
        if "did you mean" in pattern:  # the suggestion, when there is one
            groups[-1] = f";是否想输入“{groups[-1]}”?" if groups[-1] else ""
        if pattern.startswith(("value", "must be a number(")) and groups[1 if pattern.startswith("value") else 0]:
            k = 1 if pattern.startswith("value") else 0
            groups[k] = f"({groups[k].strip().removeprefix('at ')}年)"
        groups = [g or "" for g in groups]
        return template.format(*groups).replace("allowed:", "允许:")
    return reason


def error_text(e: BaseException) -> str:
    """A loader error for the interface: as the loader wrote it in English; in Chinese with the same structure
    (file, line, field, reason with the allowed range)."""
    from sim.errors import ScenarioError

    if not is_zh() or not isinstance(e, ScenarioError):
        return str(e)
    where = str(e.file) if e.file is not None else "<情景>"
    parts = [where]
    if e.line is not None:
        parts.append(f"第 {e.line} 行")
    if e.field:
        parts.append(f"字段“{e.field}”")
    return ",".join(parts) + ":" + _reason_zh(e.reason)
