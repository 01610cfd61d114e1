"""Tests of the built wheel and the frozen app."""
