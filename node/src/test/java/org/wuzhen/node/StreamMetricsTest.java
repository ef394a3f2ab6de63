package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.wuzhen.stream.StreamCounters;
import org.wuzhen.taxii.LoopbackMetrics;
import org.wuzhen.taxii.testing.PrometheusText;

/** The counts the stream instance serves (the counting itself: stream's tests). */
class StreamMetricsTest {
  @Test
  void eachScrapeReadsTheCountsAndTheLagOfThatMoment() throws Exception {
    AtomicReference<Double> lag = new AtomicReference<>(0.0);
    try (LoopbackMetrics served =
            LoopbackMetrics.serve(0, StreamMetrics.registry(new StreamCounters(), lag::get));
        HttpClient client = HttpClient.newHttpClient()) {
      URI uri = URI.create("http://127.0.0.1:" + served.port() + "/metrics");
      PrometheusText.Scrape first = scrape(client, uri);
      for (String counter :
          new String[] {
            "wuzhen_stream_records_total",
            "wuzhen_stream_bad_records_total",
            "wuzhen_stream_matches_total",
            "wuzhen_stream_sightings_posted_total",
            "wuzhen_stream_indicators_published_total",
            "wuzhen_stream_indicators_withdrawn_total"
          }) {
        assertThat(first.value(counter)).as(counter).contains(0.0);
      }
      assertThat(first.value("wuzhen_stream_consumer_lag_records")).contains(0.0);
      lag.set(1234.0);
      assertThat(scrape(client, uri).value("wuzhen_stream_consumer_lag_records")).contains(1234.0);
    }
  }

  private static PrometheusText.Scrape scrape(HttpClient client, URI uri) throws Exception {
    HttpResponse<String> r =
        client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return PrometheusText.parse(r.body());
  }
}
