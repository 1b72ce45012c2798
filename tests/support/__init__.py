"""Test support shared by tests and benchmarks: real data rows and renderers of real exporters' pages."""
