package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.ApiToken;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.store.User;
import org.wuzhen.taxii.PasswordHasher;
import org.wuzhen.taxii.Tokens;
import picocli.CommandLine;

/** The key, signature and audit commands, and the log of a running {@code wuzhen serve}. */
class TransparencyCommandsTest {
  @TempDir Path dir;

  private static final String OBJECT =
      "{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\","
          + "\"objects\":[{\"type\":\"note\",\"spec_version\":\"2.1\","
          + "\"id\":\"note--7d1d0f7a-9a55-4a52-8f3e-2f6c1b9e4d33\","
          + "\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\","
          + "\"created_by_ref\":\"identity--6f0b2c1e-4c3a-4d8e-9a57-1f0c2e5a7b11\","
          + "\"content\":\"yes\",\"object_refs\":[\"note--11111111-1111-4111-8111-111111111111\"]}]}";

  @Test
  void keysAreCreated0600AndSignedObjectsVerifyUntilAltered() throws Exception {
    Path keys = dir.resolve("keys");
    CliRun created = CliRun.of("keys", "create", "--out", keys.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keys.resolve("member.key"))))
        .isEqualTo("rw-------");
    assertThat(created.out())
        .doesNotContain(
            Files.readString(keys.resolve("member.key")).lines().skip(1).findFirst().orElseThrow());
    assertThat(CliRun.of("keys", "create", "--out", keys.toString()).exitCode()).isEqualTo(2);

    Path input = dir.resolve("vote.json");
    Files.writeString(input, OBJECT);
    Path signed = dir.resolve("signed.json");
    CliRun sign =
        CliRun.of(
            "sign",
            input.toString(),
            "--key",
            keys.resolve("member.key").toString(),
            "--out",
            signed.toString());
    assertThat(sign.exitCode()).as(sign.err()).isZero();
    String member =
        "identity--6f0b2c1e-4c3a-4d8e-9a57-1f0c2e5a7b11=" + keys.resolve("member.key.pub");
    CliRun ok = CliRun.of("verify", signed.toString(), "--keys", member);
    assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("note--7d1d0f7a-9a55-4a52-8f3e-2f6c1b9e4d33: valid");

    Files.writeString(signed, Files.readString(signed).replace("\"yes\"", "\"no\""));
    CliRun altered = CliRun.of("verify", signed.toString(), "--keys", member);
    assertThat(altered.exitCode()).isEqualTo(1);
    assertThat(altered.out()).contains("INVALID: signature: does not match");

    CliRun badKeys = CliRun.of("verify", signed.toString(), "--keys", "no-equals-sign");
    assertThat(badKeys.exitCode()).isEqualTo(2);
    assertThat(badKeys.err()).contains("--keys: expected IDENTITY_ID=PUBLIC_KEY_FILE");
  }

  @Test
  void aServedNodesLogPassesAuditsUntilItShrinks() throws Exception {
    Path data = dir.resolve("data");
    ServeCommand serve = new ServeCommand();
    CommandLine cli = new CommandLine(serve);
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> cli.execute("--port", "0", "--data", data.toString()));
    Instant deadline = Instant.now().plusSeconds(60);
    while (serve.running == null && !exit.isDone() && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(serve.running).isNotNull();
    try {
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(data.resolve(NodeAssembly.LOG_KEY_FILE))))
          .isEqualTo("rw-------");
      String url = "http://127.0.0.1:" + serve.running.port();
      Path state = dir.resolve("audit.json");
      // Another process writes through the same database; the node signs the grown log.
      String token = Tokens.generate();
      try (Store other = Stores.open(new StoreConfig.Sqlite(data))) {
        other.addMember(new Member("acme", "identity--6f0b2c1e-4c3a-4d8e-9a57-1f0c2e5a7b12"));
        other.addUser(
            new User("alice", "acme", PasswordHasher.withCost(64, 1, 1).hash("pw"), false));
        other.addToken(new ApiToken("t-alice", "alice", Tokens.hash(token), Instant.now(), false));
        CollectionId c = CollectionId.random();
        other.createCollection(
            new CollectionInfo(c, "t", Optional.empty(), Optional.empty(), List.of()));
        other.add(c, List.of(identity()));
        CliRun first = CliRun.of("audit", "verify", "--url", url, "--state", state.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        other.add(
            c,
            java.util.stream.Stream.generate(TransparencyCommandsTest::identity)
                .limit(22)
                .toList());
        long size = other.logSize();
        CliRun second = awaitAuditOfSize(url, state, size);
        assertThat(second.out()).contains("consistent with the head this auditor saw last");
      }
      // Every leaf of the signed tree, as alice sees it (the objects she may not read by hash).
      CliRun whole = CliRun.of("audit", "verify", "--url", url, "--token", token, "--all-leaves");
      assertThat(whole.exitCode()).as(whole.err()).isZero();
      assertThat(whole.out()).contains("ok: whole tree: its 25 leaves hash to the signed root");
      String[] full = {
        "audit",
        "verify",
        "--full",
        "--data",
        data.toString(),
        "--url",
        url,
        "--state",
        state.toString()
      };
      CliRun honest = CliRun.of(full);
      assertThat(honest.exitCode()).as(honest.err()).isZero();
      assertThat(honest.out())
          .contains("ok: signed head tree_size 25")
          .contains("full audit passed: 25 leaves, 23 stored versions");
      try (Connection sql =
              DriverManager.getConnection("jdbc:sqlite:" + data.resolve("wuzhen.db"));
          Statement s = sql.createStatement()) {
        // Leaf 0, acme's member record, lies beneath the stored subtree of leaves 0-15.
        s.executeUpdate(
            "UPDATE log_leaves SET record = replace(record, '\"acme\"', '\"evil\"')"
                + " WHERE leaf_index = 0");
      }
      CliRun consistent = CliRun.of("audit", "verify", "--url", url, "--state", state.toString());
      assertThat(consistent.exitCode()).as("the signed root is unchanged").isZero();
      CliRun found = CliRun.of(full);
      assertThat(found.exitCode()).isEqualTo(1);
      assertThat(found.err())
          .contains("audit FAILED: leaves [0, 16): the stored subtree hash (level 4, index 0)");
      CliRun replayed =
          CliRun.of("audit", "verify", "--url", url, "--token", token, "--all-leaves");
      assertThat(replayed.exitCode()).isEqualTo(1);
      assertThat(replayed.err()).contains("it serves another log than it signs");
      try (Connection sql =
              DriverManager.getConnection("jdbc:sqlite:" + data.resolve("wuzhen.db"));
          Statement s = sql.createStatement()) {
        // The last leaves, the adds of the last two objects, are one run (migration V40).
        s.executeUpdate(
            "DELETE FROM log_add_runs WHERE first_leaf = (SELECT MAX(first_leaf) FROM log_add_runs)");
      }
      CliRun shrunk = null;
      while (Instant.now().isBefore(deadline)) {
        shrunk = CliRun.of("audit", "verify", "--url", url, "--state", state.toString());
        if (shrunk.exitCode() != 0) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(shrunk.exitCode()).isEqualTo(1);
      assertThat(shrunk.err()).contains("audit FAILED: the log shrank");
    } finally {
      serve.stop.countDown();
    }
    assertThat(exit.get()).isZero();
  }

  @Test
  void auditNeedsAUrlOrFullAndFullTakesNoLeavesOrObjects() {
    CliRun none = CliRun.of("audit", "verify");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("--url: required (or --full)");
    CliRun mixed = CliRun.of("audit", "verify", "--full", "--data", dir.toString(), "--leaf", "3");
    assertThat(mixed.exitCode()).isEqualTo(2);
    assertThat(mixed.err()).contains("--full: checks every leaf and every stored object already");
  }

  @Test
  void auditRefusesABadNodeUrlNamingTheOption() {
    CliRun run = CliRun.of("audit", "verify", "--url", "node-b:9000");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--url: not an absolute http(s) URL");
  }

  @Test
  void anUnreachableNodeIsAUsageErrorNotAFailedAudit() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    CliRun run = CliRun.of("audit", "verify", "--url", "http://127.0.0.1:" + port);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("audit not done: GET http://127.0.0.1:" + port);
  }

  private static CliRun awaitAuditOfSize(String url, Path state, long size) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      CliRun run = CliRun.of("audit", "verify", "--url", url, "--state", state.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      if (run.out().contains("tree_size " + size + " ") || Instant.now().isAfter(deadline)) {
        return run;
      }
      Thread.sleep(100);
    }
  }

  private static StixObject identity() {
    return StixObject.parse(
        "{\"type\":\"identity\",\"spec_version\":\"2.1\",\"id\":\"identity--"
            + UUID.randomUUID()
            + "\",\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":"
            + "\"2024-01-01T00:00:00.000Z\",\"name\":\"x\",\"identity_class\":\"organization\"}");
  }
}
