"""Tests of sim.devtools."""
