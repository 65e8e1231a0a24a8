-- The trainer's output. One model per series; re-training replaces it and its forecasts in one transaction.
CREATE TABLE models (
    src_ip              text             NOT NULL,
    metric              text             NOT NULL,
    kind                text             NOT NULL,
    trained_at          timestamptz      NOT NULL,
    observations        integer          NOT NULL,
    validation_mase     double precision,
    validation_coverage double precision,
    model               bytea            NOT NULL,
    PRIMARY KEY (src_ip, metric)
);

CREATE TABLE forecasts (
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
