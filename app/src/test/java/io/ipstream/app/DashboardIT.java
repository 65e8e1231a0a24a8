package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless browser (Debian's Chromium), served by {@code ipstream demo}
 * running in its own JVM from the packaged jar on the seed data, with an API token as a deployment
 * beyond one machine would have it: the page, opened once with the token, loads, the chart of a
 * seed IP has its points and its forecast (through the token-protected APIs of both services),
 * the list answers a search, and nothing on the page reports an error. The screenshot is kept in
 * target/dashboard/.
 */
class DashboardIT {
    private static final Path APPLICATION_JAR = Path.of("target", "ipstream.jar");
    private static final Path SCREENSHOTS = Path.of("target", "dashboard");
    private static final String IP = "46.39.79.251";
    private static final Duration DEMO_START = Duration.ofMinutes(4);

    @TempDir
    Path work;

    @Test
    void shouldShowTheSeedIpsAndChartActualsAgainstTheForecastWithoutErrors() throws Exception {
        // given: the demo on the seed data, trained, on free ports
        assertThat(Files.isExecutable(HeadlessChromium.EXECUTABLE)).as("Debian's Chromium at %s (apt-get install chromium)",
                HeadlessChromium.EXECUTABLE).isTrue();
        int[] ports = FreePorts.pick("127.0.0.1", 2);
        String token = UUID.randomUUID().toString();
        Path tokenFile = Files.writeString(work.resolve("api-token"), token + "\n");
        Path log = work.resolve("demo.log");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m", "-jar",
                APPLICATION_JAR.toString(), "demo", "--data", SeedCsv.LOGS_CSV.toString(), "--api-token-file", tokenFile.toString(),
                "--http-port", Integer.toString(ports[0]), "--streams-http-port", Integer.toString(ports[1]))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (HeadlessChromium browser = HeadlessChromium.start(work.resolve("chromium-profile"))) {
            await().atMost(DEMO_START).pollInterval(Duration.ofSeconds(1)).until(() -> {
                assertThat(demo.isAlive()).as("demo still running; its log:\n%s", Files.readString(log)).isTrue();
                return Files.readString(log).contains("The pipeline keeps running");
            });

            // when
            browser.open("http://127.0.0.1:" + ports[0] + "/?token=" + token + "#ip=" + IP + "&metric=unq_dst_ip");

            // then: the three seed IPs, and the chart of the chosen one with its history and its 8 forecast steps
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertThat(browser.evaluate("document.getElementById('chart').dataset.points").asInt()).isPositive();
                assertThat(browser.evaluate("document.getElementById('chart').dataset.forecasts").asInt()).isEqualTo(8);
                assertThat(rows(browser)).containsExactlyInAnyOrder("46.39.79.251", "229.46.205.74", "187.44.158.33");
            });
            assertThat(browser.evaluate("document.getElementById('ip-title').textContent").asText()).isEqualTo(IP);
            // and: the token left the address bar (no bookmark or history keeps it), and the APIs still want it
            assertThat(browser.evaluate("location.search").asText()).isEmpty();
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[0] + "/api/dashboard/ips"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(Files.readString(log)).as("the demo's log").doesNotContain(token).contains("bearer-token authentication on");
            assertThat(browser.evaluate("document.querySelectorAll('#chart canvas').length").asInt()).isPositive();
            browser.screenshot(SCREENSHOTS.resolve("dashboard.png"));

            // and: a search narrows the list
            browser.evaluate("(() => { const s = document.getElementById('search'); s.value = '229.46';"
                    + " s.dispatchEvent(new Event('input')); })()");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rows(browser)).containsExactly("229.46.205.74"));

            // and: nothing on the page reported an error
            assertThat(browser.errors()).isEmpty();
        } finally {
            demo.destroy();
            if (!demo.waitFor(60, TimeUnit.SECONDS)) {
                demo.destroyForcibly().waitFor();
            }
        }
    }

    private static List<String> rows(HeadlessChromium browser) {
        List<String> ips = new ArrayList<>();
        browser.evaluate("[...document.querySelectorAll('#ips tbody tr')].map(r => r.dataset.ip)").forEach(ip -> ips.add(ip.asText()));
        return ips;
    }
}
