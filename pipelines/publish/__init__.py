"""The published stage: the built database as a citable dataset package (``zhuqi package``), and ``zhuqi build``
writing it beside the database. Reads the built database only; imports nothing of the app."""
