package org.wuzhen.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaultsDescribeALoopbackNodeOnTheEmbeddedStore() {
    NodeConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(9443);
    assertThat(c.store()).isInstanceOf(NodeConfig.StoreSettings.Sqlite.class);
    assertThat(c.apiRoots()).extracting(NodeConfig.ApiRoot::name).containsExactly("community");
    assertThat(c.logLevel()).isEqualTo("warn");
  }

  @Test
  void fileThenEnvironmentThenOverridesWin() throws IOException {
    Path file =
        write(
            """
            server:
              port: 8000
              host: 0.0.0.0
            store:
              kind: postgresql
              url: jdbc:postgresql://127.0.0.1:5432/wuzhen
              user: wuzhen
            taxii:
              title: CERT node
              api_roots:
                - name: community
                  title: Community
                  max_content_length: 2097152
                - name: private
                  title: Our own
            """);
    NodeConfig c =
        ConfigLoader.load(
            Optional.of(file),
            Map.of("WUZHEN_SERVER_PORT", "8100", "WUZHEN_STORE_PASSWORD", "s3cret", "HOME", "/x"),
            Map.of("server.host", "127.0.0.1"));
    assertThat(c.port()).isEqualTo(8100);
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.title()).isEqualTo("CERT node");
    assertThat(c.store())
        .isEqualTo(
            new NodeConfig.StoreSettings.Postgres(
                "jdbc:postgresql://127.0.0.1:5432/wuzhen", "wuzhen", "s3cret", 16));
    assertThat(c.store().toString()).doesNotContain("s3cret");
    assertThat(c.apiRoots()).hasSize(2);
    assertThat(c.apiRoots().get(0).maxContentLength()).isEqualTo(2097152);
  }

  @Test
  void badValuesNameTheSetting() throws IOException {
    assertThatThrownBy(() -> load("server:\n  port: seventy\n"))
        .hasMessage("config server.port: expected an integer, found 'seventy'");
    assertThatThrownBy(() -> load("server:\n  port: 70000\n"))
        .hasMessage("config server.port: 70000 is outside 0..65535");
    assertThatThrownBy(() -> load("server:\n  prot: 80\n"))
        .hasMessageStartingWith("config server.prot: unknown setting");
    assertThatThrownBy(() -> load("store:\n  kind: mongodb\n"))
        .hasMessage("config store.kind: expected sqlite or postgresql, found 'mongodb'");
    assertThatThrownBy(() -> load("store:\n  kind: postgresql\n  url: postgres://x\n  user: u\n"))
        .hasMessageStartingWith("config store.url: expected jdbc:postgresql://");
    assertThatThrownBy(() -> load("taxii:\n  api_roots:\n    - name: Bad Name\n"))
        .hasMessageStartingWith("config taxii.api_roots[0].name: 'Bad Name' is not a valid");
    assertThatThrownBy(() -> load("taxii:\n  api_roots:\n    - name: a\n    - name: a\n"))
        .hasMessage("config taxii.api_roots[1].name: 'a' is used twice or reserved");
    assertThatThrownBy(() -> load("log:\n  level: loud\n"))
        .hasMessageStartingWith("config log.level: expected one of");
  }

  @Test
  void badEnvironmentValueNamesTheSetting() {
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of("WUZHEN_SERVER_PORT", "x"), Map.of()))
        .hasMessage("config server.port: expected an integer, found 'x'");
  }

  @Test
  void malformedOrMissingFileIsAClearError() throws IOException {
    assertThatThrownBy(() -> load("server: [1, 2\n")).hasMessageStartingWith("config file: ");
    assertThatThrownBy(() -> load("- just\n- a list\n"))
        .hasMessageContaining("expected a mapping of settings");
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.of(dir.resolve("none.yaml")), Map.of(), Map.of()))
        .hasMessageContaining("no such file");
  }

  @Test
  void emptyFileMeansDefaults() throws IOException {
    assertThat(load("").port()).isEqualTo(9443);
  }

  private NodeConfig load(String yaml) throws IOException {
    return ConfigLoader.load(Optional.of(write(yaml)), Map.of(), Map.of());
  }

  private Path write(String yaml) throws IOException {
    Path file = Files.createTempFile(dir, "wuzhen", ".yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
