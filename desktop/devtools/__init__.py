"""Packaging and developer checks: self-test, screenshots, translation build."""
