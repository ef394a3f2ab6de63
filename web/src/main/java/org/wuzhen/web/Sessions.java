package org.wuzhen.web;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.wuzhen.taxii.ConsoleLogins;

/**
 * The console's sessions, kept in this process's memory: a random id (the cookie), a CSRF token,
 * and the login once the user gave their password. A browser gets an anonymous session from the
 * login form (so the form carries a CSRF token too); logging in replaces it with a new id, so an id
 * planted before the login is worth nothing after it. Thread-safe (a concurrent map).
 */
final class Sessions {
  /** How long an anonymous session (a login form not yet sent) lives. */
  static final Duration ANONYMOUS_LIFETIME = Duration.ofMinutes(30);

  /** At most this many sessions; beyond it expired ones are dropped, then new ones refused. */
  static final int MAX_SESSIONS = 100_000;

  /** One browser's session. */
  record Session(String id, String csrf, Optional<ConsoleLogins.Login> login, Instant expires) {
    Session {
      requireNonNull(id, "id");
      requireNonNull(csrf, "csrf");
      requireNonNull(login, "login");
      requireNonNull(expires, "expires");
    }

    /** Whether {@code token} is this session's CSRF token (compared in constant time). */
    boolean csrfMatches(String token) {
      return MessageDigest.isEqual(
          csrf.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Duration lifetime;
  private final Clock clock;

  Sessions(Duration lifetime, Clock clock) {
    this.lifetime = requireNonNull(lifetime, "lifetime");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The live session with this id. */
  Optional<Session> find(String id) {
    Session s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(s.expires())) {
      sessions.remove(id, s);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /** A new session without a login, for a login form. */
  Optional<Session> anonymous() {
    return add(Optional.empty(), ANONYMOUS_LIFETIME);
  }

  /** Ends {@code previous} and starts a logged-in session under a new id. */
  Optional<Session> logIn(Session previous, ConsoleLogins.Login login) {
    end(previous.id());
    return add(Optional.of(login), lifetime);
  }

  void end(String id) {
    sessions.remove(id);
  }

  private Optional<Session> add(Optional<ConsoleLogins.Login> login, Duration lives) {
    if (sessions.size() >= MAX_SESSIONS) {
      Instant now = clock.instant();
      sessions.values().removeIf(s -> !now.isBefore(s.expires()));
      if (sessions.size() >= MAX_SESSIONS) {
        return Optional.empty();
      }
    }
    Session s = new Session(token(), token(), login, clock.instant().plus(lives));
    sessions.put(s.id(), s);
    return Optional.of(s);
  }

  private String token() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
