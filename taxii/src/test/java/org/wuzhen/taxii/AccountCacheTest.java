package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.store.ApiToken;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.Permission;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.store.User;

/** The request path's account cache over a real SQLite store, with a clock the test moves. */
class AccountCacheTest {
  private static final Duration TTL = Duration.ofSeconds(1);

  @TempDir Path dir;
  private Store store;
  private final AtomicLong nanos = new AtomicLong();
  private AccountCache cache;
  private final String token = Tokens.generate();

  @BeforeEach
  void open() {
    store = Stores.open(new StoreConfig.Sqlite(dir));
    store.addMember(new Member("acme", "identity--a0000000-0000-4000-8000-000000000001"));
    store.addUser(new User("alice", "acme", "not-a-login", false));
    store.addToken(new ApiToken("t1", "alice", Tokens.hash(token), Instant.now(), false));
    cache = new AccountCache(store, TTL, nanos::get);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aChangeMadeElsewhereIsSeenOnceTheEntryIsOlderThanTheTtl() {
    assertThat(cache.tokenByHash(Tokens.hash(token)).orElseThrow().revoked()).isFalse();

    store.revokeToken("t1");
    nanos.addAndGet(TTL.toNanos() - 1);
    assertThat(cache.tokenByHash(Tokens.hash(token)).orElseThrow().revoked()).isFalse();

    nanos.addAndGet(1);
    assertThat(cache.tokenByHash(Tokens.hash(token)).orElseThrow().revoked()).isTrue();
  }

  @Test
  void aChangeMadeThroughTheCacheIsSeenAtOnce() {
    CollectionId c = CollectionId.random();
    store.createCollection(
        new CollectionInfo(c, "Shared", Optional.empty(), Optional.empty(), List.of()));
    assertThat(cache.permissions(c)).isEmpty();
    assertThat(cache.user("bob")).isEmpty();
    assertThat(cache.members()).hasSize(1);

    cache.grant(new Permission(c, Principal.member("acme"), true, false));
    cache.addUser(new User("bob", "acme", "not-a-login", false));
    cache.addMember(new Member("beta", "identity--b0000000-0000-4000-8000-000000000002"));
    cache.revokeToken("t1");

    assertThat(cache.permissions(c))
        .containsExactly(new Permission(c, Principal.member("acme"), true, false));
    assertThat(cache.user("bob")).isPresent();
    assertThat(cache.members()).extracting(Member::name).containsExactly("acme", "beta");
    assertThat(cache.tokenByHash(Tokens.hash(token)).orElseThrow().revoked()).isTrue();
  }

  @Test
  void anAbsentAccountIsRememberedAsAbsentForTheTtl() {
    assertThat(cache.member("beta")).isEmpty();
    store.addMember(new Member("beta", "identity--b0000000-0000-4000-8000-000000000002"));
    assertThat(cache.member("beta")).isEmpty();
    nanos.addAndGet(TTL.toNanos());
    assertThat(cache.member("beta")).isPresent();
  }
}
