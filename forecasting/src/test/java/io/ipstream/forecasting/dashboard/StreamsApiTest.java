package io.ipstream.forecasting.dashboard;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipstream.common.ApiToken;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamsApiTest {
    private final StreamsApi api = new StreamsApi("http://127.0.0.1:1", ApiToken.NONE);

    @Test
    void shouldPassOnOnlyTheReadEndpointsTheDashboardUses() {
        // given: paths a caller could try to reach other things with
        List<String> refused = List.of("/api/local/ips", "/api/instances", "/api/ips/../metrics", "/api/ips/%2e%2e/stats",
                "/api/ips/1.2.3.4/stats/../../x", "//evil.example/api/ips", "/api/ips/1.2.3.4/windows?x", "/metrics",
                "/api/ips/a b/stats", "http://evil.example/api/ips", "/api/ips/1.2.3.4/stats#frag");

        // then: each is refused before any request is made
        for (String path : refused) {
            assertThatThrownBy(() -> api.get(path, null)).as(path).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> api.get("/api/ips", "limit=1#x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> api.get("/api/ips", "limit=1?x=/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectABaseUrlThatIsNotHttp() {
        assertThatThrownBy(() -> new StreamsApi("file:///etc/passwd", ApiToken.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StreamsApi("not a url", ApiToken.NONE)).isInstanceOf(IllegalArgumentException.class);
    }
}
