package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaxiiConfigTest {
  private static final TaxiiConfig.Discovery D =
      new TaxiiConfig.Discovery("Node", Optional.empty(), Optional.empty());
  private static final byte[] KEY = new byte[32];

  @Test
  void defaultsAreSensible() {
    TaxiiConfig c = TaxiiConfig.of(D, List.of(TaxiiConfig.ApiRoot.of("api1", "Root")), KEY);
    assertThat(c.port()).isZero();
    assertThat(c.apiRoots().getFirst().maxContentLength()).isEqualTo(10L * 1024 * 1024);
    assertThat(c.statusRetention()).isEqualTo(Duration.ofHours(24));
    assertThat(c.toString()).contains("signingKey=(hidden)");
  }

  @Test
  void errorsNameTheSetting() {
    List<TaxiiConfig.ApiRoot> roots = List.of(TaxiiConfig.ApiRoot.of("api1", "Root"));
    assertThatThrownBy(() -> TaxiiConfig.of(D, List.of(TaxiiConfig.ApiRoot.of("a/b", "x")), KEY))
        .hasMessageStartingWith("config taxii.api_roots[0].name: 'a/b' is not a path segment");
    assertThatThrownBy(() -> TaxiiConfig.of(D, List.of(TaxiiConfig.ApiRoot.of("taxii2", "x")), KEY))
        .hasMessageContaining("taxii.api_roots[0].name");
    assertThatThrownBy(() -> TaxiiConfig.of(D, roots, new byte[16]))
        .hasMessageStartingWith("config taxii.signing_key: must be at least 32 bytes");
    assertThatThrownBy(() -> TaxiiConfig.of(D, roots, KEY).withStatusRetention(Duration.ofHours(1)))
        .hasMessageStartingWith("config taxii.status_retention");
    assertThatThrownBy(() -> TaxiiConfig.of(D, roots, KEY).withPageSizes(200, 100))
        .hasMessageStartingWith("config taxii.default_page_size");
    assertThatThrownBy(() -> TaxiiConfig.of(D, roots, KEY).withAddress("127.0.0.1", 70000))
        .hasMessageStartingWith("config taxii.port");
    assertThatThrownBy(
            () ->
                TaxiiConfig.of(
                    D,
                    List.of(TaxiiConfig.ApiRoot.of("a", "x"), TaxiiConfig.ApiRoot.of("a", "y")),
                    KEY))
        .hasMessageContaining("taxii.api_roots[1].name: 'a' is used by another API root");
  }
}
