"""Bundled scenario files (*.toml), installed with innovsim and found through sim.resources.scenarios_dir()."""
