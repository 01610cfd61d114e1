"""Running scenarios: per-replicate seeds, simulate/run, executors, result files."""
