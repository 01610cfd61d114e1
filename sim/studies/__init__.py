"""Modeler studies over many runs: designs, sweep, sensitivity, calibration, goal seeking."""
