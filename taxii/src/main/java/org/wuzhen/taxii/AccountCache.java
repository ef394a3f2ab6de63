package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.wuzhen.store.AccountStore;
import org.wuzhen.store.ApiToken;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Member;
import org.wuzhen.store.Permission;
import org.wuzhen.store.User;

/**
 * The accounts as the request path sees them: the reads every request makes before its real work
 * (token, user, member, permissions, the member list) are answered from memory for at most {@link
 * #TTL}. Changes made through this object are visible at once (its writes empty the cache); changes
 * made elsewhere, such as a token revoked with {@code wuzhen token revoke}, take effect within
 * {@link #TTL}. Thread-safe.
 */
final class AccountCache implements AccountStore {
  /** How stale an account read may be. */
  static final Duration TTL = Duration.ofSeconds(1);

  private static final int MAX_ENTRIES = 10_000;

  private final AccountStore accounts;
  private final Cache<String, Optional<ApiToken>> tokens;
  private final Cache<String, Optional<User>> users;
  private final Cache<String, Optional<Member>> members;
  private final Cache<CollectionId, List<Permission>> permissions;
  private final Cache<Boolean, List<Member>> memberList;

  AccountCache(AccountStore accounts, Duration ttl) {
    this(accounts, ttl, Ticker.systemTicker());
  }

  /** With the clock expiry is measured on (tests move it). */
  AccountCache(AccountStore accounts, Duration ttl, Ticker ticker) {
    this.accounts = requireNonNull(accounts, "accounts");
    this.tokens = cache(ttl, ticker);
    this.users = cache(ttl, ticker);
    this.members = cache(ttl, ticker);
    this.permissions = cache(ttl, ticker);
    this.memberList = cache(ttl, ticker);
  }

  private static <K, V> Cache<K, V> cache(Duration ttl, Ticker ticker) {
    // Maintenance on the calling thread: no pool threads, and expiry is exact in tests.
    return Caffeine.newBuilder()
        .expireAfterWrite(ttl)
        .maximumSize(MAX_ENTRIES)
        .ticker(ticker)
        .executor(Runnable::run)
        .build();
  }

  private void changed() {
    tokens.invalidateAll();
    users.invalidateAll();
    members.invalidateAll();
    permissions.invalidateAll();
    memberList.invalidateAll();
  }

  @Override
  public Optional<ApiToken> tokenByHash(String tokenHash) {
    return tokens.get(tokenHash, accounts::tokenByHash);
  }

  @Override
  public Optional<User> user(String name) {
    return users.get(name, accounts::user);
  }

  @Override
  public Optional<Member> member(String name) {
    return members.get(name, accounts::member);
  }

  @Override
  public List<Permission> permissions(CollectionId collection) {
    return permissions.get(collection, accounts::permissions);
  }

  /** Every member: read on each POST to check {@code created_by_ref}. */
  @Override
  public List<Member> members() {
    return memberList.get(Boolean.TRUE, all -> accounts.members());
  }

  // ---- the user list is for administration and goes to the store; writes empty the cache ----

  @Override
  public List<User> users() {
    return accounts.users();
  }

  @Override
  public void addMember(Member member) {
    accounts.addMember(member);
    changed();
  }

  @Override
  public void addUser(User user) {
    accounts.addUser(user);
    changed();
  }

  @Override
  public void addToken(ApiToken token) {
    accounts.addToken(token);
    changed();
  }

  @Override
  public boolean revokeToken(String tokenId) {
    boolean revoked = accounts.revokeToken(tokenId);
    changed();
    return revoked;
  }

  @Override
  public void grant(Permission permission) {
    accounts.grant(permission);
    changed();
  }
}
