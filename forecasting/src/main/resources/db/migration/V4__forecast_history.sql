-- The forecasts table holds only each series' last round, always ahead of its data. To chart
-- forecast against reality, every forecast step is also kept here: the latest one made for each
-- timestamp (a round forecasts only timestamps after the data it saw, so that is the forecast made
-- before the actual arrived).
CREATE TABLE forecast_history (
    src_ip     text             NOT NULL,
    metric     text             NOT NULL,
    ts         timestamptz      NOT NULL,
    yhat       double precision NOT NULL,
    lower      double precision NOT NULL,
    upper      double precision NOT NULL,
    model      text             NOT NULL,
    trained_at timestamptz      NOT NULL,
    PRIMARY KEY (src_ip, metric, ts)
);

INSERT INTO forecast_history (src_ip, metric, ts, yhat, lower, upper, model, trained_at)
SELECT src_ip, metric, ts, yhat, lower, upper, model, trained_at FROM forecasts;

-- For Superset or Grafana: every archived actual and every forecast step, side by side (either may
-- be missing: actuals reach the archive after --archive-horizon, forecasts exist from the first
-- training). anomaly: a detector, streaming or forecast-based, flagged that value. Two halves rather
-- than a FULL JOIN on coalesced keys, so a filter on ip, metric and ts reaches each table's index.
CREATE VIEW forecast_vs_actual AS
SELECT m.src_ip AS ip, m.metric, m.ts, m.value AS actual, h.yhat, h.lower, h.upper,
       EXISTS (SELECT 1 FROM anomalies a WHERE a.src_ip = m.src_ip AND a.metric = m.metric AND a.ts = m.ts) AS anomaly
FROM ip_metrics m
LEFT JOIN forecast_history h ON h.src_ip = m.src_ip AND h.metric = m.metric AND h.ts = m.ts
UNION ALL
SELECT h.src_ip, h.metric, h.ts, NULL, h.yhat, h.lower, h.upper,
       EXISTS (SELECT 1 FROM anomalies a WHERE a.src_ip = h.src_ip AND a.metric = h.metric AND a.ts = h.ts)
FROM forecast_history h
WHERE NOT EXISTS (SELECT 1 FROM ip_metrics m WHERE m.src_ip = h.src_ip AND m.metric = h.metric AND m.ts = h.ts);
