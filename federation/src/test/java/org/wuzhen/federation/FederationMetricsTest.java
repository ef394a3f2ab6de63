package org.wuzhen.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.Tlp;
import org.wuzhen.taxii.testing.PrometheusText;

/** A real node's {@code /metrics} show its pulls per peer and its transparency log. */
class FederationMetricsTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path dir;

  @Test
  void pullsMoveThePerPeerFiguresAndTheLogFiguresFollowTheLog() throws Exception {
    try (PeerNode a = PeerNode.start("a", dir, "{\"peers\":{\"b\":{\"relation\":\"member\"}}}");
        PeerNode b = PeerNode.start("b", dir, "{}")) {
      b.pullFrom(a);
      a.publish(
          MultiNodeTest.object(a, Tlp.GREEN, MultiNodeTest.T1),
          MultiNodeTest.object(a, Tlp.GREEN, MultiNodeTest.T1));
      // a signs a head of its log now, so b has one to witness whatever a's signer timing
      a.log.refresh();
      b.federation.syncOnce();
      PrometheusText.Scrape first = scrape(b);
      assertThat(first.value("wuzhen_federation_objects_pulled_total", "peer", "a")).contains(2.0);
      assertThat(first.value("wuzhen_federation_peer_flagged", "peer", "a")).contains(0.0);
      assertThat(first.value("wuzhen_federation_pull_failures_total", "peer", "a")).contains(0.0);
      assertThat(first.value("wuzhen_federation_last_success_timestamp_seconds", "peer", "a"))
          .hasValueSatisfying(t -> assertThat(t).isPositive());
      assertThat(first.value("wuzhen_federation_lag_seconds", "peer", "a")).isPresent();
      assertThat(first.value("wuzhen_federation_witnessed_tree_size", "peer", "a"))
          .hasValueSatisfying(size -> assertThat(size).isPositive());

      a.publish(MultiNodeTest.object(a, Tlp.GREEN, MultiNodeTest.T1));
      b.federation.syncOnce();
      PrometheusText.Scrape second = scrape(b);
      assertThat(second.value("wuzhen_federation_objects_pulled_total", "peer", "a")).contains(3.0);

      b.log.refresh();
      PrometheusText.Scrape log = scrape(b);
      double leaves = log.value("wuzhen_transparency_log_leaves").orElseThrow();
      assertThat(leaves).isEqualTo((double) b.store.logSize());
      assertThat(log.value("wuzhen_transparency_unsigned_leaves"))
          .hasValueSatisfying(lag -> assertThat(lag).isBetween(0.0, leaves));
    }
  }

  private static PrometheusText.Scrape scrape(PeerNode node) throws Exception {
    URI uri = node.apiRoot().resolve("/metrics");
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (node.admin + ":" + PeerNode.PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        CLIENT.send(
            HttpRequest.newBuilder(uri)
                .header("Authorization", "Basic " + basic)
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return PrometheusText.parse(r.body());
  }
}
