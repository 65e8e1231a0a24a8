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
-- training). anomaly: a detector, streaming or forecast-based, flagged that value.
CREATE VIEW forecast_vs_actual AS
SELECT COALESCE(m.src_ip, h.src_ip) AS ip,
       COALESCE(m.metric, h.metric) AS metric,
       COALESCE(m.ts, h.ts)         AS ts,
       m.value                      AS actual,
       h.yhat,
       h.lower,
       h.upper,
       EXISTS (SELECT 1 FROM anomalies a
               WHERE a.src_ip = COALESCE(m.src_ip, h.src_ip) AND a.metric = COALESCE(m.metric, h.metric)
                 AND a.ts = COALESCE(m.ts, h.ts)) AS anomaly
FROM ip_metrics m
FULL OUTER JOIN forecast_history h ON h.src_ip = m.src_ip AND h.metric = m.metric AND h.ts = m.ts;
