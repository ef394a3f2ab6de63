package org.wuzhen.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.taxii.testing.TestNode;

/** {@code web.enabled: false} leaves the node without a single console route. */
class ConsoleSwitchTest {
  @TempDir Path dir;

  @Test
  void aDisabledConsoleServesNothing() {
    try (TestNode node =
        TestNode.sqlite(dir)
            .with(
                s ->
                    new Console(
                        new ConsoleSettings(false, Duration.ofHours(1)),
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        Clock.systemUTC()))
            .start()) {
      assertThat(node.node().routes()).noneMatch(r -> r.template().startsWith("/ui/"));
      Visitor v = new Visitor(node.uri());
      assertThat(v.get("").statusCode()).isEqualTo(404);
      assertThat(v.get("ui/login/").statusCode()).isEqualTo(404);
    }
  }
}
