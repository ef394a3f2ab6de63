package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.taxii.StatusResource;
import org.wuzhen.taxii.Tokens;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.transparency.Ed25519Keys;

/**
 * {@code wuzhen backup} while a node serves sustained POSTs, and {@code wuzhen restore}: the
 * restored node holds every object acknowledged before the backup started and passes the full
 * audit; a damaged backup is refused before anything is replaced; a serving node's data is never
 * overwritten.
 */
class BackupRestoreTest {
  @TempDir Path dir;

  @Test
  void aBackupUnderSustainedPostsRestoresIntoANodeThatPassesTheFullAudit() throws Exception {
    Path live = dir.resolve("live");
    String token = Tokens.generate();
    CollectionId collection;
    try (Store store = Stores.open(new StoreConfig.Sqlite(live))) {
      collection = KillNineDurabilityTest.prepare(store, token);
    }
    Path backup = dir.resolve("node.backup");
    Set<String> acknowledgedBeforeBackup;
    Set<String> acknowledged = Collections.synchronizedSet(new HashSet<>());
    int port = NodeProcess.freePort();
    try (NodeProcess node = NodeProcess.start(live, port, List.of())) {
      TaxiiClient client = client(port, token);
      AtomicBoolean stop = new AtomicBoolean();
      List<Throwable> writerFailures = Collections.synchronizedList(new ArrayList<>());
      Thread writer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < 400 && !stop.get(); i++) {
                        post(client, collection, acknowledged);
                      }
                    } catch (Exception | AssertionError e) {
                      writerFailures.add(e);
                    }
                  });
      awaitAtLeast(acknowledged, 10 * KillNineDurabilityTest.ENVELOPE);
      acknowledgedBeforeBackup = Set.copyOf(acknowledged);
      CliRun run = CliRun.of("backup", "--data", live.toString(), "--out", backup.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("backed up").contains("signed before the copy");
      // The writer goes on past the backup.
      int atBackup = acknowledged.size();
      awaitAtLeast(acknowledged, atBackup + 2 * KillNineDurabilityTest.ENVELOPE);
      stop.set(true);
      writer.join();
      assertThat(writerFailures).isEmpty();
      assertThat(Files.getPosixFilePermissions(backup))
          .containsExactlyInAnyOrder(
              java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

      // The serving node's data directory is never restored over (the node is another process).
      CliRun refused = CliRun.of("restore", "--from", backup.toString(), "--data", live.toString());
      assertThat(refused.exitCode()).isEqualTo(ExitCodes.UNREADABLE);
      assertThat(refused.err()).contains("a node is serving from " + live);
    }

    Path restored = dir.resolve("restored");
    CliRun run = CliRun.of("restore", "--from", backup.toString(), "--data", restored.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("signed before the backup verifies")
        .contains("full audit passed");
    assertThat(restored.resolve(NodeAssembly.LOG_KEY_FILE))
        .hasSameBinaryContentAs(live.resolve(NodeAssembly.LOG_KEY_FILE));

    int restoredPort = NodeProcess.freePort();
    try (NodeProcess node = NodeProcess.start(restored, restoredPort, List.of())) {
      assertThat(KillNineDurabilityTest.readAll(client(restoredPort, token), collection))
          .containsAll(acknowledgedBeforeBackup);
      CliRun audit =
          CliRun.of(
              "audit",
              "verify",
              "--full",
              "--data",
              restored.toString(),
              "--url",
              "http://127.0.0.1:" + restoredPort + "/");
      assertThat(audit.exitCode()).as(audit.out() + audit.err()).isZero();
      assertThat(audit.out()).contains("full audit passed");
    }
  }

  @Test
  void aDamagedBackupIsRefusedAndTheDataDirectoryLeftAsItWas() throws Exception {
    Path data = dir.resolve("data");
    try (Store store = Stores.open(new StoreConfig.Sqlite(data))) {
      CollectionId c = KillNineDurabilityTest.prepare(store, Tokens.generate());
      List<String> ids = new ArrayList<>();
      store.add(
          c,
          ((JsonObject) Json.parse(KillNineDurabilityTest.envelope(ids)))
              .array("objects").orElseThrow().elements().stream()
                  .map(o -> org.wuzhen.stix.StixObject.parse(Json.write(o)))
                  .toList());
    }
    Ed25519Keys.loadOrCreate(data.resolve(NodeAssembly.LOG_KEY_FILE));
    Path backup = dir.resolve("good.backup");
    assertThat(
            CliRun.of("backup", "--data", data.toString(), "--out", backup.toString()).exitCode())
        .isZero();

    // A stopped node's data directory with data of its own: a refused restore leaves it alone.
    Path target = dir.resolve("target");
    Files.createDirectories(target);
    Files.writeString(target.resolve("wuzhen.db"), "the data before");

    Map<String, UnaryOperator<Path>> damages = new LinkedHashMap<>();
    damages.put(
        "an object altered",
        db ->
            sql(
                db,
                "UPDATE objects SET json = replace(json,"
                    + " '\"pattern_type\"', '\"pattern_type\" ') WHERE date_added = (SELECT max(date_added)"
                    + " FROM objects)"));
    damages.put(
        "an object lost",
        db ->
            sql(
                db,
                "DELETE FROM objects WHERE date_added ="
                    + " (SELECT min(date_added) FROM objects)"));
    damages.put("leaves lost", db -> sql(db, "DELETE FROM log_add_runs"));
    for (Map.Entry<String, UnaryOperator<Path>> damage : damages.entrySet()) {
      Path damaged = dir.resolve(damage.getKey().replace(' ', '-') + ".backup");
      rewriteDatabase(backup, damaged, damage.getValue());
      CliRun run = CliRun.of("restore", "--from", damaged.toString(), "--data", target.toString());
      assertThat(run.exitCode())
          .as(damage.getKey() + ": " + run.err())
          .isEqualTo(ExitCodes.INVALID);
      assertThat(run.err()).contains("restore refused").contains("nothing in " + target);
      assertThat(target.resolve("wuzhen.db")).hasContent("the data before");
      try (var files = Files.list(target)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("wuzhen.db", DataDirectoryLock.FILE);
      }
    }

    Path garbage = dir.resolve("garbage.backup");
    Files.writeString(garbage, "not a zip");
    CliRun run = CliRun.of("restore", "--from", garbage.toString(), "--data", target.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREADABLE);
    assertThat(run.err()).contains("not a wuzhen backup");

    // The good backup goes in, and what it replaced is kept aside.
    CliRun good = CliRun.of("restore", "--from", backup.toString(), "--data", target.toString());
    assertThat(good.exitCode()).as(good.err()).isZero();
    try (var files = Files.list(target)) {
      Path aside =
          files
              .filter(p -> p.getFileName().toString().startsWith("before-restore-"))
              .findFirst()
              .orElseThrow();
      assertThat(aside.resolve("wuzhen.db")).hasContent("the data before");
    }
    try (Store s = Stores.open(new StoreConfig.Sqlite(target))) {
      assertThat(s.logSize()).isGreaterThanOrEqualTo(KillNineDurabilityTest.ENVELOPE);
    }
  }

  private static Path sql(Path db, String statement) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      assertThat(s.executeUpdate(statement)).isPositive();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return db;
  }

  /** Copies a backup with its database changed by {@code damage}. */
  private void rewriteDatabase(Path from, Path to, UnaryOperator<Path> damage) throws IOException {
    Path db = Files.createTempFile(dir, "db-", ".db");
    Files.delete(db);
    try (ZipFile zip = new ZipFile(from.toFile());
        OutputStream raw = Files.newOutputStream(to);
        ZipOutputStream out = new ZipOutputStream(raw)) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        out.putNextEntry(new ZipEntry(e.getName()));
        try (InputStream in = zip.getInputStream(e)) {
          if (e.getName().equals("wuzhen.db")) {
            Files.copy(in, db);
            Files.copy(damage.apply(db), out);
          } else {
            in.transferTo(out);
          }
        }
        out.closeEntry();
      }
    }
    Files.delete(db);
  }

  private static TaxiiClient client(int port, String token) {
    return TaxiiClient.builder(URI.create("http://127.0.0.1:" + port + "/"))
        .credentials(Credentials.bearer(token))
        .connectTimeout(Duration.ofSeconds(5))
        .requestTimeout(Duration.ofSeconds(60))
        .build();
  }

  private static void post(TaxiiClient client, CollectionId collection, Set<String> acknowledged)
      throws Exception {
    List<String> ids = new ArrayList<>();
    String body = KillNineDurabilityTest.envelope(ids);
    StatusResource status =
        client.addObjects(
            "community",
            collection.toString(),
            ((JsonObject) Json.parse(body)).array("objects").orElseThrow().elements());
    for (StatusResource.Detail success : status.successes()) {
      acknowledged.add(success.id());
    }
  }

  private static void awaitAtLeast(Set<String> acknowledged, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (acknowledged.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(acknowledged.size())
        .as("objects acknowledged within 120 s")
        .isGreaterThanOrEqualTo(count);
  }
}
