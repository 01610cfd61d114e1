"""Tests of sim.studies."""
