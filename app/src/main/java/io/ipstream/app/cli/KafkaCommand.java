package io.ipstream.app.cli;

import io.ipstream.app.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipstream kafka}: a local single-node broker. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = "Run a real single-node Kafka broker (KRaft, no ZooKeeper) on 127.0.0.1 until stopped.")
public final class KafkaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "${env:IPSTREAM_KAFKA_PORT:-9092}",
            description = "Client port (env IPSTREAM_KAFKA_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:IPSTREAM_KAFKA_DATA_DIR:-ipstream-data/kafka}",
            description = "Where the broker keeps its logs; reused across restarts (env IPSTREAM_KAFKA_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedKafka broker = EmbeddedKafka.start(port, dataDir.toAbsolutePath());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-shutdown"));
        spec.commandLine().getOut().printf("Kafka broker ready on %s (data in %s); Ctrl-C to stop%n",
                broker.bootstrapServers(), broker.dataDir());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
