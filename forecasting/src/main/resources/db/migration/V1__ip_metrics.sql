-- One row per point. Its identity is (src_ip, metric, ts): archiving a point again never stores it twice.
-- The primary key's index, led by src_ip, serves the per-IP and per-(IP, metric) range reads.
CREATE TABLE ip_metrics (
    src_ip text             NOT NULL,
    metric text             NOT NULL,
    ts     timestamptz      NOT NULL,
    value  double precision NOT NULL,
    PRIMARY KEY (src_ip, metric, ts)
);
