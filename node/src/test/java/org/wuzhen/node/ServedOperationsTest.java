package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.taxii.testing.PrometheusText;

/** What {@code wuzhen serve} gives operators: health endpoints and the metrics port. */
class ServedOperationsTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path data;

  @Test
  void aServedNodeAnswersHealthAndServesMetricsOnItsLoopbackPort() throws Exception {
    int metricsPort = NodeProcess.freePort();
    int port = NodeProcess.freePort();
    try (NodeProcess node =
        NodeProcess.start(
            data, port, List.of(), Map.of("WUZHEN_METRICS_PORT", Integer.toString(metricsPort)))) {
      assertThat(get("http://127.0.0.1:" + port + "/healthz").body()).isEqualTo("ok\n");
      HttpResponse<String> ready = get("http://127.0.0.1:" + port + "/readyz");
      assertThat(ready.statusCode()).isEqualTo(200);
      get("http://127.0.0.1:" + port + "/taxii2/");
      HttpResponse<String> metrics = get("http://127.0.0.1:" + metricsPort + "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      PrometheusText.Scrape scrape = PrometheusText.parse(metrics.body());
      assertThat(
              scrape.value(
                  "wuzhen_http_request_duration_seconds_count",
                  "route",
                  "/taxii2/",
                  "method",
                  "GET"))
          .contains(1.0);
      assertThat(scrape.value("wuzhen_transparency_log_leaves")).isPresent();
      assertThat(scrape.types()).containsKey("jvm_memory_used_bytes");
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
