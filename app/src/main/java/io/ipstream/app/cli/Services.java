package io.ipstream.app.cli;

import io.ipstream.app.FreePorts;
import io.ipstream.common.ApiToken;
import io.ipstream.common.ConfigError;
import io.ipstream.forecasting.http.ForecastingServer;
import io.ipstream.forecasting.service.ForecastingService;
import io.ipstream.forecasting.service.ServiceSettings;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Model.CommandSpec;

/** Runs the forecasting service (and its HTTP API when a port is given) until the process is stopped. */
final class Services {
    private Services() {
    }

    static int runUntilStopped(CommandSpec spec, ServiceSettings settings, String httpHost, Integer httpPort, String streamsUrl,
                               ApiToken token) throws InterruptedException {
        Integer port = httpPort == null || httpPort != 0 ? httpPort : FreePorts.pick(httpHost, 1)[0];
        if (port != null && !FreePorts.isFree(httpHost, port)) {
            throw new ConfigError("port " + port + " on " + httpHost + " is in use; choose another with --http-port");
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        ForecastingService service = ForecastingService.start(settings, registry);
        ForecastingServer server;
        try {
            server = port == null ? null : ForecastingServer.start(httpHost, port, service, registry, streamsUrl, token);
        } catch (IllegalArgumentException e) {
            service.close();
            throw new ConfigError(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (server != null) {
                server.close();
            }
            service.close();
            stopped.countDown();
        }, "forecasting-shutdown"));
        spec.commandLine().getOut().printf("Forecasting service started%s%s; Ctrl-C to stop%n",
                port == null ? "" : ", HTTP API on http://" + httpHost + ":" + port,
                port == null || streamsUrl == null ? "" : ", dashboard on http://" + httpHost + ":" + port + "/"
                        + (token.enabled() ? " (open it once as /?token=<the API token>)" : ""));
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
