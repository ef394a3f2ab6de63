package org.wuzhen.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.store.CollectionId;
import org.wuzhen.taxii.LoginLimits;
import org.wuzhen.taxii.TlsSettings;

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
    assertThat(c.operations().logFormat()).isEqualTo(NodeConfig.LogFormat.TEXT);
  }

  @Test
  void logFormatIsTextOrJsonAndAnythingElseNamesTheSetting() throws IOException {
    assertThat(load("log:\n  format: json\n").operations().logFormat())
        .isEqualTo(NodeConfig.LogFormat.JSON);
    assertThat(
            ConfigLoader.load(Optional.empty(), Map.of("WUZHEN_LOG_FORMAT", "text"), Map.of())
                .operations()
                .logFormat())
        .isEqualTo(NodeConfig.LogFormat.TEXT);
    assertThatThrownBy(() -> load("log:\n  format: xml\n"))
        .hasMessage("config log.format: expected text or json, found 'xml'");
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
  void readsStrictCollectionsAndNamesABadEntry() throws IOException {
    String id = "2f9e1c42-8a4b-4c3d-9e7f-1a2b3c4d5e6f";
    Path file = dir.resolve("strict.yaml");
    Files.writeString(file, "taxii:\n  title: T\n  strict_collections: [" + id + "]\n");
    assertThat(ConfigLoader.strictCollections(Optional.of(file)))
        .containsExactly(CollectionId.parse(id));
    assertThat(ConfigLoader.load(Optional.of(file), Map.of(), Map.of()).title()).isEqualTo("T");
    assertThat(ConfigLoader.strictCollections(Optional.empty())).isEmpty();
    Files.writeString(file, "taxii:\n  strict_collections: [" + id + ", misp]\n");
    assertThatThrownBy(() -> ConfigLoader.strictCollections(Optional.of(file)))
        .hasMessage("config taxii.strict_collections[1]: not a collection id (a UUID): 'misp'");
    Files.writeString(file, "taxii:\n  strict_collections: misp\n");
    assertThatThrownBy(() -> ConfigLoader.strictCollections(Optional.of(file)))
        .hasMessage(
            "config taxii.strict_collections: expected a list of collection ids, found string");
  }

  @Test
  void theConsoleIsOnUnlessTheWebSectionSwitchesItOff() throws IOException {
    assertThat(ConfigLoader.console(Optional.empty()).enabled()).isTrue();
    Path off = dir.resolve("off.yaml");
    Files.writeString(off, "web:\n  enabled: false\n  session_hours: 8\n");
    assertThat(ConfigLoader.console(Optional.of(off)).enabled()).isFalse();
    assertThat(ConfigLoader.console(Optional.of(off)).sessionLifetime()).hasHours(8);
    assertThat(ConfigLoader.load(Optional.of(off), Map.of(), Map.of()).port()).isEqualTo(9443);
  }

  @Test
  void badWebSettingsNameTheSetting() {
    assertThatThrownBy(() -> load("web:\n  enabled: perhaps\n"))
        .hasMessage("config web.enabled: expected true or false, found string");
    assertThatThrownBy(() -> load("web:\n  session_hours: 1000\n"))
        .hasMessage(
            "config web.session_hours: expected a whole number of hours from 1 to 168, found"
                + " 1000");
    assertThatThrownBy(() -> load("web:\n  colour: blue\n"))
        .hasMessageStartingWith("config web.colour: unknown setting");
    assertThatThrownBy(() -> load("web: yes\n"))
        .hasMessageStartingWith("config web: expected a mapping of settings");
  }

  @Test
  void loginLimitsHaveSafeDefaultsAndAreReadFromTheFileAndEnvironment() throws IOException {
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).login())
        .isEqualTo(LoginLimits.DEFAULTS);
    Path file =
        write(
            """
            login:
              concurrent_verifications: 4
              max_wait_ms: 250
              address_failures: 50
              address_refill_per_minute: 30
              account_failures: 8
            """);
    LoginLimits read =
        ConfigLoader.load(
                Optional.of(file), Map.of("WUZHEN_LOGIN_ACCOUNT_REFILL_PER_MINUTE", "2"), Map.of())
            .login();
    assertThat(read).isEqualTo(new LoginLimits(4, Duration.ofMillis(250), 50, 30, 8, 2));
  }

  @Test
  void badLoginLimitsNameTheSetting() {
    assertThatThrownBy(() -> load("login:\n  concurrent_verifications: 0\n"))
        .hasMessage("config login.concurrent_verifications: 0 is outside 1..256");
    assertThatThrownBy(() -> load("login:\n  max_wait_ms: forever\n"))
        .hasMessage("config login.max_wait_ms: expected an integer, found 'forever'");
    assertThatThrownBy(() -> load("login:\n  account_failures: -3\n"))
        .hasMessage("config login.account_failures: -3 is outside 1..1000000");
    assertThatThrownBy(() -> load("login:\n  attempts: 3\n"))
        .hasMessageStartingWith("config login.attempts: unknown setting");
  }

  @Test
  void readsMispFeedsBesideTheOtherSettings() throws IOException {
    Path file = dir.resolve("feeds.yaml");
    Files.writeString(
        file,
        "taxii:\n  title: T\nmisp_feeds:\n  - name: circl\n    url: https://x.example/feed/\n"
            + "    collection: 2f9e1c42-8a4b-4c3d-9e7f-1a2b3c4d5e6f\n"
            + "    publisher: identity--0b7e9d8a-5c4d-4e2f-9a1b-3c5d7e9f1a2b\n");
    assertThat(ConfigLoader.mispFeeds(Optional.of(file)))
        .extracting(f -> f.name())
        .containsExactly("circl");
    assertThat(ConfigLoader.load(Optional.of(file), Map.of(), Map.of()).title()).isEqualTo("T");
    Files.writeString(file, "misp_feeds:\n  - name: circl\n");
    assertThatThrownBy(() -> ConfigLoader.mispFeeds(Optional.of(file)))
        .hasMessage("config misp_feeds[0].url: missing (required)");
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

  @Test
  void withoutATlsSectionANodeServesPlainHttpOnLoopbackOnly() throws IOException {
    assertThat(load("server:\n  port: 1\n").tls()).isEqualTo(TlsSettings.loopbackOnly());
    assertThat(load("tls: off\n").tls()).isInstanceOf(TlsSettings.TerminatedByProxy.class);
    assertThat(load("tls: 'off'\n").tls()).isInstanceOf(TlsSettings.TerminatedByProxy.class);
  }

  @Test
  void readsPemFilesReloadAndClientCertificateLogins() throws IOException {
    NodeConfig c =
        load(
            """
            server:
              public_url: https://taxii.example.org:9443
            tls:
              certificate: /etc/wuzhen/fullchain.pem
              key: /etc/wuzhen/privkey.pem
              reload_interval_s: 5
              client_ca: /etc/wuzhen/community-ca.pem
              client_certificates:
                - subject: CN=node-b,O=Energy ISAC
                  user: peer-b
                - fingerprint: AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89
                  user: peer-c
            """);
    assertThat(c.publicUrl()).hasValue(URI.create("https://taxii.example.org:9443/"));
    TlsSettings.Native tls = (TlsSettings.Native) c.tls();
    assertThat(tls.key())
        .isEqualTo(
            new TlsSettings.ServerKey.Pem(
                Path.of("/etc/wuzhen/fullchain.pem"), Path.of("/etc/wuzhen/privkey.pem")));
    assertThat(tls.reloadInterval()).isEqualTo(Duration.ofSeconds(5));
    TlsSettings.ClientCertificates clients = tls.clients().orElseThrow();
    assertThat(clients.caFile()).isEqualTo(Path.of("/etc/wuzhen/community-ca.pem"));
    assertThat(clients.logins())
        .extracting(TlsSettings.ClientLogin::user)
        .containsExactly("peer-b", "peer-c");
    assertThat(clients.logins().get(0).match())
        .isEqualTo(
            new TlsSettings.CertificateMatch.Subject(
                new X500Principal("CN=node-b, O=Energy ISAC")));
    assertThat(clients.logins().get(1).match())
        .isEqualTo(new TlsSettings.CertificateMatch.Sha256("abcdef0123456789".repeat(4)));
  }

  @Test
  void readsAKeystoreWithItsPasswordFromTheEnvironment() throws IOException {
    Path file = write("tls:\n  keystore: /etc/wuzhen/node.p12\n");
    NodeConfig c =
        ConfigLoader.load(
            Optional.of(file), Map.of("WUZHEN_TLS_KEYSTORE_PASSWORD", "s3cret"), Map.of());
    TlsSettings.Native tls = (TlsSettings.Native) c.tls();
    assertThat(tls.key())
        .isEqualTo(new TlsSettings.ServerKey.Pkcs12(Path.of("/etc/wuzhen/node.p12"), "s3cret"));
    assertThat(tls.toString()).doesNotContain("s3cret");
    Path named = write("tls:\n  keystore: k.p12\n  keystore_password_env: P12_PASS\n");
    assertThat(
            ((TlsSettings.Native)
                    ConfigLoader.load(Optional.of(named), Map.of("P12_PASS", "x"), Map.of()).tls())
                .key())
        .isEqualTo(new TlsSettings.ServerKey.Pkcs12(Path.of("k.p12"), "x"));
  }

  @Test
  void badTlsSettingsNameTheSetting() {
    assertThatThrownBy(() -> load("tls: on\n"))
        .hasMessageStartingWith("config tls: expected 'off' or a mapping");
    assertThatThrownBy(() -> load("tls:\n  certificate: a.pem\n"))
        .hasMessage("config tls.key: missing");
    assertThatThrownBy(() -> load("tls:\n  cert: a.pem\n"))
        .hasMessageStartingWith("config tls.cert: unknown setting");
    assertThatThrownBy(() -> load("tls:\n  keystore: k.p12\n"))
        .hasMessageContaining("config tls.keystore:")
        .hasMessageContaining("WUZHEN_TLS_KEYSTORE_PASSWORD, which is not set");
    assertThatThrownBy(() -> load("tls:\n  keystore: k.p12\n  certificate: a.pem\n  key: b\n"))
        .hasMessageStartingWith("config tls.keystore: give either");
    assertThatThrownBy(
            () ->
                load(
                    "tls:\n  certificate: a\n  key: b\n  client_ca: ca.pem\n"
                        + "  client_certificates:\n    - fingerprint: ab:cd\n      user: x\n"))
        .hasMessageStartingWith("config tls.client_certificates[0].fingerprint:");
    assertThatThrownBy(
            () ->
                load(
                    "tls:\n  certificate: a\n  key: b\n  client_ca: ca.pem\n"
                        + "  client_certificates:\n    - subject: CN=x\n"))
        .hasMessageStartingWith("config tls.client_certificates[0].user: missing");
    assertThatThrownBy(() -> load("tls:\n  certificate: a\n  key: b\n  client_certificates: []\n"))
        .hasMessage("config tls.client_ca: missing");
    assertThatThrownBy(() -> load("tls:\n  certificate: a\n  key: b\n  reload_interval_s: 0\n"))
        .hasMessageStartingWith("config tls.reload_interval_s: expected an integer in 1..");
    assertThatThrownBy(() -> load("server:\n  public_url: taxii.example.org\n"))
        .hasMessageStartingWith("config server.public_url: expected an absolute http(s) URL");
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
