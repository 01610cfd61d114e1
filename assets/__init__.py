"""Bundled fonts, icons and translations, installed with innovsim and found through sim.resources.asset_path()."""
