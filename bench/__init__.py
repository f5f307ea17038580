"""The benchmarks of `make bench` (`python -m bench.run`)."""
