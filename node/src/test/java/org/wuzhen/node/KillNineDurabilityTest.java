package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.store.ApiToken;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.Permission;
import org.wuzhen.store.PostgresServer;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.store.User;
import org.wuzhen.taxii.PasswordHasher;
import org.wuzhen.taxii.StatusResource;
import org.wuzhen.taxii.Tokens;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.ObjectFilter;
import org.wuzhen.taxii.client.ObjectsPage;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.taxii.client.TaxiiClientException;

/**
 * Every object a status resource acknowledged as a success survives {@code kill -9} of the node
 * during sustained POSTs: the node runs as its own process, is killed mid-stream, restarted on the
 * same data, and every acknowledged object is found again.
 */
class KillNineDurabilityTest {
  static final int ENVELOPE = 50;
  static final int ACKNOWLEDGED_BEFORE_KILL = 20;

  @TempDir Path data;

  @Test
  void acknowledgedObjectsSurviveKillNineOnTheEmbeddedStore() throws Exception {
    survivesKillNine(new StoreConfig.Sqlite(data), List.of());
  }

  @Test
  void acknowledgedObjectsSurviveKillNineOnPostgresql() throws Exception {
    StoreConfig.Postgres database = PostgresServer.shared().createDatabase();
    Path config = data.resolve("wuzhen.yaml");
    Files.writeString(
        config,
        "store:\n  kind: postgresql\n  url: "
            + database.jdbcUrl()
            + "\n  user: "
            + database.user()
            + "\n  password: '"
            + database.password()
            + "'\n");
    survivesKillNine(database, List.of("--config", config.toString()));
  }

  private void survivesKillNine(StoreConfig storeConfig, List<String> nodeArgs) throws Exception {
    String token = Tokens.generate();
    CollectionId collection;
    try (Store store = Stores.open(storeConfig)) {
      collection = prepare(store, token);
    }
    int port = NodeProcess.freePort();
    TaxiiClient client =
        TaxiiClient.builder(URI.create("http://127.0.0.1:" + port + "/"))
            .credentials(Credentials.bearer(token))
            .connectTimeout(Duration.ofSeconds(5))
            .requestTimeout(Duration.ofSeconds(30))
            .build();
    Set<String> acknowledged = new HashSet<>();
    int envelopes = 0;
    try (NodeProcess node = NodeProcess.start(data, port, nodeArgs)) {
      AtomicBoolean killed = new AtomicBoolean();
      Thread killer = null;
      while (!killed.get()) {
        List<String> ids = new ArrayList<>();
        String body = envelope(ids);
        StatusResource status;
        try {
          status =
              client.addObjects(
                  "community",
                  collection.toString(),
                  ((JsonObject) Json.parse(body)).array("objects").orElseThrow().elements());
        } catch (TaxiiClientException e) {
          // The kill landed while this POST was in flight: it was never acknowledged.
          assertThat(e.kind()).as(e.getMessage()).isEqualTo(TaxiiClientException.Kind.UNREACHABLE);
          break;
        }
        for (StatusResource.Detail success : status.successes()) {
          acknowledged.add(success.id());
        }
        envelopes++;
        if (envelopes == ACKNOWLEDGED_BEFORE_KILL) {
          // Kill from another thread while the next POSTs are being sent and written.
          killer =
              new Thread(
                  () -> {
                    try {
                      Thread.sleep(5);
                      node.kill();
                      killed.set(true);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
          killer.start();
        }
      }
      if (killer != null) {
        killer.join();
      }
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL * ENVELOPE);

    try (NodeProcess restarted = NodeProcess.start(data, port, nodeArgs)) {
      Set<String> found = readAll(client, collection);
      assertThat(found).containsAll(acknowledged);
    }
  }

  static CollectionId prepare(Store store, String token) {
    store.addMember(new Member("cert-a", "identity--" + UUID.randomUUID()));
    store.addUser(
        new User(
            "alice", "cert-a", PasswordHasher.defaults().hash("a long enough password"), false));
    store.addToken(new ApiToken("tok-1", "alice", Tokens.hash(token), Instant.now(), false));
    CollectionInfo c =
        store.createCollection(
            new CollectionInfo(
                CollectionId.random(),
                "Shared",
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                List.of(CollectionInfo.STIX_21)));
    store.grant(new Permission(c.id(), Principal.member("cert-a"), true, true));
    return c.id();
  }

  private static int counter;

  static String envelope(List<String> ids) {
    List<JsonValue> objects = new ArrayList<>();
    for (int i = 0; i < ENVELOPE; i++) {
      int n = counter++;
      String id = "indicator--" + UUID.randomUUID();
      ids.add(id);
      objects.add(
          JsonObject.builder()
              .put("type", "indicator")
              .put("spec_version", "2.1")
              .put("id", id)
              .put("created", "2024-01-01T00:00:00.000Z")
              .put("modified", "2024-01-01T00:00:00.000Z")
              .put(
                  "pattern",
                  "[ipv4-addr:value = '10."
                      + (n >> 16 & 255)
                      + "."
                      + (n >> 8 & 255)
                      + "."
                      + (n & 255)
                      + "']")
              .put("pattern_type", "stix")
              .put("valid_from", "2024-01-01T00:00:00Z")
              .build());
    }
    return Json.write(JsonObject.builder().put("objects", new JsonArray(objects)).build());
  }

  static Set<String> readAll(TaxiiClient client, CollectionId collection) throws Exception {
    Set<String> found = new HashSet<>();
    ObjectFilter first = ObjectFilter.NONE.withLimit(500);
    ObjectsPage page = client.objects("community", collection.toString(), first);
    while (true) {
      for (JsonValue o : page.objects()) {
        found.add(((JsonObject) o).string("id").orElseThrow());
      }
      if (!page.more()) {
        return found;
      }
      page =
          client.objects(
              "community", collection.toString(), first.withNext(page.next().orElseThrow()));
    }
  }
}
