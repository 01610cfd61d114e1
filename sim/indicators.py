"""The yearly indicator contract: names, units and labels.

The column names and their order are part of the public contract of
``indicators.csv`` and ``summary.csv``. Money is in 100 million yuan (亿元),
ratios in percent.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    name: str
    unit: str
    label: str
    label_zh: str
    definition: str


INDICATORS: tuple[Indicator, ...] = (
    Indicator("gdp", "100m yuan", "GDP", "地区生产总值", "Regional GDP."),
    Indicator("budget_expenditure", "100m yuan", "Budget expenditure", "一般公共预算支出",
              "General public budget expenditure."),
    Indicator("fiscal_st_spending", "100m yuan", "Fiscal S&T spending", "财政科技支出",
              "Public budget S&T spending; equals the sum of its channels."),
    Indicator("fiscal_st_ratio", "%", "Fiscal S&T ratio", "财政科技支出占比",
              "Fiscal S&T spending / budget expenditure x 100."),
    Indicator("rd_spending", "100m yuan", "R&D spending", "R&D经费支出",
              "R&D performed by firms (as reported) and by universities and institutes."),
    Indicator("rd_intensity", "% of GDP", "R&D intensity", "R&D经费投入强度", "R&D spending / GDP x 100."),
    Indicator("enterprise_rd_share", "%", "Enterprise R&D share", "企业R&D经费占比",
              "Firm R&D / total R&D x 100."),
    Indicator("subsidy_paid", "100m yuan", "Post-R&D subsidies paid", "研发后补助支出",
              "Grants paid, at most the subsidy budget."),
    Indicator("hnte_awards_paid", "100m yuan", "HNTE awards paid", "高企奖补支出",
              "Awards for first and re-certification, at most the award budget."),
    Indicator("tax_expenditure", "100m yuan", "S&T tax expenditure", "科技税收优惠",
              "Revenue forgone through the R&D super-deduction and the HNTE rate."),
    Indicator("university_funding", "100m yuan", "University funding", "高校院所科研经费",
              "Provincial S&T budget paid to universities and institutes."),
    Indicator("hnte_count", "firms", "HNTE count", "高新技术企业数", "Firms holding a valid certificate."),
    Indicator("new_hnte", "firms", "New HNTE", "新认定高企数", "First certifications this year."),
    Indicator("firm_count", "firms", "Firms", "企业数", "Active firms."),
    Indicator("high_tech_output", "100m yuan", "High-tech output", "高新技术产品收入",
              "Revenue from high-tech products and services."),
    Indicator("high_tech_output_share", "% of GDP", "High-tech output / GDP", "高新技术产值占GDP比重",
              "High-tech output / GDP x 100."),
    Indicator("patents_per_10k", "per 10k people", "Invention patents per 10k", "每万人发明专利拥有量",
              "Valid invention patents per 10,000 residents."),
    Indicator("tech_contract_turnover", "100m yuan", "Tech-contract turnover", "技术合同成交额",
              "Value of registered technology contracts."),
    Indicator("rd_personnel_per_10k_employed", "person-years per 10k", "R&D personnel per 10k employed",
              "每万名就业人员研发人员", "R&D full-time equivalent per 10,000 employed."),
)

# Channels of the fiscal S&T budget reported beside the contract columns.
EXTRA_INDICATORS: tuple[Indicator, ...] = (
    Indicator("platform_funding", "100m yuan", "Platform and incubator funding", "平台与孵化器经费",
              "Provincial S&T budget for platforms and incubators."),
    Indicator("talent_funding", "100m yuan", "Talent programmes", "人才项目经费", "Talent programme spending."),
    Indicator("other_st_spending", "100m yuan", "Other S&T programmes", "其他科技支出",
              "The rest of the S&T budget, including unclaimed subsidy and award budget."),
    Indicator("fiscal_cost", "100m yuan", "Fiscal cost", "财政成本",
              "Direct fiscal S&T spending plus S&T tax expenditure."),
    Indicator("rd_personnel", "10k persons", "R&D personnel", "R&D人员", "R&D headcount."),
    Indicator("hnte_certifications", "firms", "HNTE certifications", "高企认定数",
              "First and renewed certificates issued this year (the yearly recognition lists)."),
    Indicator("hnte_pool", "firms", "HNTE cultivation pool", "高企培育库企业数",
              "Uncertified firms in the cultivation pool (培育库)."),
    Indicator("fiscal_st_ratio_province", "%", "Provincial own-level fiscal S&T ratio", "省本级财政科技支出占比",
              "Provincial own-level S&T spending / its own budget x 100 (set, or implied by the assumed split)."),
    Indicator("fiscal_st_ratio_city", "%", "City own-level fiscal S&T ratio", "市本级财政科技支出占比",
              "Cities' own-level S&T spending / their own budgets x 100 (set, or implied by the assumed split)."),
    Indicator("fiscal_st_ratio_county", "%", "County fiscal S&T ratio", "县级财政科技支出占比",
              "Counties' S&T spending / their budgets x 100 (set, or implied by the assumed split)."),
)

ALL_INDICATORS: tuple[Indicator, ...] = INDICATORS + EXTRA_INDICATORS
INDICATOR_NAMES: tuple[str, ...] = tuple(i.name for i in INDICATORS)
ALL_INDICATOR_NAMES: tuple[str, ...] = tuple(i.name for i in ALL_INDICATORS)
BY_NAME: dict[str, Indicator] = {i.name: i for i in ALL_INDICATORS}
