package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipstream kafka}: a broker in a JVM of its own that says where it is ready, serves clients, stops on SIGTERM and keeps its data. */
class KafkaCommandIT {
    private static final Path APPLICATION_JAR = Path.of("target", "ipstream.jar");
    private static final Duration READY_WITHIN = Duration.ofSeconds(90);

    @TempDir
    Path work;

    private Process broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.destroyForcibly();
        }
    }

    @Test
    void shouldServeClientsOnTheAnnouncedAddressStopOnSigtermAndKeepItsTopicsAcrossARestart() throws Exception {
        // given
        int port = FreePorts.pick("127.0.0.1", 1)[0];
        Path dataDir = work.resolve("kafka-data");

        // when: started, it announces one ready line naming its address
        broker = start(port, dataDir);
        String ready = readyLine(broker);

        // then: clients reach it there
        assertThat(ready).contains("127.0.0.1:" + port).contains(dataDir.toString());
        try (Admin admin = admin(port)) {
            admin.createTopics(List.of(new NewTopic("kept-across-restarts", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }

        // when: stopped as a service manager stops it
        broker.destroy();

        // then: it exits cleanly, and a restart on the same data directory still has the topic
        assertThat(broker.waitFor(60, TimeUnit.SECONDS)).as("exited within 60 s of SIGTERM").isTrue();
        assertThat(broker.exitValue()).as("exit code after SIGTERM").isIn(0, 143);
        broker = start(port, dataDir);
        readyLine(broker);
        try (Admin admin = admin(port)) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(topics).contains("kept-across-restarts");
        }
    }

    private static Process start(int port, Path dataDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-jar", APPLICATION_JAR.toString(), "kafka", "--port", Integer.toString(port),
                "--data-dir", dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** The first line of standard output that says the broker is ready; fails when none comes in time. */
    private static String readyLine(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.contains("ready")) {
                        return line;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String line = ready.get(READY_WITHIN.toSeconds(), TimeUnit.SECONDS);
        assertThat(line).as("a ready line before the broker's output ended").isNotNull();
        return line;
    }

    private static Admin admin(int port) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port));
    }
}
