-- One row: how many reports (sources) the database holds.
SELECT count(*) AS n FROM sources
