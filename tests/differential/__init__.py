"""Differential testing against CppNix: generated programs and conformance mutations (see generate.py)."""
