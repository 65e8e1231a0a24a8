-- Anomalies found by the forecast-based detector: an actual outside its stored forecast interval.
-- Identity (src_ip, metric, ts, source): finding one again stores nothing new.
CREATE TABLE anomalies (
    src_ip      text             NOT NULL,
    metric      text             NOT NULL,
    ts          timestamptz      NOT NULL,
    source      text             NOT NULL,
    value       double precision NOT NULL,
    expected    double precision NOT NULL,
    score       double precision NOT NULL,
    detected_at timestamptz      NOT NULL,
    PRIMARY KEY (src_ip, metric, ts, source)
);
CREATE INDEX anomalies_by_time ON anomalies (ts);
