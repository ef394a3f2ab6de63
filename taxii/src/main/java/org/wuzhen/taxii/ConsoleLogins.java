package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.wuzhen.store.AccountStore;
import org.wuzhen.store.Member;
import org.wuzhen.store.User;

/**
 * The console's logins, made by the API's own authentication: a user name and password are checked
 * exactly as HTTP Basic is (Argon2id against the stored hash, with the API's throttling), and a
 * request is bound to a logged-in user through the node's one read decision. A {@link Login} is
 * made only here, so no extension reads as a user who did not log in. Thread-safe.
 */
public final class ConsoleLogins {
  /**
   * Proof that a user logged in with their password. It ends when the user is removed or their
   * password changes.
   */
  public static final class Login {
    private final String user;
    private final String passwordHash;

    private Login(String user, String passwordHash) {
      this.user = user;
      this.passwordHash = passwordHash;
    }

    /** The user name. */
    public String user() {
      return user;
    }
  }

  private final Authenticator authenticator;
  private final AccountStore accounts;
  private final ReadDecision reads;

  ConsoleLogins(Authenticator authenticator, AccountStore accounts, ReadDecision reads) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.accounts = requireNonNull(accounts, "accounts");
    this.reads = requireNonNull(reads, "reads");
  }

  /**
   * Logs a user in with their password.
   *
   * @throws ExtensionException with the API's status (401 for a wrong password) and message
   */
  public Login logIn(String user, String password) {
    // TODO(console): pass the client's address, so the console's logins get per-address budgets.
    return logIn(user, password, "console");
  }

  /**
   * Logs a user in with their password, from a client address (for the login limits, docs/taxii.md
   * "Login limits").
   *
   * @throws ExtensionException with the API's status (401 for a wrong password, 429 or 503 from the
   *     login limits) and message
   */
  public Login logIn(String user, String password, String address) {
    requireNonNull(user, "user");
    requireNonNull(password, "password");
    if (user.isEmpty() || user.indexOf(':') >= 0) {
      throw new ExtensionException(401, "Unauthorized", "unknown user or wrong password");
    }
    String basic =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    try {
      Authenticated who = authenticator.authenticate(Optional.of("Basic " + basic), address);
      return new Login(who.user().name(), who.user().passwordHash());
    } catch (TaxiiError e) {
      throw new ExtensionException(e.status(), e.title(), e.description());
    }
  }

  /**
   * The request as the logged-in user makes it: its caller, and the reader bound to that caller.
   *
   * @throws ExtensionException 401 when the user is gone or changed their password since
   */
  public ExtensionRequest as(Login login, ExtensionRequest request) {
    requireNonNull(login, "login");
    requireNonNull(request, "request");
    User user =
        accounts
            .user(login.user)
            .filter(u -> u.passwordHash().equals(login.passwordHash))
            .orElseThrow(() -> ended("the user was removed or changed their password"));
    Member member =
        accounts
            .member(user.memberName())
            .orElseThrow(() -> ended("the user's member was removed"));
    Caller caller = new Authenticated(user, member).caller();
    return new ExtensionRequest(
        request.method(),
        request.path(),
        request.query(),
        Optional.of(caller),
        request.body(),
        reads.reader(Optional.of(caller)),
        request.headers(),
        request.secure(),
        this);
  }

  private static ExtensionException ended(String why) {
    return new ExtensionException(401, "Unauthorized", "the session ended: " + why);
  }
}
