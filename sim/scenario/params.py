"""Declarative parameter specifications: one table drives file validation,
the JSON Schema, the desktop form and the samplers.

Each spec names a dotted key (``section.name``), its kind, unit, default,
allowed range and the source of its default. Units follow the indicator
contract: money in 100 million yuan (亿元) unless the unit says otherwise,
ratios in percent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sim.limits import MAX_REPLICATES, MAX_SEED

Kind = Literal["float", "int", "path"]

# Groups in the order the desktop form shows them.
GROUPS: dict[str, tuple[str, str]] = {
    "run": ("Run", "运行"),
    "economy": ("Economy", "经济"),
    "observed": ("Base-year observations", "基年观测值"),
    "budget": ("Fiscal S&T budget and channels", "财政科技预算及其渠道"),
    "subsidy": ("Subsidies and awards", "补助与奖励"),
    "tax": ("Tax", "税收"),
    "university": ("Universities and institutes", "高校与科研院所"),
    "firms": ("Firm behaviour", "企业行为"),
    "talent": ("Talent programmes", "人才项目"),
    "platform": ("Platforms and carriers", "平台与载体"),
    "voucher": ("Innovation vouchers", "科技创新券"),
    "assessment": ("Yearly assessment of cities and counties", "市县年度考核"),
    "finance": ("Guidance funds and technology loans", "引导基金与科技贷款"),
    "outside": ("Outside R&D transfer", "域外研发成果转化"),
    "channels": ("Channel switches (attribution)", "政策渠道开关(归因分析)"),
}


@dataclass(frozen=True)
class ParamSpec:
    """One scenario parameter.

    Attributes:
        key: dotted path in the scenario file, e.g. ``budget.fiscal_st_ratio``.
        kind: ``float``, ``int`` or ``path`` (values at given years, linear between).
        unit: unit of the value as written in the file.
        default: default value (for paths: ``{year: value}``).
        lo, hi: inclusive allowed range of the value (of every point of a path).
        label, label_zh: short English and Chinese names.
        source: where the default comes from.
        help: one sentence on what the parameter does.
    """

    key: str
    kind: Kind
    unit: str
    default: float | int | dict[int, float]
    lo: float
    hi: float
    label: str
    label_zh: str
    source: str
    help: str = ""

    @property
    def group(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.key.split(".", 1)[1]

    def range_text(self) -> str:
        return f"{_fmt(self.lo)} to {_fmt(self.hi)} {self.unit}".strip()


def _fmt(x: float) -> str:
    return f"{x:g}"


GANSU_STATS = "Gansu 14th Five-Year S&T plan (seed 004, 一(二))"
LIT = "../shared/data/literature_parameters.md"
WEI_ANG_JIA = "Wei, Ang, Jia 2023 (China Quarterly, 'The Promise and Pitfalls of Government Guidance Funds in China')"

PARAM_SPECS: tuple[ParamSpec, ...] = (
    # --- run -------------------------------------------------------------
    ParamSpec("run.base_year", "int", "year", 2020, 2010, 2030, "Base year", "基年",
              "first year with observed data", "Year of the initial state; indicators start here."),
    ParamSpec("run.end_year", "int", "year", 2035, 2035, 2060, "End year", "结束年份",
              "plans' long-range horizon 2035", "Last simulated year (at least 2035)."),
    ParamSpec("run.forecast_from", "int", "year", 0, 0, 2100, "Forecast from", "预测起始年份",
              "0: the year after the base year", "First year not observed: earlier years replay observed policy "
              "inputs; cumulative fiscal costs are counted from this year."),
    ParamSpec("run.trend_damping_from", "int", "year", 0, 0, 2100, "Trend damping from", "趋势衰减起始年份",
              "0: run.forecast_from; a backtest sets its cutoff + 1",
              "First year in which the estimated R&D trend (firms.rd_trend) is forecast as a damped trend: the "
              "years before it are the ones the trend is fitted to."),
    ParamSpec("run.n_firms", "int", "firms", 6000, 1, 200000, "Number of firms", "企业数量",
              "above-scale industrial and registered tech firms, rounded (docs/data_sources.md)",
              "Synthetic firms drawn at the base year; each agent is one real firm."),
    ParamSpec("run.n_universities", "int", "institutions", 40, 0, 500,
              "Universities and institutes", "高校与科研院所数量",
              "universities and public research institutes, rounded (docs/data_sources.md)",
              "Public research performers; 0 disables the university channel."),
    ParamSpec("run.replicates", "int", "runs", 20, 1, MAX_REPLICATES, "Default replicates", "默认重复次数",
              "unbiased 5-95% bands (sim.runs.bands); about 100 steady their ends", "Replicates when none are given on the command line."),
    ParamSpec("run.seed", "int", "", 20240101, 0, MAX_SEED, "Seed", "随机种子",
              "any integer", "Base seed; replicate r uses a seed derived from (seed, r)."),
    # --- economy -----------------------------------------------------------
    ParamSpec("economy.gdp", "float", "100m yuan", 9016.7, 1.0, 1.0e6, "GDP (base year)", "地区生产总值(基年)",
              "Gansu Statistical Bulletin 2020", "Regional GDP in the base year."),
    ParamSpec("economy.gdp_growth", "path", "% per year", {2021: 13.6, 2022: 9.4, 2023: 5.9, 2025: 6.0,
                                                            2030: 5.0, 2035: 4.5},
              -20.0, 30.0, "Trend nominal GDP growth", "名义GDP趋势增速",
              "Gansu GDP 9016.7 (2020), 10243.3 (2021), 11201.6 (2022, recalled), 11863.8 (2023); assumed after",
              "Exogenous nominal GDP growth before feedback from firm knowledge."),
    ParamSpec("economy.gdp_feedback", "float", "", 0.1, 0.0, 1.0, "GDP feedback from firm knowledge",
              "企业知识存量对GDP的弹性",
              "Chen et al. 2021: productivity elasticity of R&D about 0.12 (firm level); assumed 0.1 for GDP",
              "Elasticity of GDP to the firms' knowledge stock relative to its trend path."),
    ParamSpec("economy.budget_share_gdp", "path", "% of GDP", {2020: 46.1, 2035: 40.0}, 1.0, 100.0,
              "Budget expenditure / GDP", "一般公共预算支出占GDP比重",
              "Gansu 2020 final accounts (4154.9 / 9016.7), assumed gentle decline",
              "General public budget expenditure as a share of GDP."),
    ParamSpec("economy.population", "float", "10k persons", 2501.98, 1.0, 200000.0, "Population", "常住人口",
              "7th census 2020", "Resident population in the base year."),
    ParamSpec("economy.population_growth", "float", "% per year", -0.3, -5.0, 5.0, "Population growth",
              "人口增速", "Gansu 2020-2023 resident population trend", "Yearly change of population."),
    ParamSpec("economy.employed", "float", "10k persons", 1390.0, 1.0, 100000.0, "Employed persons", "就业人员",
              "Gansu Development Yearbook 2021, about 1390 (recalled, docs/data_sources.md)", "Employed persons in the base year."),
    ParamSpec("economy.wage_growth", "float", "% per year", 5.0, -5.0, 20.0, "R&D wage growth",
              "研发人员成本增速", "assumption: nominal wage growth", "Growth of cost per R&D person."),
    ParamSpec("economy.gdp_growth_shock_sd", "float", "pp per year", 0.0, 0.0, 20.0, "GDP growth shock (SD)",
              "GDP增速随机冲击(标准差)",
              "0 = none; 2013-2023 residual SD of nominal growth around its linear trend: Gansu 4.5, Guizhou 2.6 pp (docs/toolkit.md)",
              "Standard deviation of a yearly normal shock to trend nominal GDP growth from economy.shock_from_year on; "
              "shocks accumulate, so bands widen with the horizon."),
    ParamSpec("economy.budget_shock_sd", "float", "pp per year", 0.0, 0.0, 20.0, "Budget revenue shock (SD)",
              "财政收支随机冲击(标准差)",
              "0 = none; 2013-2023 residual SD of the growth of budget expenditure / GDP around its trend: "
              "Gansu 6.9, Guizhou 5.2 pp (docs/toolkit.md)",
              "Standard deviation of a yearly normal shock to budget growth beyond GDP's, from economy.shock_from_year "
              "on; the shocks accumulate."),
    ParamSpec("economy.shock_from_year", "int", "year", 9999, 2010, 9999, "Shocks from year", "随机冲击起始年份",
              "9999 = never (default): conditional forecasts keep the scenario's paths",
              "First simulated year that receives the GDP and budget shocks (e.g. the year after the last observed input)."),
    # --- observed base year ------------------------------------------------
    ParamSpec("observed.rd_spending", "float", "100m yuan", 110.2, 0.0, 1.0e5, "R&D spending", "R&D经费支出",
              GANSU_STATS + ", 2019", "Total R&D spending the base year must match."),
    ParamSpec("observed.enterprise_rd_share", "float", "%", 60.0, 1.0, 100.0, "Enterprise share of R&D",
              "企业R&D经费占比", "Gansu 2020 S&T funding bulletin, about 60% (recalled, docs/data_sources.md)",
              "Share of R&D performed by firms in the base year."),
    ParamSpec("observed.hnte_count", "int", "firms", 1229, 0, 200000, "HNTE count", "高新技术企业数",
              GANSU_STATS + ", 2020", "Certified HNTEs in the base year."),
    ParamSpec("observed.high_tech_output_share", "float", "% of GDP", 12.42, 0.0, 500.0,
              "High-tech output / GDP", "高新技术产值占GDP比重", GANSU_STATS + ", 2020 (HNTE output)",
              "High-tech products' revenue relative to GDP in the base year."),
    ParamSpec("observed.patents_per_10k", "float", "per 10k people", 3.14, 0.0, 500.0,
              "Invention patents per 10k people", "每万人发明专利拥有量", GANSU_STATS + ", 2020",
              "Stock of valid invention patents per 10k residents."),
    ParamSpec("observed.tech_contract_turnover", "float", "100m yuan", 233.0, 0.0, 1.0e5,
              "Tech-contract turnover", "技术合同成交额", GANSU_STATS + ", 2020", "Yearly turnover."),
    ParamSpec("observed.rd_personnel", "float", "10k persons", 4.6, 0.0, 1000.0, "R&D personnel", "R&D人员",
              GANSU_STATS + ", 2020", "R&D personnel (headcount) in the base year."),
    ParamSpec("observed.government_rd", "path", "100m yuan", 0.0, 0.0, 1.0e5, "Government-funded R&D (observed)",
              "政府资金R&D经费(观测)", "R&D bulletins by source of funds (sim/data/history.csv); 0: none observed",
              "Yearly government-funded R&D: in the years it covers, university and institute funding from outside "
              "the provincial S&T budget grows as it does (with nominal GDP after)."),
    ParamSpec("observed.rd_fte_ratio", "float", "", 0.57, 0.05, 1.0, "FTE per R&D person",
              "R&D人员全时当量折算系数", "Gansu 2020: about 2.6 FTE / 4.6 headcount, 10k (FTE recalled, docs/data_sources.md)",
              "Person-years per R&D person; converts headcount to person-years."),
    # --- budget ----------------------------------------------------------------
    ParamSpec("budget.fiscal_st_ratio", "path", "% of budget", {2020: 0.77, 2025: 0.9, 2035: 1.1}, 0.0, 20.0,
              "Fiscal S&T ratio", "财政科技支出占比",
              "2020: 31.9 / 4154.9 (seed 004); later: recent trend", "S&T spending / general budget expenditure."),
    ParamSpec("budget.subsidy_share", "path", "% of S&T budget", 8.0, 0.0, 100.0,
              "Post-R&D subsidy budget", "研发后补助预算占比", "assumption from provincial budget reports",
              "Cap on post-R&D subsidies."),
    ParamSpec("budget.hnte_award_share", "path", "% of S&T budget", 4.0, 0.0, 100.0,
              "HNTE award budget", "高企奖补预算占比", "assumption", "Cap on HNTE awards."),
    ParamSpec("budget.university_share", "path", "% of S&T budget", 30.0, 0.0, 100.0,
              "University and institute funding", "高校院所科研经费占比", "assumption",
              "Research funding to universities and institutes."),
    ParamSpec("budget.platform_share", "path", "% of S&T budget", 10.0, 0.0, 100.0,
              "Platforms and incubators", "平台与孵化器占比", "assumption", "Raises firm entry."),
    ParamSpec("budget.talent_share", "path", "% of S&T budget", 6.0, 0.0, 100.0, "Talent programmes",
              "人才项目占比", "assumption", "Raises firms' S&T staff."),
    # --- government by level (the plans' own-level 本级 ratios) -------------------
    ParamSpec("budget.province_budget_share", "float", "% of budget", 22.0, 0.0, 100.0,
              "Provincial own-level budget share", "省本级预算支出占比",
              "Gansu provincial own level 20.3% (2012) and 23.2% (2014) of the consolidated budget (docs/government_levels.md)",
              "The provincial own level's share of the consolidated general budget expenditure."),
    ParamSpec("budget.city_budget_share", "float", "% of budget", 19.5, 0.0, 100.0,
              "City own-level budget share", "市本级预算支出占比",
              "assumption: cities a quarter of city and county spending (docs/government_levels.md)",
              "All cities' own levels together; counties are the rest of the consolidated budget."),
    ParamSpec("budget.province_st_share", "float", "% of S&T spending", 36.1, 0.0, 100.0,
              "Provincial share of fiscal S&T spending", "省本级科技支出占全省比重",
              "assumption: each level at the same fraction of its plan target (docs/government_levels.md)",
              "Used while the consolidated ratio applies, to report each level's own ratio."),
    ParamSpec("budget.city_st_share", "float", "% of S&T spending", 25.6, 0.0, 100.0,
              "Cities' share of fiscal S&T spending", "市本级科技支出占全省比重",
              "assumption: each level at the same fraction of its plan target (docs/government_levels.md)",
              "Used while the consolidated ratio applies; counties hold the rest."),
    ParamSpec("budget.own_level_from", "int", "year", 0, 0, 2100, "Own-level ratios from", "本级比例起始年份",
              "0: the consolidated ratio applies every year",
              "From this year on, fiscal S&T spending is set by each level's own ratio (province, cities, "
              "counties) instead of one consolidated ratio."),
    ParamSpec("budget.province_st_ratio", "path", "% of own budget", {2025: 2.5}, 0.0, 20.0,
              "Provincial own-level fiscal S&T ratio", "省本级财政科技支出占比",
              "Gansu 14th Five-Year S&T plan (seed 004, 二(三)1): 2.5% by 2025",
              "S&T spending / own general budget of the provincial level (from budget.own_level_from on)."),
    ParamSpec("budget.city_st_ratio", "path", "% of own budget", {2025: 2.0}, 0.0, 20.0,
              "City own-level fiscal S&T ratio", "市本级财政科技支出占比",
              "Gansu 14th Five-Year S&T plan (seed 004, 二(三)1): 2% by 2025",
              "S&T spending / own general budget of the cities' own levels (from budget.own_level_from on)."),
    ParamSpec("budget.county_st_ratio", "path", "% of own budget", {2025: 1.0}, 0.0, 20.0,
              "County fiscal S&T ratio", "县级财政科技支出占比",
              "Gansu 14th Five-Year S&T plan (seed 004, 二(三)1): 1% by 2025",
              "S&T spending / own general budget of the counties (from budget.own_level_from on)."),
    # --- subsidies and awards --------------------------------------------------
    ParamSpec("subsidy.rate", "path", "yuan per yuan R&D", 0.05, 0.0, 1.0, "Post-R&D subsidy rate",
              "研发后补助比例", "seed 001 四(一): a proportional grant; rate assumed",
              "Grant per yuan of verified R&D, rationed pro rata when claims exceed the budget."),
    ParamSpec("subsidy.min_revenue", "float", "million yuan", 20.0, 0.0, 10000.0,
              "Eligibility: minimum revenue", "补助门槛:最低营业收入",
              "above-scale industrial firm threshold (20 million yuan)", "Only above-scale firms claim."),
    ParamSpec("subsidy.hnte_award_first", "path", "million yuan", 0.2, 0.0, 100.0, "HNTE award (first)",
              "高企首次认定奖励", "typical provincial award 200,000 yuan (assumption)",
              "Cash award on first certification."),
    ParamSpec("subsidy.hnte_award_recert", "path", "million yuan", 0.1, 0.0, 100.0, "HNTE award (re-cert.)",
              "高企重新认定奖励", "seed 001 四(二); amount assumed", "Cash award on re-certification."),
    ParamSpec("subsidy.additionality", "float", "share of the grant rate", 0.35, 0.0, 1.0,
              "Grant price effect (users)", "补助的价格效应",
              LIT + ": crowding-out rejected, no strong additionality (Dimos & Pugh 2016); prior 0..0.7",
              "Share of the post-R&D grant rate that firms not diverting grants treat as lowering the price of "
              "R&D (1: the full rate; 0: a windfall). The yuan of R&D per grant yuan that results is in docs/ODD.md."),
    ParamSpec("subsidy.misuse_probability", "float", "", 0.4, 0.0, 1.0, "Subsidy misuse probability",
              "补助挪用概率", LIT + ": Boeing & Peters 2022, 42% of grantees",
              "Chance a recipient spends the grant on something else (no additionality)."),
    # --- tax -----------------------------------------------------------------------
    ParamSpec("tax.cit_standard", "float", "%", 25.0, 0.0, 50.0, "Standard CIT rate", "企业所得税基本税率",
              "Enterprise Income Tax Law", "Corporate income tax rate."),
    ParamSpec("tax.cit_hnte", "float", "%", 15.0, 0.0, 50.0, "HNTE CIT rate", "高企所得税税率",
              "Enterprise Income Tax Law art. 28", "Reduced rate for certified HNTEs."),
    ParamSpec("tax.super_deduction", "path", "% of R&D", {2020: 75.0, 2021: 100.0, 2023: 100.0}, 0.0, 300.0,
              "R&D super-deduction", "研发费用加计扣除比例",
              "MoF/STA 2021 No.13 (manufacturers 100%), 2023 No.7 (all firms 100%)",
              "Extra deduction of R&D from taxable income."),
    ParamSpec("tax.western_share", "float", "% of firms", 25.0, 0.0, 100.0, "Firms at 15% (Western Dev.)",
              "享受西部大开发15%税率企业比例", LIT + ": MoF/STA/NDRC 2020 No.23; share assumed",
              "Firms that already pay 15%, for whom HNTE brings no tax gain."),
    ParamSpec("tax.western_end_year", "int", "year", 2030, 2020, 2100, "Western Development ends",
              "西部大开发优惠截止年", "MoF/STA/NDRC 2020 No.23: to 2030-12-31", "Last year of the 15% rule."),
    ParamSpec("tax.price_elasticity", "float", "", 1.0, 0.0, 5.0, "Long-run tax-price elasticity of R&D",
              "研发税收价格弹性(长期)", LIT + ": Bloom, Griffith, Van Reenen 2002 (about 1.0)",
              "Response of desired R&D to the user cost of R&D."),
    # --- universities ---------------------------------------------------------------
    ParamSpec("university.patents_per_100m", "float", "patents per 100m yuan", 25.0, 0.0, 1000.0,
              "University patent yield", "高校专利产出率", "calibration assumption", "Invention patents per 亿元 research."),
    ParamSpec("university.contract_share", "float", "% of turnover", 40.0, 0.0, 100.0,
              "University share of tech contracts", "高校院所技术合同占比", "assumption",
              "Share of base-year tech-contract turnover sold by universities and institutes."),
    ParamSpec("university.graduates_per_100m", "float", "persons per 100m yuan", 200.0, 0.0, 100000.0,
              "S&T graduates per research yuan", "科研经费带动的科技人才",
              "assumption", "S&T staff supplied to firms per 亿元 of research funding."),
    ParamSpec("university.spinoff_per_100m", "float", "firms per 100m yuan", 0.5, 0.0, 100.0,
              "Spin-offs per research yuan", "衍生企业率", "assumption", "New firms per 亿元 of research funding."),
    # --- firm behaviour ---------------------------------------------------------------
    ParamSpec("firms.rd_trend", "float", "% per year", 0.0, -10.0, 20.0,
              "Secular trend of firm R&D intensity", "企业研发强度趋势",
              "estimated where a scenario frees it (calibrated to R&D 2015-2023); 0 = none",
              "Yearly growth of every firm's desired R&D / revenue beyond what the price of R&D explains (R&D "
              "reporting drives, upgrading norms): an estimated trend, not a mechanism."),
    ParamSpec("firms.rd_trend_damping", "float", "share", 1.0, 0.0, 1.0,
              "Damping of the R&D trend in forecasts", "研发强度趋势预测衰减系数",
              "0.8-0.98 is the range forecasters keep a damped trend to (Hyndman and Athanasopoulos, Forecasting: "
              "Principles and Practice, 3rd ed., 8.2); 1 = the fitted rate carried on",
              "In the h-th year after the fitted years the R&D trend's rate is multiplied by this to the power h: "
              "a damped trend forecast (Gardner and McKenzie 1985) instead of compounding the fitted rate."),
    ParamSpec("firms.rd_adjustment", "float", "share per year", 0.3, 0.01, 1.0, "R&D adjustment speed",
              "研发调整速度", LIT + ": short-run elasticity about 0.1 of long-run 1.0 implies slow adjustment",
              "Share of the gap to desired R&D closed each year."),
    ParamSpec("firms.innovation_zeta", "float", "", 0.3, 0.0, 10.0, "Innovation search efficiency",
              "创新搜索效率", LIT + ": Dosi et al. 2010, 1-exp(-0.3 x normalised R&D)",
              "Innovation success probability 1 - exp(-zeta x R&D/revenue in %)."),
    ParamSpec("firms.imitation_zeta", "float", "", 0.3, 0.0, 10.0, "Imitation search efficiency",
              "模仿搜索效率", LIT + ": Dosi et al. 2010", "Imitation success probability, same form."),
    ParamSpec("firms.innovation_step", "float", "%", 15.0, 0.0, 100.0, "Innovation draw range",
              "创新幅度", LIT + ": Beta(3,3) on [-15%, +15%] (Dosi et al. 2013)",
              "Innovation draws a productivity change in [-step, +step]."),
    ParamSpec("firms.knowledge_depreciation", "float", "% per year", 15.0, 0.0, 100.0,
              "Knowledge depreciation", "知识存量折旧率", "standard 15% (Hall, Mairesse, Mohnen 2010)",
              "Yearly decay of the R&D knowledge stock."),
    ParamSpec("firms.selection", "float", "", 0.5, 0.0, 5.0, "Market selection strength", "市场选择强度",
              "assumption (replicator dynamics)", "Revenue growth per unit of relative productivity."),
    ParamSpec("firms.margin", "float", "% of revenue", 6.0, -50.0, 50.0, "Mean profit margin",
              "平均利润率", "NBS industrial profit margin about 6%", "Operating margin before R&D."),
    ParamSpec("firms.exit_loss_years", "int", "years", 3, 1, 20, "Exit after losses", "连续亏损退出年限",
              "assumption", "Firms exit after this many consecutive loss years."),
    ParamSpec("firms.entry_rate", "float", "% of firms per year", 4.0, 0.0, 50.0, "Base entry rate", "基础进入率",
              "assumption", "New firms per year as a share of incumbents without platform spending."),
    ParamSpec("firms.platform_entry_per_100m", "float", "firms per 100m yuan", 20.0, 0.0, 10000.0,
              "Entry per platform yuan", "平台带动企业进入", "assumption",
              "Extra entrants per 亿元 of platform and incubator spending."),
    ParamSpec("firms.hnte_relabel_probability", "float", "", 0.5, 0.0, 1.0, "Relabelling near the HNTE notch",
              "临界点附近研发重新归类概率", LIT + ": Chen et al. 2021, about 24% of reported R&D relabelled",
              "Chance a firm just short of the R&D threshold reports relabelled spending to qualify."),
    ParamSpec("firms.hnte_gap", "float", "points of R&D/revenue", 1.5, 0.0, 10.0, "Reach of the HNTE notch",
              "高企门槛吸引范围", LIT + ": bunching (Chen et al. 2021); width assumed",
              "Firms within this many points below the threshold aim for it."),
    ParamSpec("firms.patents_per_100m", "float", "patents per 100m yuan", 15.0, 0.0, 1000.0,
              "Firm patent yield", "企业专利产出率", "calibration assumption", "Invention patents per 亿元 of firm R&D."),
    ParamSpec("firms.patent_expiry", "float", "% per year", 8.0, 0.0, 100.0, "Patent stock attrition",
              "专利失效率", "assumption: lapse and expiry", "Share of valid patents lapsing each year."),
    ParamSpec("firms.talent_per_100m", "float", "persons per 100m yuan", 400.0, 0.0, 100000.0,
              "S&T staff per talent yuan", "人才项目带动的科技人员", "assumption",
              "S&T staff placed in firms per 亿元 of talent programmes."),
    ParamSpec("firms.pool_entry_rate", "float", "% of firms per year", 3.0, 0.0, 30.0,
              "Entry into the HNTE cultivation pool", "高企培育库入库率",
              "estimated: calibrated to the HNTE stock 2015-2020 (docs/ODD.md, sim/data/history.csv)",
              "Share of uncertified firms that enter the cultivation pool (培育库) each year at the base-year "
              "award and cultivation budget per firm; pool firms plan R&D at the HNTE threshold."),
    ParamSpec("firms.cultivation_elasticity", "float", "", 0.5, 0.0, 3.0,
              "Pool entry response to cultivation money", "入库对培育资金的弹性",
              "assumption (docs/ODD.md names the test that would refute it)",
              "Elasticity of pool entry to the HNTE award and cultivation budget per uncertified firm."),
    ParamSpec("university.contract_deepening", "float", "% per year", 0.0, -20.0, 60.0,
              "Technology-market deepening", "技术市场深化速度",
              "estimated: calibrated to technology-contract turnover 2015-2023 (sim/data/history.csv)",
              "Yearly growth of technology-contract turnover beyond what R&D and knowledge explain (registration "
              "of contracts after the 2015 law on transforming S&T achievements; an estimated trend, not a mechanism)."),
    ParamSpec("university.contract_deepening_damping", "float", "share", 1.0, 0.0, 1.0,
              "Damping of technology-market deepening", "技术市场深化衰减系数",
              "estimated when a calibration frees it (no bundled scenario does: freed for Guizhou it fitted 2015-2023 "
              "worse, docs/ODD.md 3.5); 1 = a constant rate (Gardner and McKenzie 1985, Management Science 31: "
              "1237-1246)",
              "Each year's deepening rate is the previous year's times this factor: a damped trend that a fast early "
              "rise (Guizhou's 2016-2018 registration step) does not carry forever; 1 keeps the rate constant."),
    ParamSpec("university.contract_registration_step", "float", "times", 1.0, 1.0, 50.0,
              "Registration step of contract turnover", "技术合同登记跃升倍数",
              "estimated when a scenario sets the step years (Guizhou: calibrated to contract turnover 2015-2023); "
              "1 = no step",
              "Factor on contract turnover from a change in registration (认定登记 campaigns, post-subsidies for "
              "registered contracts), reached over the step years and kept: a level shift, not a trend."),
    ParamSpec("university.contract_step_from", "int", "year", 0, 0, 2100,
              "Registration step from", "登记跃升起始年份",
              "data: the year the registered series steps up (Guizhou 2017, sim/data/history.csv); 0 = no step",
              "First year of the registration step of contract turnover; 0 = none."),
    ParamSpec("university.contract_step_to", "int", "year", 0, 0, 2100,
              "Registration step to", "登记跃升完成年份",
              "data: the year the step is complete (Guizhou 2018, sim/data/history.csv)",
              "Year by which the registration step is complete (the factor rises geometrically in between)."),
    ParamSpec("university.rd_share_of_funding", "float", "share", 0.6, 0.0, 1.0,
              "R&D share of public research money", "财政科研资金形成R&D的比例",
              "estimated: slope of government-funded R&D on fiscal S&T spending 2012-2023, Gansu 0.92, "
              "Guizhou 0.38 (OLS, sim/data/history.csv)",
              "Share of the university and other S&T channels that universities and institutes perform as R&D."),
    # --- talent programmes that act (sim/model/talent_platforms.py) ------------------------------
    ParamSpec("talent.lag_years", "int", "years", 2, 0, 10, "Talent arrival lag", "人才到岗滞后",
              "assumption: recruitment and training take a year or two (seed 001 四(五); seed 004 九)",
              "Years between talent-programme money and the recruits' first year at work."),
    ParamSpec("talent.retention", "float", "% per year", 85.0, 0.0, 100.0, "Talent retention", "人才年留存率",
              "assumption: western provinces lose talent to the east (seed 004 九); prior 70..95",
              "Share of programme recruits still working in the region a year later."),
    ParamSpec("talent.rd_share", "float", "share", 0.3, 0.0, 1.0, "Recruits who are extra R&D staff",
              "新增研发人员比例", "assumption; prior 0.1..0.6, estimable from R&D personnel 2015-2023 "
              "(sim/data/history.csv)",
              "Share of programme recruits beyond the base-year talent intensity who work as additional R&D "
              "personnel in firms; each costs the average R&D spending per R&D person."),
    ParamSpec("talent.plan_recruits", "path", "persons per year", 0.0, 0.0, 100000.0, "Recruits a year (plan count)",
              "每年引进培养人才数(规划数)",
              "0 = as the talent budget buys; Liupanshui: 138 high-end recruits and 280 trained by 2023 "
              "(seed 001 二), about 139 a year",
              "Recruits a year as a plan counts them (all programme recruits, not the extra ones); when above 0 it "
              "replaces what the talent budget buys, and the base-year intensity's recruits are subtracted as usual."),
    # --- platforms that act -----------------------------------------------------------------------
    ParamSpec("platform.rd_share", "float", "share", 0.3, 0.0, 1.0, "Platform money that builds knowledge",
              "平台资金形成知识的比例", "assumption: key labs, engineering centres and new R&D institutions are "
              "part of the platform channel (seed 001 四(三); seed 003 二(二)); prior 0.1..0.6",
              "Share of platform money beyond the base-year intensity that adds to the platforms' knowledge stock."),
    ParamSpec("platform.contracts_per_100m", "float", "100m yuan per 100m yuan", 0.3, 0.0, 10.0,
              "Contracts per platform knowledge yuan", "平台知识带动技术合同",
              "assumption; prior 0..1, estimable from technology-contract turnover 2015-2023 (sim/data/history.csv)",
              "Yearly technology-contract turnover per 亿元 of the platforms' extra knowledge stock."),
    ParamSpec("platform.spinoff_per_100m", "float", "firms per 100m yuan", 2.0, 0.0, 100.0,
              "Spin-offs per platform knowledge yuan", "平台衍生企业率",
              "assumption: incubated high-tech start-ups (seed 004 六(二) ladder); prior 0..5",
              "High-tech spin-offs a year per 亿元 of the platforms' extra knowledge stock."),
    # --- innovation vouchers (sim/model/vouchers.py) ----------------------------------------------
    ParamSpec("voucher.budget", "path", "100m yuan", 0.0, 0.0, 100.0, "Voucher budget", "科技创新券预算",
              "seed 004 十一 (扩大科技创新券使用范围); amount not in the plan: 0 = no scheme",
              "Yearly budget of innovation vouchers, reserved from other S&T programmes; a cap on redemptions."),
    ParamSpec("voucher.value", "float", "million yuan", 0.3, 0.0, 10.0, "Voucher per firm", "单个企业创新券额度",
              "assumption: provincial schemes cap a firm's vouchers at a few hundred thousand yuan a year",
              "Voucher a taking-up firm redeems in a year."),
    ParamSpec("voucher.coverage", "float", "% of service price", 50.0, 1.0, 100.0, "Voucher share of the price",
              "创新券抵扣比例", "assumption: vouchers pay part of the service, the firm the rest",
              "Share of the price of the bought service that the voucher pays."),
    ParamSpec("voucher.take_up", "float", "% of firms per year", 10.0, 0.0, 100.0, "Voucher take-up",
              "创新券申领率", "assumption; prior 2..30",
              "Share of eligible small firms that redeem a voucher each year."),
    ParamSpec("voucher.max_revenue", "float", "million yuan", 50.0, 0.0, 10000.0, "Eligibility: maximum revenue",
              "创新券门槛:营业收入上限", "assumption: small technology firms",
              "Only firms below this revenue (not certified HNTEs) may take up vouchers."),
    ParamSpec("voucher.additionality", "float", "share", 0.8, 0.0, 1.0, "Voucher additionality",
              "创新券额外性", "Cornet, Vroomen, van der Steeg 2006 (CPB DP 58, Dutch innovation vouchers): "
              "about 8 in 10 voucher projects would not have happened otherwise",
              "Share of the bought services that are extra R&D and extra technology contracts."),
    # --- yearly assessment of local governments (sim/model/assessment.py) -------------------------
    ParamSpec("assessment.on", "int", "", 0, 0, 1, "Assessment on", "考核开关",
              "seed 001 五(四); seed 004 十一: R&D intensity, fiscal S&T share, HNTEs and contracts are assessed; "
              "0 = off, 1 = on (from the first forecast year)",
              "Cities and counties behind their assessed targets raise their own-level S&T spending."),
    ParamSpec("assessment.response", "float", "points per year", 0.3, 0.0, 5.0, "Response to a shortfall",
              "考核落后的响应", "assumption; not estimable from provincial series (prior 0.1..1.0)",
              "Own-level fiscal S&T ratio points a level adds in a year when it is wholly behind on every "
              "assessed indicator (in proportion to its shortfall)."),
    ParamSpec("assessment.max_own_ratio", "float", "% of own budget", 4.0, 0.0, 20.0, "Ceiling of own-level ratio",
              "本级科技支出占比上限", "assumption: what a level's budget allows beside its fixed duties",
              "A level raises its own-level S&T ratio no higher than this."),
    ParamSpec("assessment.cultivation_share", "float", "%", 25.0, 0.0, 100.0,
              "Extra spending on HNTE cultivation", "新增支出用于高企培育的比例",
              "assumption (seed 004 六(二): HNTE doubling plan)",
              "Share of the extra spending added to HNTE awards and cultivation; the rest to other S&T programmes."),
    ParamSpec("assessment.target_year", "int", "year", 2025, 2015, 2100, "Assessment target year",
              "考核目标年份", "Gansu 14th Five-Year S&T plan (seed 004, 二(三)): targets for 2025",
              "Year of the assessed targets; a level is behind when below the straight line to them."),
    ParamSpec("assessment.rd_intensity_target", "float", "% of GDP", 1.5, 0.0, 10.0, "Assessed R&D intensity",
              "考核:研发投入强度", "Gansu 14th Five-Year S&T plan (seed 004, 二(三)1): 1.5% by 2025",
              "R&D intensity target of the assessment."),
    ParamSpec("assessment.city_st_target", "float", "% of own budget", 2.0, 0.0, 20.0, "Assessed city S&T ratio",
              "考核:市本级财政科技支出占比", "Gansu 14th Five-Year S&T plan (seed 004, 二(三)1): 2%",
              "Own-level fiscal S&T ratio target of the cities."),
    ParamSpec("assessment.county_st_target", "float", "% of own budget", 1.0, 0.0, 20.0,
              "Assessed county S&T ratio", "考核:县级财政科技支出占比",
              "Gansu 14th Five-Year S&T plan (seed 004, 二(三)1): 1%", "Own-level fiscal S&T ratio target of the counties."),
    ParamSpec("assessment.hnte_target", "float", "firms", 1500.0, 0.0, 1.0e6, "Assessed HNTE count",
              "考核:高新技术企业数", "Gansu 14th Five-Year S&T plan (seed 004, 二(三)2): about 1500",
              "HNTE count target of the assessment."),
    ParamSpec("assessment.contract_target", "float", "100m yuan", 388.0, 0.0, 1.0e5, "Assessed contract turnover",
              "考核:技术合同成交额", "Gansu 14th Five-Year S&T plan (seed 004, 二(三)5): 388",
              "Technology-contract turnover target of the assessment."),
    # --- guidance funds and technology loans (sim/model/finance.py) ---------------------------------
    ParamSpec("finance.fund_size", "path", "100m yuan", 0.0, 0.0, 10000.0, "Guidance funds (stated size)",
              "政府引导基金规模(设立规模)",
              "seed 001 四(九); seed 002 三(六), 六(十五); seed 003 二(三)8; 0 = none (no observed level)",
              "Stated size of the S&T guidance funds in place, as plans write it."),
    ParamSpec("finance.realised_share", "float", "%", 50.0, 0.0, 100.0, "Realised share of the fund",
              "引导基金实际到位比例",
              WEI_ANG_JIA + ": realised capital well short of targets, most of all in non-coastal regions; only 26% of "
              "funds had reached their target size by 2021; prior 20..80",
              "Share of the stated fund size actually raised and invested."),
    ParamSpec("finance.invest_years", "int", "years", 5, 1, 20, "Investment period", "基金投资期",
              "assumption: a usual investment period of Chinese VC funds", "Years over which the realised fund is invested."),
    ParamSpec("finance.private_multiple", "float", "yuan per yuan", 2.0, 0.0, 10.0, "Private co-investment",
              "社会资本放大倍数", "assumption: government shares of guidance funds of about a quarter to a third; prior 1..4",
              "Private yuan invested beside each government yuan."),
    ParamSpec("finance.sme_share", "float", "%", 20.0, 0.0, 100.0, "Share reaching start-up tech SMEs",
              "投向种子期初创期科技型中小企业比例",
              "assumption: guidance funds invest mostly in later stages and priority industries (" + WEI_ANG_JIA + "; "
              "Hindawi DDNS 2021, 7140807: investments by guidance funds have not solved early-stage financing); prior 5..40",
              "Share of the funds' investments that reaches seed and start-up technology SMEs."),
    ParamSpec("finance.tech_loans", "path", "100m yuan", 0.0, 0.0, 10000.0, "Technology loans to SMEs",
              "科技型中小企业贷款", "seed 002 六(十五): S&T branches of banks; 0 = none (no observed level)",
              "New loans a year to technology SMEs from S&T bank branches (科技支行)."),
    ParamSpec("finance.ticket", "float", "million yuan", 5.0, 0.1, 1000.0, "Financing per firm", "单户融资额",
              "assumption: a seed or start-up round or loan of a few million yuan", "Money one financed firm receives in a year."),
    ParamSpec("finance.rd_share", "float", "share", 0.3, 0.0, 1.0, "Financing spent on R&D", "融资用于研发的比例",
              "assumption: financing constraints bind R&D of young firms (Hall & Lerner 2010); prior 0.1..0.5",
              "Share of the ticket a financed firm spends on R&D that year."),
    ParamSpec("finance.sales_per_yuan", "float", "yuan per yuan", 0.5, 0.0, 5.0, "Revenue per yuan of capital",
              "单位资本带动营收", "assumption", "Revenue added per yuan of the ticket not spent on R&D (growth)."),
    ParamSpec("finance.entry_per_100m", "float", "firms per 100m yuan", 2.0, 0.0, 100.0, "Start-ups per financing yuan",
              "融资带动新创企业", "assumption: some seed tickets found new firms", "High-tech start-ups a year per 亿元 reaching SMEs."),
    ParamSpec("finance.max_age", "int", "years", 5, 0, 50, "Young firm: maximum age", "初创企业年限",
              "assumption: start-up and seed stage", "Only firms at most this old (and high-tech, uncertified) are financed."),
    # --- outside R&D transfer (sim/model/outside_rd.py) -----------------------------------------------
    ParamSpec("outside.tech_purchases", "path", "100m yuan", 0.0, 0.0, 10000.0, "Extra technology bought outside",
              "新增域外技术引进", "seed 000 十; seed 001 一, 四(六) (东部研发、本地转化); 0 = as observed: Gansu's "
              "buyer-side turnover (吸纳技术) was 118 in 2015 and 1022 in 2023 (sim/data/history.csv)",
              "Technology bought a year from outside the region beyond what the baseline reflects; adds to buyers' knowledge."),
    ParamSpec("outside.complement", "float", "yuan R&D per yuan", 0.3, 0.0, 2.0, "Own R&D to absorb bought technology",
              "消化吸收引进技术的配套研发", "Cassiman & Veugelers 2006 (Management Science): internal R&D and "
              "acquired technology are complements; size assumed, prior 0..1",
              "Own R&D a firm spends per yuan of technology it buys from outside."),
    ParamSpec("outside.relocated_hntes", "path", "firms per year", 0.0, 0.0, 10000.0, "Relocated HNTEs a year",
              "每年迁入高新技术企业", "seed 001 四(二): awards for HNTEs relocating and re-certified locally; 0 = none",
              "Certified HNTEs moving into the region each year (a plan's count)."),
    # --- channel switches: 1 = the channel works as modelled (every bundled scenario); 0 turns it off for
    # the attribution of a change to channels (sim/model/channels.py, sim/studies/attribution.py) ---
    ParamSpec("channels.subsidy", "int", "switch", 1, 0, 1, "Post-R&D subsidy channel", "研发后补助渠道",
              "switch for attribution (docs/ODD.md)",
              "0: no post-R&D subsidy is paid or expected; its budget stays allocated and unspent."),
    ParamSpec("channels.hnte", "int", "switch", 1, 0, 1, "HNTE notch and awards channel", "高企门槛与奖补渠道",
              "switch for attribution (docs/ODD.md)",
              "0: certification brings no tax-rate cut and no award (no notch), and entry into the cultivation "
              "pool does not respond to the award and cultivation budget."),
    ParamSpec("channels.super_deduction", "int", "switch", 1, 0, 1, "R&D super-deduction channel", "研发费用加计扣除渠道",
              "switch for attribution (docs/ODD.md)", "0: no super-deduction (R&D is still deducted at 100%)."),
    ParamSpec("channels.public_rd", "int", "switch", 1, 0, 1, "Government-funded R&D channel", "政府资助研发渠道",
              "switch for attribution (docs/ODD.md)",
              "0: R&D that universities and institutes perform with provincial money stays at its base-year "
              "amount, whatever the budget."),
    ParamSpec("channels.entry_selection", "int", "switch", 1, 0, 1, "Entry and selection channel", "企业进入与市场选择渠道",
              "switch for attribution (docs/ODD.md)",
              "0: no entrants (ordinary, incubated, spin-offs), no productivity-driven growth differences and no exits."),
    ParamSpec("channels.gdp_feedback", "int", "switch", 1, 0, 1, "GDP denominator channel", "GDP分母渠道",
              "switch for attribution (docs/ODD.md)",
              "0: GDP follows its trend path (no feedback from the firms' knowledge stock)."),
    ParamSpec("channels.plan_levers", "int", "switch", 1, 0, 1, "Levers of issue 17", "人才平台、创新券等措施渠道",
              "switch for attribution (docs/ODD.md)",
              "0: talent and platforms beyond the base-year intensity, vouchers, guidance funds and loans, outside "
              "R&D and the yearly assessment do nothing."),
)

SPECS_BY_KEY: dict[str, ParamSpec] = {s.key: s for s in PARAM_SPECS}


def default_params() -> dict[str, object]:
    """Flat ``{dotted key: default}`` for every parameter; a year path whose default is one number is the
    constant path ``{0: value}``, as the loader reads a number given for a path."""
    return {s.key: (dict(s.default) if isinstance(s.default, dict) else {0: s.default} if s.kind == "path" else s.default)
            for s in PARAM_SPECS}
