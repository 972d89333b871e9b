"""The curation assistant, one job a module (each imports only those above it):

- ``figures``: finding figures in report text (numerals, multipliers, units, qualifiers; not dates or names);
  the words about a figure are looked for a bounded distance away (``MAX_CLAUSE``…), so the work is linear
  in the text's length;
- ``periods``: when a figure is from (the report's context, date expressions, a target's deadline);
- ``guess``: what a figure is (indicator, category, status, basis) — ``propose``;
- ``emit``: the draft's YAML, line by line, each value in a style that reads back as itself;
- ``draft``: clean the raw bytes as the build does, propose, write the draft YAML — ``extract``, ``Draft``;
- ``command``: the command line (``zhuqi extract``);
- ``evaluate``: recall and precision on the curated reports (``zhuqi evaluate-extract``).
"""
