package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.taxii.PasswordHasher;
import org.wuzhen.taxii.Tokens;

class AdminCommandsTest {
  @TempDir Path data;

  private CliRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data";
    all[args.length + 1] = data.toString();
    return CliRun.of(all);
  }

  @Test
  void membersUsersTokensAndCollectionsAreCreatedWithHashedSecrets() {
    CliRun member = run("member", "add", "cert-a");
    assertThat(member.exitCode()).as(member.err()).isZero();
    assertThat(member.out()).contains("member cert-a added, identity identity--");

    CliRun user = run("user", "add", "alice", "--member", "cert-a");
    assertThat(user.exitCode()).as(user.err()).isZero();
    String password =
        user.out()
            .lines()
            .filter(l -> l.startsWith("password: "))
            .findFirst()
            .orElseThrow()
            .split(" ")[1];

    CliRun token = run("token", "create", "--user", "alice");
    assertThat(token.exitCode()).as(token.err()).isZero();
    String secret =
        token
            .out()
            .lines()
            .filter(l -> l.startsWith("token: "))
            .findFirst()
            .orElseThrow()
            .split(" ")[1];
    String tokenId =
        token
            .out()
            .lines()
            .filter(l -> l.startsWith("token id: "))
            .findFirst()
            .orElseThrow()
            .substring(10);

    CliRun collection =
        run(
            "collection",
            "add",
            "--title",
            "Shared",
            "--read",
            "member:cert-a",
            "--write",
            "user:alice");
    assertThat(collection.exitCode()).as(collection.err()).isZero();
    String collectionId = collection.out().strip();

    try (Store store = Stores.open(new StoreConfig.Sqlite(data))) {
      var stored = store.user("alice").orElseThrow();
      assertThat(stored.passwordHash()).doesNotContain(password).startsWith("$argon2id$");
      assertThat(PasswordHasher.verify(password, stored.passwordHash())).isTrue();
      var t = store.tokenByHash(Tokens.hash(secret)).orElseThrow();
      assertThat(t.userName()).isEqualTo("alice");
      assertThat(t.revoked()).isFalse();
      assertThat(store.permissions(org.wuzhen.store.CollectionId.parse(collectionId)))
          .extracting(p -> p.principal().text() + ":" + p.canRead() + ":" + p.canWrite())
          .containsExactlyInAnyOrder("member:cert-a:true:false", "user:alice:false:true");
    }

    assertThat(run("token", "revoke", tokenId).exitCode()).isZero();
    try (Store store = Stores.open(new StoreConfig.Sqlite(data))) {
      assertThat(store.tokenByHash(Tokens.hash(secret)).map(t -> t.revoked()))
          .isEqualTo(Optional.of(true));
    }
  }

  @Test
  void refusalsSayWhyAndExitOne() {
    assertThat(run("member", "add", "cert-a").exitCode()).isZero();
    CliRun duplicate = run("member", "add", "cert-a");
    assertThat(duplicate.exitCode()).isEqualTo(1);
    assertThat(duplicate.err()).contains("cert-a");

    CliRun badName = run("member", "add", "Bad Name");
    assertThat(badName.exitCode()).isEqualTo(1);
    assertThat(badName.err()).contains("member name 'Bad Name' must be");

    CliRun noMember = run("user", "add", "bob", "--member", "nobody");
    assertThat(noMember.exitCode()).isEqualTo(1);
    assertThat(noMember.err()).contains("no member named 'nobody'");

    CliRun noUser = run("token", "create", "--user", "ghost");
    assertThat(noUser.exitCode()).isEqualTo(1);
    assertThat(noUser.err()).contains("no user named 'ghost'");

    CliRun badPrincipal = run("collection", "add", "--title", "X", "--read", "everyone");
    assertThat(badPrincipal.exitCode()).isEqualTo(1);
    assertThat(badPrincipal.err())
        .contains("principal 'everyone' must be member:NAME or user:NAME");

    CliRun badIdentity =
        run(
            "member",
            "add",
            "isac-b",
            "--identity",
            "malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
    assertThat(badIdentity.exitCode()).isEqualTo(1);
    assertThat(badIdentity.err()).contains("--identity must be an identity id");

    CliRun unknownToken = run("token", "revoke", "tok-none");
    assertThat(unknownToken.exitCode()).isEqualTo(1);
  }

  @Test
  void listsShowWhatExists() {
    run("member", "add", "cert-a");
    run("user", "add", "alice", "--member", "cert-a", "--admin");
    assertThat(run("member", "list").out()).contains("cert-a\tidentity--");
    assertThat(run("user", "list").out()).contains("alice\tcert-a\tadmin");
  }
}
