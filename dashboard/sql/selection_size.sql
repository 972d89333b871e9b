-- One row: how many localities the filters select.
WITH {selection}
SELECT count(*) AS n FROM selected
