"""Channel switches (``channels.*`` parameters): turn one policy channel off for the attribution of a
change to channels (``sim.studies.attribution``). Every switch defaults to 1 (the channel works as
modelled); with all switches on, ``effective_params`` returns the parameters unchanged, so results of
every scenario are bit-identical to a model without switches.

What a switch set to 0 means (docs/ODD.md, "Channel switches"):
    subsidy: no post-R&D subsidy paid or expected (``subsidy.rate`` 0); its budget stays allocated, unspent.
    hnte: no HNTE tax-rate cut (``tax.cit_hnte`` = ``tax.cit_standard``), no awards, so no notch; pool entry
        does not respond to the award and cultivation budget (``InnovationModel.cultivation_index`` is 1).
    super_deduction: no super-deduction (``tax.super_deduction`` 0; R&D is still deducted at 100%).
    public_rd: provincially funded R&D of universities and institutes stays at its base-year amount (model).
    entry_selection: no entrants of any kind, no productivity-driven growth differences, no exits.
    gdp_feedback: GDP follows its trend path (``economy.gdp_feedback`` 0).
    plan_levers: the levers of issue 17 do nothing: talent and platform money beyond the base-year intensity
        brings no extra R&D staff or platform knowledge (``talent.rd_share``, ``talent.plan_recruits``,
        ``platform.rd_share`` 0), no vouchers, guidance funds, technology loans, bought outside technology or
        relocated HNTEs, and no yearly assessment.
"""

from __future__ import annotations

from typing import Any

CHANNELS = ("subsidy", "hnte", "super_deduction", "public_rd", "entry_selection", "gdp_feedback", "plan_levers")
NEVER = 10**9  # loss years before exit when exits are off


def channel_on(params: dict[str, Any], channel: str) -> bool:
    """True unless the scenario switches ``channel`` off (``channels.<channel>`` = 0)."""
    return bool(params.get(f"channels.{channel}", 1))


def effective_params(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters the model runs with: ``params`` itself when every channel is on, else a copy in
    which the switched-off channels' instruments are zero (see the module docstring)."""
    if all(channel_on(params, c) for c in CHANNELS):
        return params
    p = dict(params)
    if not channel_on(p, "subsidy"):
        p["subsidy.rate"] = {0: 0.0}
    if not channel_on(p, "hnte"):
        p["tax.cit_hnte"] = p["tax.cit_standard"]
        p["subsidy.hnte_award_first"] = {0: 0.0}
        p["subsidy.hnte_award_recert"] = {0: 0.0}
    if not channel_on(p, "super_deduction"):
        p["tax.super_deduction"] = {0: 0.0}
    if not channel_on(p, "entry_selection"):
        p["firms.entry_rate"] = 0.0
        p["firms.platform_entry_per_100m"] = 0.0
        p["firms.selection"] = 0.0
        p["firms.exit_loss_years"] = NEVER
    if not channel_on(p, "gdp_feedback"):
        p["economy.gdp_feedback"] = 0.0
    if not channel_on(p, "plan_levers"):
        p.update({"talent.rd_share": 0.0, "talent.plan_recruits": {0: 0.0}, "platform.rd_share": 0.0,
                  "voucher.budget": {0: 0.0}, "finance.fund_size": {0: 0.0}, "finance.tech_loans": {0: 0.0},
                  "outside.tech_purchases": {0: 0.0}, "outside.relocated_hntes": {0: 0.0}, "assessment.on": 0})
    return p
