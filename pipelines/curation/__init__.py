"""The curation assistant, one job a module (each imports only those above it):

- ``figures``: finding figures in report text (numerals, multipliers, units, qualifiers; not dates or names);
- ``periods``: when a figure is from (the report's context, date expressions, a target's deadline);
- ``guess``: what a figure is (indicator, category, status, basis) — ``propose``;
- ``draft``: clean the raw bytes as the build does, propose, write the draft YAML — ``extract``, ``Draft``;
- ``command``: the command line (``zhuqi extract``);
- ``evaluate``: recall and precision on the curated reports (``zhuqi evaluate-extract``).
"""
