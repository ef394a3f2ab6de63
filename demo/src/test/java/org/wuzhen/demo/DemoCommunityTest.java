package org.wuzhen.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.Permission;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.taxii.PasswordHasher;

/** The demo community on a real SQLite store. */
class DemoCommunityTest {
  @TempDir Path dir;

  @Test
  void createsThreeMembersWithLoginsKeysAndCollectionsOfDifferentRights() throws Exception {
    try (Store store = Stores.open(new StoreConfig.Sqlite(dir))) {
      DemoCommunity.Created demo =
          DemoCommunity.create(
              store, PasswordHasher.withCost(64, 1, 1), dir.resolve(DemoCommunity.KEY_DIRECTORY));

      assertThat(store.members()).hasSize(3);
      assertThat(demo.credentials())
          .extracting(DemoCommunity.Credentials::user)
          .containsExactly("alice", "bob", "carol");
      for (DemoCommunity.Credentials c : demo.credentials()) {
        assertThat(store.user(c.user())).isPresent();
        assertThat(PasswordHasher.verify(c.password(), store.user(c.user()).get().passwordHash()))
            .isTrue();
        assertThat(Files.getPosixFilePermissions(c.keyFile()))
            .containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      }
      assertThat(demo.keys()).containsOnlyKeys("cert-nat", "isac-energy", "corp-soc");

      CollectionInfo sector =
          demo.collections().stream()
              .filter(c -> c.alias().orElse("").equals("energy-sector"))
              .findFirst()
              .orElseThrow();
      assertThat(store.permissions(sector.id()))
          .containsExactlyInAnyOrder(
              new Permission(sector.id(), Principal.member("isac-energy"), true, true),
              new Permission(sector.id(), Principal.member("corp-soc"), true, false));
      CollectionInfo attack =
          demo.collections().stream()
              .filter(c -> c.alias().orElse("").equals("attack-ics"))
              .findFirst()
              .orElseThrow();
      assertThat(store.query(attack.id(), ObjectQuery.latest(1000)).objects())
          .hasSizeGreaterThan(100);
    }
  }

  @Test
  void aDirectoryTheDemoDidNotCreateIsNeverEmptied() throws Exception {
    Path foreign = Files.createDirectories(dir.resolve("foreign"));
    Files.writeString(foreign.resolve("precious.txt"), "keep me");
    assertThatThrownBy(() -> DemoCommunity.resetDirectory(foreign, "node.lock"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not created by --demo");
    assertThat(foreign.resolve("precious.txt")).hasContent("keep me");

    Path previous = dir.resolve("previous");
    DemoCommunity.resetDirectory(previous, "node.lock");
    Files.writeString(previous.resolve("old-data"), "x");
    Files.createDirectories(previous.resolve("keys"));
    Files.writeString(previous.resolve("keys/old-key"), "x");
    Files.writeString(previous.resolve("node.lock"), "");
    DemoCommunity.resetDirectory(previous, "node.lock");
    assertThat(Set.of(previous.toFile().list()))
        .containsExactlyInAnyOrder(DemoCommunity.MARKER, "node.lock");
  }

  @Test
  void aDirectoryHoldingOnlyTheKeptFileCountsAsEmpty() throws Exception {
    Path fresh = Files.createDirectories(dir.resolve("fresh"));
    Files.writeString(fresh.resolve("node.lock"), "");
    DemoCommunity.resetDirectory(fresh, "node.lock");
    assertThat(Set.of(fresh.toFile().list()))
        .containsExactlyInAnyOrder(DemoCommunity.MARKER, "node.lock");
  }
}
