package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.wuzhen.store.AccountStore;
import org.wuzhen.store.ApiToken;
import org.wuzhen.store.User;

/**
 * Turns an {@code Authorization} header into a {@link Authenticated}: HTTP Basic against the users'
 * Argon2id hashes, or {@code Bearer} API tokens looked up by their SHA-256.
 *
 * <p>Argon2 is slow on purpose, so successful Basic logins are remembered for {@link #CACHE_TTL},
 * keyed by the user name and an HMAC of the password under a random per-process key: no password
 * and no unkeyed password hash is kept. An entry also remembers the stored hash it was verified
 * against, so a changed password invalidates it at once. Password checks that are not in the cache
 * pass the {@link LoginGuard} (a few at once, failure budgets per address and user name); tokens
 * and cached logins do not. Thread-safe (a concurrent map; the guard is).
 */
final class Authenticator {
  static final Duration CACHE_TTL = Duration.ofMinutes(5);
  private static final int CACHE_MAX_ENTRIES = 10_000;

  private record CachedLogin(String passwordHash, long expiresAtNanos) {}

  private final AccountStore store;
  private final LoginGuard guard;
  private final byte[] cacheKey = new byte[32];
  private final Map<String, CachedLogin> verified = new ConcurrentHashMap<>();

  /** Verified for unknown users too, so a response's timing does not tell which users exist. */
  private final String decoyHash;

  /**
   * @param throttled told of every password login refused by the limits
   */
  Authenticator(AccountStore store, LoginLimits limits, Consumer<LoginGuard.Throttle> throttled) {
    this.store = requireNonNull(store, "store");
    this.guard = new LoginGuard(limits, throttled);
    new SecureRandom().nextBytes(cacheKey);
    this.decoyHash = PasswordHasher.defaults().hash("decoy password for unknown users");
  }

  /**
   * The caller a request's {@code Authorization} header proves.
   *
   * @param address the client's address, for the failure budgets
   * @throws TaxiiError 401 when credentials are absent, malformed or wrong; 429 or 503 from the
   *     {@link LoginGuard}
   */
  Authenticated authenticate(Optional<String> authorization, String address) {
    if (authorization.isEmpty() || authorization.get().isBlank()) {
      throw TaxiiError.unauthorized(
          "authentication required: send HTTP Basic credentials or an API token as"
              + " 'Authorization: Bearer <token>'");
    }
    String header = authorization.get().trim();
    int space = header.indexOf(' ');
    String scheme = (space < 0 ? header : header.substring(0, space)).toLowerCase(Locale.ROOT);
    String credentials = space < 0 ? "" : header.substring(space + 1).trim();
    return switch (scheme) {
      case "basic" -> basic(credentials, address);
      case "bearer" -> bearer(credentials);
      default ->
          throw TaxiiError.unauthorized(
              "Authorization scheme '" + scheme + "' is not supported; use Basic or Bearer");
    };
  }

  private Authenticated basic(String credentials, String address) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw TaxiiError.unauthorized("Authorization: Basic credentials are not valid base64");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw TaxiiError.unauthorized("Authorization: Basic credentials lack the ':' separator");
    }
    String name = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    Optional<User> user = store.user(name);
    if (user.isEmpty()) {
      guard.verify(address, name, () -> PasswordHasher.verify(password, decoyHash));
      throw wrongPassword();
    }
    String key = name + '\0' + keyedDigest(password);
    CachedLogin cached = verified.get(key);
    long now = System.nanoTime();
    boolean fresh =
        cached != null
            && cached.passwordHash().equals(user.get().passwordHash())
            && now - cached.expiresAtNanos() < 0;
    if (!fresh) {
      String hash = user.get().passwordHash();
      if (!guard.verify(address, name, () -> PasswordHasher.verify(password, hash))) {
        throw wrongPassword();
      }
      remember(key, new CachedLogin(user.get().passwordHash(), now + CACHE_TTL.toNanos()));
    }
    return Authenticated.of(user.get(), store);
  }

  private Authenticated bearer(String token) {
    if (token.isEmpty()) {
      throw TaxiiError.unauthorized("Authorization: Bearer needs a token");
    }
    ApiToken found =
        store
            .tokenByHash(Tokens.hash(token))
            .orElseThrow(() -> TaxiiError.unauthorized("unknown API token"));
    if (found.revoked()) {
      throw TaxiiError.unauthorized("API token " + found.tokenId() + " was revoked");
    }
    User user =
        store
            .user(found.userName())
            .orElseThrow(
                () ->
                    TaxiiError.unauthorized(
                        "API token " + found.tokenId() + " belongs to no existing user"));
    return Authenticated.of(user, store);
  }

  private static TaxiiError wrongPassword() {
    return TaxiiError.unauthorized("unknown user or wrong password");
  }

  private void remember(String key, CachedLogin login) {
    if (verified.size() >= CACHE_MAX_ENTRIES) {
      long now = System.nanoTime();
      verified.values().removeIf(l -> now - l.expiresAtNanos() >= 0);
      if (verified.size() >= CACHE_MAX_ENTRIES) {
        verified.clear();
      }
    }
    verified.put(key, login);
  }

  private String keyedDigest(String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    }
  }
}
