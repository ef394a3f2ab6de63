package org.wuzhen.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.PostgresServer;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.Stores;

/**
 * The PostgreSQL backup procedure of docs/operations.md: {@code pg_dump -Fc} of a node's database
 * and {@code pg_restore} into a new one give a store that passes the full audit against a head
 * signed before the dump, with every object.
 */
class PostgresDumpRestoreTest {
  @TempDir Path dir;

  @Test
  void aDumpRestoredIntoANewDatabasePassesTheFullAuditAgainstTheHeadSignedBefore()
      throws Exception {
    PostgresServer server = PostgresServer.shared();
    StoreConfig.Postgres source = server.createDatabase();
    TreeHead head;
    List<String> before;
    try (Store store = Stores.open(source)) {
      CollectionId c = TransparencyLogTest.collection(store);
      store.add(c, TransparencyLogTest.identities(40));
      head = new TransparencyLog(store, Ed25519Keys.generate(), Clock.systemUTC()).refresh();
      store.add(c, TransparencyLogTest.identities(5)); // written after the head, before the dump
      before = ids(store, c);
    }
    Path dump = dir.resolve("wuzhen.dump");
    run(server, "pg_dump", "-Fc", "-f", dump.toString(), database(source));

    StoreConfig.Postgres target = server.createDatabase();
    run(
        server,
        "pg_restore",
        "--no-owner",
        "--exit-on-error",
        "-d",
        database(target),
        dump.toString());

    try (Store restored = Stores.open(target)) {
      FullAudit.Report report = FullAudit.run(restored, List.of(head));
      assertThat(report.treeSize()).isEqualTo(45);
      CollectionId c = restored.collections().getFirst().id();
      assertThat(ids(restored, c)).isEqualTo(before);
    }
  }

  private static List<String> ids(Store store, CollectionId c) {
    return store.query(c, ObjectQuery.latest(1000)).objects().stream()
        .map(StoredObject::id)
        .sorted()
        .toList();
  }

  private static String database(StoreConfig.Postgres config) {
    return config.jdbcUrl().substring(config.jdbcUrl().lastIndexOf('/') + 1);
  }

  /** Runs a PostgreSQL client program against the test server over loopback. */
  private void run(PostgresServer server, String program, String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(server.binaries().resolve(program).toString());
    command.addAll(
        List.of("-h", "127.0.0.1", "-p", Integer.toString(server.port()), "-U", "postgres"));
    command.addAll(List.of(arguments));
    Path output = Files.createTempFile(dir, program, ".out");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(program + " finished").isTrue();
    assertThat(p.exitValue()).as(program + ": " + Files.readString(output)).isZero();
  }
}
