"""Tests of sim.runs."""
