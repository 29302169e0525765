"""Benchmarks and evaluations: `python bench/run.py`. Not collected by the test run."""
