"""Kith's terminal interface: the Textual app and its screens. Every decision is a call into `journal`."""
