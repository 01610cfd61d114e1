"""The Mesa model: agents, firm state and yearly dynamics, policy rules, the synthetic population."""
