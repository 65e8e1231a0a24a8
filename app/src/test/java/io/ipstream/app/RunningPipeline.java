package io.ipstream.app;

import io.ipstream.app.broker.EmbeddedKafka;
import io.ipstream.topology.StreamsRuntime;
import io.ipstream.topology.StreamsSettings;
import java.nio.file.Path;

/** An embedded broker with one topology instance on it: the fixture most integration tests share. */
final class RunningPipeline implements AutoCloseable {
    private final EmbeddedKafka broker;
    private final StreamsRuntime runtime;

    private RunningPipeline(EmbeddedKafka broker, StreamsRuntime runtime) {
        this.broker = broker;
        this.runtime = runtime;
    }

    static RunningPipeline start(Path work, String applicationId) throws InterruptedException {
        EmbeddedKafka broker = EmbeddedKafka.start(0, work.resolve("kafka"));
        try {
            return new RunningPipeline(broker,
                    Pipelines.startTopology(StreamsSettings.of(broker.bootstrapServers(), applicationId, work.resolve("streams"))));
        } catch (RuntimeException | InterruptedException | AssertionError e) {
            broker.close();
            throw e;
        }
    }

    EmbeddedKafka broker() {
        return broker;
    }

    StreamsRuntime runtime() {
        return runtime;
    }

    @Override
    public void close() {
        runtime.close();
        broker.close();
    }
}
