"""Deterministic synthetic data for the benchmarks (pure Python, no Django)."""
