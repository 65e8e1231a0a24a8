package io.ipstream.app.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipstream.common.IpLog;
import io.ipstream.common.IpLogCodec;
import io.ipstream.loader.RecordSources;
import io.ipstream.loader.generate.AnomalyLabel;
import io.ipstream.loader.generate.Generator;
import io.ipstream.loader.generate.GeneratorConfig;
import io.ipstream.loader.generate.Template;
import io.ipstream.loader.generate.Templates;
import io.ipstream.topology.anomaly.AnomalyReplay;
import io.ipstream.topology.anomaly.AnomalySettings;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming detector with its default settings, backtested on labelled data generated from the
 * seed templates, as {@code ipstream generate --anomaly-rate} and {@code ipstream backtest-anomalies} do.
 */
class StreamingDetectorBacktestTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final Path SEED = Path.of("..", "data", "logs.csv");
    private static final double ANOMALY_RATE = 0.02;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldFindMostInjectedAnomaliesWithFewFalseAlarms(long seed) {
        // given: 6 IPs over the templates' own length (30 weeks), each with its own scale, anomalies at rate 0.02.
        // Most of what the detector misses it could not judge: each hour of the day learns its first minHistory
        // values unjudged, and an anomaly learned then raises that hour's baseline for good. The shorter the run,
        // the larger that share (over 60 days recall is about 0.5).
        List<Template> templates = Templates.read(new RecordSources(new IpLogCodec(UTC)).csv(SEED, null), UTC);
        LocalDate start = templates.stream().map(Template::firstDay).min(LocalDate::compareTo).orElseThrow();
        Generator generator = new Generator(GeneratorConfig.of(2 * templates.size(), 210, start, UTC, seed, ANOMALY_RATE),
                templates, Set.of());
        List<IpLog> logs = new ArrayList<>();
        Map<AnomalyReplay.ValueKey, String> truth = new HashMap<>();
        generator.forEachRemaining(generated -> {
            logs.add(generated.log());
            for (AnomalyLabel label : generated.anomalies()) {
                truth.put(new AnomalyReplay.ValueKey(label.srcIp(), label.timestampMillis(), label.metric().wireName()),
                        label.kind().wireName());
            }
        });

        // when
        AnomalyReplay.Score score = AnomalyReplay.score(AnomalyReplay.flag(logs, AnomalySettings.DEFAULTS, UTC), truth);

        // then
        String figures = String.format("precision %.3f, recall %.3f, %d flagged, %d labelled", score.precision(), score.recall(),
                score.flagged(), score.labelled());
        assertThat(score.labelled()).as(figures).isGreaterThan(1000);
        assertThat(score.precision()).as(figures).isGreaterThanOrEqualTo(0.9);
        assertThat(score.recall()).as(figures).isGreaterThanOrEqualTo(0.6);
        assertThat(score.recallByKind()).as(figures).containsOnlyKeys(
                AnomalyLabel.Kind.SPIKE.wireName(), AnomalyLabel.Kind.DROP.wireName(), AnomalyLabel.Kind.LEVEL_SHIFT.wireName());
        score.recallByKind().forEach((kind, recall) -> assertThat(recall[0]).as(kind + " recall; " + figures).isGreaterThanOrEqualTo(0.5));
    }
}
