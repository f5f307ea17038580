"""The pure-Python document core. Never imports Django (tests/core/test_purity.py enforces it).

Layers: readers (file formats → blocks) → parsers (official-document shapes → records)
→ renderers (records → Word/Excel). Status rules are pure functions of facts and a date.
"""
