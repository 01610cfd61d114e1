"""Developer tool: refresh ``assets/translations/innovsim_zh_CN.ts`` and compile the ``.qm``.

    .venv/bin/python -m desktop.devtools.i18n_build

Runs ``pyside6-lupdate`` over ``desktop/*.py``, adds strings passed through ``i18n.tr(context, ...)``
(which lupdate cannot see), fills in the Chinese below and runs ``pyside6-lrelease``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "assets" / "translations" / "innovsim_zh_CN.ts"
QM = TS.with_suffix(".qm")

# strings of the backtest window (desktop/views/backtest_view.py), with their Chinese
BACKTEST_ZH: dict[str, str] = {
    'The backtest calibrates with ABC-SMC, which needs the pyabc package, and it is not installed. '
    'Install it (pip install pyabc) and start innovsim again.':
        '回测使用ABC-SMC校准,需要pyabc软件包,但当前未安装。请安装(pip install pyabc)后重新启动innovsim。',
    'No held-out observation of an outcome to score':
        '没有可用于评分的留出结果观测值',
    'median':
        '中位数',
    '5–95% band':
        '5–95%区间',
    'naive trend':
        '朴素趋势外推',
    'observed (used)':
        '观测值(用于校准)',
    'held out, inside the band':
        '留出观测,落在区间内',
    'held out, outside the band':
        '留出观测,落在区间外',
    'Indicator':
        '指标',
    'Held out':
        '留出观测数',
    'Inside 5–95% (%)':
        '落在5–95%区间内 (%)',
    'Median error (%)':
        '中位数误差 (%)',
    'Naive error (%)':
        '朴素外推误差 (%)',
    'Band half-width, 3 years on (%)':
        '3年后区间半宽 (%)',
    'All outcomes':
        '所有结果指标',
    'Cannot backtest':
        '无法回测',
    'Open a valid scenario first.':
        '请先打开一个有效的情景。',
    'pyabc is not installed':
        '未安装pyabc',
    'Calibrating up to {0}…':
        '正在用截至{0}年的数据校准…',
    'Backtest cancelled.':
        '回测已取消。',
    'The backtest stopped.':
        '回测已中止。',
    'Cutoff {0}: {1} of held-out outcomes inside the 5–95% band':
        '截止年{0}:留出结果观测中有{1}落在5–95%区间内',
    'Choose a cutoff year and press Run backtest':
        '选择截止年份,然后点击“运行回测”',
    'Backtest':
        '回测',
    'Cutoff year (last year used for calibration):':
        '截止年份(用于校准的最后一年):',
    'Run backtest':
        '运行回测',
    'Cancel':
        '取消',
    'Quick backtest: ABC-SMC with {0} particles and {1} generations, then {2} forecast runs. '
    'Indicative only; for a full backtest use the command line (innovsim backtest).':
        '快速回测:ABC-SMC校准({0}个粒子,{1}代),随后{2}次预测运行。结果仅供参考;完整回测请使用命令行(innovsim backtest)。',
    '&Tools':
        '工具(&T)',
    'Backtest…':
        '回测…',
}
BACKTEST_STRINGS = [k for k in BACKTEST_ZH if k not in ("&Tools", "Backtest…")]  # those two: MainWindow

# strings of the live trainer (desktop/views/trainer.py, desktop/views/live_chart.py), with their Chinese
TRAINER_ZH: dict[str, str] = {
    "Open a scenario and show this tab: the scenario as written is run first, then each lever you move.":
        "打开一个情景并切换到本页:先运行情景原设定,再运行您拖动的每个杠杆。",
    "Observed": "观测值",
    "Scenario as written": "情景原设定",
    "Previous position": "上一位置",
    "Levers as set (median, 5-95% band)": "当前杠杆设定(中位数,5–95%区间)",
    "Plan target": "规划目标",
    "(as written)": "(原设定)",
    "(written: {0:g})": "(原设定:{0:g})",
    "Invalid lever value": "杠杆取值无效",
    "Another run is going on (Run or Compare): the trainer will run when it ends, or cancel it from the toolbar.":
        "另一个运行正在进行(运行或对比):结束后培训模式将自动运行;也可在工具栏中取消它。",
    "Running the scenario as written ({0} replicates)…": "正在运行情景原设定({0}次重复)…",
    "Quick answer with {0} replicates…": "快速估算({0}次重复)…",
    "The scenario as written, {0} replicates. Move a lever.": "情景原设定,{0}次重复。请拖动杠杆。",
    "Quick answer ({0} replicate); the slider moved on…": "快速估算({0}次重复);滑块已继续移动…",
    "Quick answer ({0} replicates); refining with {1}…": "快速估算({0}次重复);正在以{1}次重复细化…",
    "Answer with {0} replicates.": "结果基于{0}次重复。",
    "Trainer run cancelled; the charts show the last answer.": "培训模式运行已取消;图表显示上一次的结果。",
    "{0} {1}: {2:,.4g} {3} (target {4} {5:g}), reached in {6:.0%} of runs":
        "{0} {1}年:{2:,.4g} {3}(目标 {4} {5:g}),{6:.0%}的运行达到",
    "; as written {0:,.4g}, {1:.0%}": ";原设定 {0:,.4g},{1:.0%}",
    "Cumulative fiscal cost {0}–{1}: {2:,.0f} 100m yuan": "{0}–{1}年累计财政成本:{2:,.0f} 亿元",
    " (as written {0:,.0f}; {1:+,.0f})": "(原设定 {0:,.0f};{1:+,.0f})",
    "Replicates of the refined answer (a quick answer with {0} comes first)":
        "细化结果的重复次数(先以{0}次重复给出快速估算)",
    "Reset levers": "重置杠杆",
    "Refined with (runs)": "细化结果的运行次数",
    "Levers back at the scenario's own values.": "杠杆已恢复为情景原设定的取值。",
    "Large type": "大字号",
    "Move a lever: the charts follow. The file is not changed.": "拖动杠杆,图表随之更新。情景文件不会被修改。",
    "Run cancelled; the results shown are from the previous run.": "运行已取消;显示的是上一次运行的结果。",
    "{0} was read as {1} (GBK) text; saving writes it as UTF-8.": "{0} 按 {1}(GBK)编码读取;保存时将写为 UTF-8。",
    "Showing the first {0} of the {1} ticked indicators; the yearly table lists all of them.":
        "图中显示所勾选的 {1} 个指标中的前 {0} 个;逐年数据表列出全部指标。",
}

# strings of Tools ▸ What does it take? (desktop/views/goalseek_view.py), with their Chinese
GOALSEEK_ZH: dict[str, str] = {
    "Evaluated {0} lever values…": "已评估 {0} 个杠杆取值…",
    "Not reachable: even at {0} = {1:g} {2} (the top of its range), {3} holds in only {4:.0%} of {5} runs "
    "(asked: {6:.0%}).": "无法达到:即使{0}取其上限 {1:g} {2},{3} 也仅在{5}次运行中的{4:.0%}达到(要求:{6:.0%})。",
    "{0} {1} = {2:.4g} {3} is the smallest value for which {4} holds with probability at least {5:.0%} "
    "({6:.0%} of {7} runs).": "{0}({1}年)至少需要 {2:.4g} {3},才能使 {4} 的达成概率不低于{5:.0%}({7}次运行中{6:.0%}达到)。",
    "Median cumulative fiscal cost {0}–{1}: {2:,.1f} 100m yuan, against {3:,.1f} at the scenario's own value "
    "{4:.4g} ({5:+,.1f}).": "{0}–{1}年累计财政成本中位数:{2:,.1f} 亿元;情景原设定取值 {4:.4g} 时为 {3:,.1f} 亿元(差额 {5:+,.1f})。",
    "Caution: the probability did not always rise with the lever; more replicates help.":
        "注意:达成概率并非随杠杆单调上升;增加重复次数有助于得到更可靠的结果。",
    "Choose a target and a lever, then Find.": "选择目标和杠杆,然后点击“求解”。",
    "evaluated values": "已评估取值", "required probability": "要求的概率", "answer": "求解结果",
    "scenario as written": "情景原设定", "probability of reaching the target (%)": "达成目标的概率(%)",
    "as written": "原设定", "at the answer": "求解结果",
    "Cannot seek": "无法求解", "Open a valid scenario first.": "请先打开一个有效的情景。",
    "Searching…": "正在求解…", "Cancelled; no answer.": "已取消;没有结果。",
    "The search stopped: {0}": "求解中止:{0}",
    "Done: {0} lever values evaluated, {1} runs each.": "完成:共评估 {0} 个杠杆取值,每个运行 {1} 次。",
    "What does it take?": "需要多大力度?",
    "Target (indicator, threshold, year)": "目标(指标、阈值、年份)",
    "Lever (set in the target's year)": "杠杆(在目标年份设定)",
    "Required probability": "要求的达成概率",
    "Replicates per value": "每个取值的重复次数",
    "Find": "求解",
    "What does it take?…": "需要多大力度?…",
}

# strings of the exports (desktop/views/export.py, File ▸ Export in desktop/views/main_window.py), with their Chinese
EXPORT_ZH: dict[str, str] = {
    "mean": "均值", "5th percentile": "第5百分位", "95th percentile": "第95百分位",
    "Replicates (runs)": "重复次数(运行次数)", "Run number": "运行编号", "Random seed of the run": "该次运行的随机数种子",
    "Indicator": "指标", "Direction (at least / at most)": "方向(不低于/不高于)", "Target value": "目标值",
    "Simulated median": "模拟中位数", "Simulated 5th percentile": "模拟第5百分位", "Simulated 95th percentile": "模拟第95百分位",
    "Probability of reaching the target (share of runs)": "达成目标的概率(达到目标的运行占比)",
    "Interpretation of the plan (not a figure from it)": "对规划的解读(非规划原文数字)", "Source": "来源",
    "Cumulative fiscal cost from the first forecast year [100m yuan]": "自预测首年起累计财政成本 [亿元]",
    "Difference in R&D intensity [percentage points]": "R&D经费投入强度差额 [百分点]",
    "Difference in HNTE count [firms]": "高新技术企业数差额 [家]",
    "Difference in cumulative fiscal cost [100m yuan]": "累计财政成本差额 [亿元]",
    "Cost per extra HNTE [100m yuan]": "每增加一家高企的成本 [亿元]",
    "Cost per +0.1 point of R&D intensity [100m yuan]": "强度每提高0.1个百分点的成本 [亿元]",
    "Probability of {0} {1} {2} (share of runs)": "{0} {1} {2} 的概率(运行占比)",
    "at least": "不低于", "at most": "不高于",
    "Summary": "逐年汇总", "Targets": "目标", "Runs": "各次运行", "Comparison": "情景对比",
    "5–95% of runs": "5–95%的运行区间", "plan target (P: share of runs reaching it)": "规划目标(P:达到目标的运行占比)",
    "Nothing to export": "没有可导出的内容",
    "The {0} tab has no result yet: run it first, then export.": "“{0}”页尚无结果:请先运行,再导出。",
    "Tick at least one indicator to chart.": "请至少勾选一个指标以绘制图表。",
    "{0}: {1} ({2} runs each)": "{0}:{1}(各运行{2}次)",
}

# strings given to i18n.tr(context, text), by context
EXTRA: dict[str, list[str]] = {
    "Charts": ["Run a scenario to see charts", "Observed ({0})", "Observed points: {0}",
               "Showing the first {0} of the {1} ticked indicators; the yearly table lists all of them."],
    "Editor": ["Allowed", "Source", "Year", "Value", "Add a year", "Remove the selected year", "all years",
               "One value for every year; add a year to make it change over time"],
    "Compare": ["Scenario", "Year", "R&D intensity (%)", "HNTE count", "Cumulative fiscal cost (100m yuan)", "Δ cost",
                "Cost per extra HNTE (100m yuan)",
                "Cost per +0.1 pt R&D intensity (100m yuan)", "innovsim scenario comparison", "replicates",
                "Means over replicates; costs in 100m yuan, cumulative from the first forecast year; "
                "differences against the first scenario."],
    "MainWindow": ["Unexpected error", "Something went wrong that innovsim did not expect. Your scenario is still open; "
                   "save it under a new name and report the details below.", "Choose another folder."],
    "ChartPanel": ["median"],
    "About": ["About innovsim", "&Help", "About innovsim…"],
    "Backtest": BACKTEST_STRINGS,
    "Export": ["Scenario", "Year"] + [k for k in EXPORT_ZH if k not in (
        "Nothing to export", "The {0} tab has no result yet: run it first, then export.",
        "Tick at least one indicator to chart.", "{0}: {1} ({2} runs each)", "Results", "Compare", "Trainer")],
    "GoalSeek": [k for k in GOALSEEK_ZH if k != "What does it take?…"],
    "Trainer": ["Open a scenario and show this tab: the scenario as written is run first, then each lever you move.",
                "Observed", "Scenario as written", "Previous position", "Levers as set (median, 5-95% band)",
                "Plan target"],
}

ZH: dict[str, str] = {
    **BACKTEST_ZH,
    **TRAINER_ZH,
    **GOALSEEK_ZH,
    **EXPORT_ZH,
    "all years": "所有年份",
    "One value for every year; add a year to make it change over time": "各年份取同一数值;添加年份可使其随时间变化",
    "Scenario": "情景", "Year": "年份", "Charts": "图表", "Yearly figures": "逐年数据", "median": "中位数",
    "Open scenario (as edited)": "当前打开的情景(含编辑)",
    "The open scenario is missing or invalid; fix it in the editor first.": "没有打开情景或情景无效;请先在编辑器中修正。",
    "Cannot compare": "无法对比", "Tick at least two scenarios to compare.": "请至少勾选两个情景进行对比。",
    "A run is going on": "正在运行", "Wait for it to finish or cancel it first.": "请等待运行结束,或先取消。",
    "Nothing to export": "没有可导出的内容", "Run a comparison first.": "请先运行对比。",
    "Comparison report": "对比报告", "Cannot export": "无法导出",
    "Tick two or more scenarios:": "勾选两个或更多情景:",
    "Differences against:": "差额参照情景:",
    "The reference scenario: the table gives the others' differences from it": "参照情景:表中列出其他情景与它的差额",
    "Replicates": "重复次数", "Run comparison": "运行对比", "PDF report…": "PDF报告…",
    "Bundled (read-only)": "内置情景(只读)", "My scenarios": "我的情景", "Recent files": "最近文件",
    "Scenario library": "情景库", "Open": "打开", "File…": "文件…", "New": "新建",
    "Open the selected scenario": "打开所选情景", "Open a scenario file (.toml)": "打开情景文件(.toml)",
    "New scenario from the Gansu baseline": "以甘肃基准情景为模板新建",
    "Correct the field named in the message (its allowed range is given), then try again.":
        "请修改提示中指出的字段(已给出允许范围),然后重试。",
    "Invalid scenario": "情景无效", "Cannot open file": "无法打开文件", "Open scenario": "打开情景",
    "Scenario files (*.toml)": "情景文件 (*.toml)", "Save scenario as": "情景另存为", "Cannot save": "无法保存",
    "Saved {0}": "已保存 {0}", "Unsaved changes": "未保存的修改",
    "The scenario has unsaved changes. Save them?": "情景有未保存的修改。是否保存?",
    "Recover unsaved work": "恢复未保存的工作",
    "innovsim closed with unsaved edits to:\n\n{0}\n{1}\n\nAutosaved at {2}. Open the autosaved copy?":
        "innovsim 上次关闭时以下情景有未保存的修改:\n\n{0}\n{1}\n\n自动保存于 {2}。是否打开自动保存的副本?",
    "Open copy": "打开副本",
    "Discard copy": "丢弃副本",
    "Keep for later": "留待下次",
    "(not saved to a file yet)": "(尚未保存为文件)",
    "Nothing to run": "没有可运行的情景", "Open a scenario from the library first.": "请先从情景库打开一个情景。",
    "Cancelling…": "正在取消…", "starting…": "正在启动…", "{0:.0f} s elapsed, {1} s left": "已用 {0:.0f} 秒,剩余 {1} 秒",
    "Run finished: {0} replicates": "运行完成:{0} 次重复", "Run cancelled; nothing was kept.": "运行已取消;未保留任何结果。",
    "cancelled": "已取消", "The run stopped": "运行已停止", "Check the scenario and run again.": "请检查情景后重新运行。",
    "Unexpected error": "意外错误", "The model failed. Please report this with the details.": "模型运行失败。请连同详细信息一起报告。",
    "read-only": "只读", "Export chart": "导出图表", "Run the scenario first.": "请先运行情景。",
    "Export results": "导出结果", "Open…": "打开…", "Save": "保存", "Save As…": "另存为…", "Quit": "退出",
    "Chart (PNG, SVG, PDF)…": "图表(PNG、SVG、PDF)…", "Results summary (CSV)…": "结果汇总(CSV)…",
    "Results (Excel)…": "结果(Excel)…", "Comparison report (PDF)…": "对比报告(PDF)…", "&File": "文件(&F)",
    "Export": "导出", "&Language": "语言(&L)", "Seed": "随机种子", "Run": "运行", "Cancel": "取消",
    "Results": "结果", "Compare": "对比", "Trainer": "培训模式", "Targets": "目标", "Indicator": "指标",
    "Target": "目标值", "Source": "来源", "Name (English)": "名称(英文)", "Name (Chinese)": "名称(中文)",
    "Open a valid scenario first.": "请先打开一个有效的情景。", "Invalid lever value": "杠杆取值无效",
    "Move a lever: the open scenario re-runs with these values after a short pause. The file is not changed.":
        "拖动滑块:稍停片刻后,当前情景将以这些取值重新运行。情景文件不会被修改。",
    "Run a scenario to see charts": "运行情景后在此显示图表", "Allowed": "允许范围", "Value": "数值",
    "Add a year": "添加年份", "Remove the selected year": "删除所选年份", "R&D intensity (%)": "R&D经费投入强度(%)",
    "HNTE count": "高新技术企业数", "Cumulative fiscal cost (100m yuan)": "累计财政成本(亿元)", "Δ cost": "累计成本差额",
    "Cost per extra HNTE (100m yuan)": "每增加一家高企的成本(亿元)",
    "Cost per +0.1 pt R&D intensity (100m yuan)": "强度每提高0.1个百分点的成本(亿元)",
    "innovsim scenario comparison": "innovsim 情景对比", "replicates": "重复次数",
    "Means over replicates; costs in 100m yuan, cumulative from the first forecast year; differences against the first scenario.":
        "数值为各次重复的平均值;成本单位为亿元,自预测首年起累计;差额以第一个情景为参照。",
    "Something went wrong that innovsim did not expect. Your scenario is still open; save it under a new name and report "
    "the details below.": "innovsim 遇到了意外问题。情景仍处于打开状态;请另存为新文件,并报告下方的详细信息。",
    "Choose another folder.": "请选择其他文件夹。",
    # observed data overlay
    "Observed ({0})": "观测值({0})", "Observed points: {0}": "观测值来源:{0}", "&View": "视图(&V)",
    "Show observed data": "显示观测值",
    "Observed history ({0}) as black points beside the simulated bands": "在模拟区间旁以黑点显示历史观测值({0})",
    "About innovsim": "关于 innovsim", "&Help": "帮助(&H)", "About innovsim…": "关于 innovsim…",
    # reliability: crashes, recovery, files changed on disk
    "The model failed: {0}\n\nNothing was kept. You can run again; if it fails again, please report this with the details.":
        "模型运行失败:{0}\n\n未保留任何结果。可以重新运行;如再次失败,请连同详细信息一起报告。",
    "Recovered unsaved edits from {0}": "已从 {0} 恢复未保存的修改",
    "{0} was removed or renamed on disk; Save writes it again.": "{0} 已在磁盘上被删除或改名;保存时将重新写入。",
    "File changed on disk": "文件已在磁盘上被修改",
    "{0} was changed by another program. Reload it and lose your unsaved edits, or keep your edits (saving will then "
    "overwrite the file)?": "{0} 已被其他程序修改。重新载入(放弃未保存的修改),还是保留您的修改(保存时将覆盖该文件)?",
    "Reload": "重新载入", "Keep my edits": "保留我的修改",
    "Kept your edits; {0} changed on disk.": "已保留您的修改;{0} 在磁盘上已被修改。",
    "Reloaded {0}: it was changed on disk.": "已重新载入 {0}:该文件在磁盘上已被修改。",
    # targets table
    "Direction": "方向", "Interpretation": "解读", "Add target": "添加目标", "Remove target": "删除目标",
    "Add a target (a copy of the last one, at the end year)": "添加目标(复制最后一行,年份为终止年)",
    "Remove the selected target": "删除所选目标",
    "Interpretation: ticked when the target is our reading of words in a plan, not a figure from it.":
        "解读:勾选表示该目标是对规划文字表述的解读,而非规划中给出的具体数字。",
    "at least (≥)": "不低于(≥)", "at most (≤)": "不高于(≤)",
    # uncertainty table
    "Uncertainty": "不确定性", "Parameter": "参数", "Low": "下限", "High": "上限", "Unit and allowed range": "单位与允许范围",
    "Add range": "添加范围", "Remove range": "删除范围",
    "Add a range for a parameter not listed yet, fixed at its current value until you widen it":
        "为尚未列出的参数添加范围(初始上下限均为其当前取值,请再放宽)",
    "Remove the selected range": "删除所选范围",
    "Each replicate draws these parameters uniformly between low and high, in place of the values set in the form.":
        "每次重复运行时,这些参数在下限与上限之间均匀抽样,取代表单中设定的取值。",
    "Ranges of {0} are shown in grey: changing one writes an override into this file, and removing an override brings "
    "back the range of {0}. A range of {0} cannot be removed here; set low = high to fix the value.":
        "灰色为继承自 {0} 的范围:修改后将作为覆盖值写入本文件;删除覆盖值则恢复 {0} 的范围。"
        "此处不能删除 {0} 的范围;如需固定取值,请将下限设为等于上限。",
    "From {0}; changing it writes an override into this file.": "继承自 {0};修改后将作为覆盖值写入本文件。",
    "This parameter already has a range in row {0}; a parameter takes one range only.":
        "该参数已在第 {0} 行设定了范围;每个参数只能有一个范围。",
}


def tool(name: str) -> str:
    exe = Path(sys.executable).parent / name
    return str(exe) if exe.exists() else (shutil.which(name) or name)


def build() -> None:
    sources = sorted(str(p) for p in (ROOT / "desktop").rglob("*.py") if p.name != "i18n_build.py")
    subprocess.run([tool("pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(TS)], check=True)
    tree = ET.parse(TS)
    root = tree.getroot()
    for ctx in list(root.findall("context")):
        if ctx.findtext("name") == "i18n":  # i18n.tr's own wrapper, not real strings
            root.remove(ctx)
    contexts = {c.findtext("name"): c for c in root.findall("context")}
    for name, texts in EXTRA.items():
        ctx = contexts.get(name)
        if ctx is None:
            ctx = ET.SubElement(root, "context")
            ET.SubElement(ctx, "name").text = name
            contexts[name] = ctx
        have = {m.findtext("source") for m in ctx.findall("message")}
        for text in texts:
            if text not in have:
                m = ET.SubElement(ctx, "message")
                ET.SubElement(m, "source").text = text
                ET.SubElement(m, "translation", type="unfinished")
    missing = []
    for m in root.iter("message"):
        src = m.findtext("source") or ""
        tr = m.find("translation")
        if tr is None:
            tr = ET.SubElement(m, "translation")
        if src in ZH:
            tr.text = ZH[src]
            tr.attrib.pop("type", None)
        else:
            missing.append(src)
    ET.indent(tree)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True)
    if missing:
        print("untranslated:", *missing, sep="\n  ")


if __name__ == "__main__":
    build()
