package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.AccountStore;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Member;
import org.wuzhen.store.StatusRecord;
import org.wuzhen.store.User;

/**
 * The console's logins, made by the API's own authentication: a user name and password are checked
 * exactly as HTTP Basic is (Argon2id against the stored hash, with the API's throttling), and a
 * request is bound to a logged-in user through the node's one read decision, and objects are added
 * as that user through the TAXII add path. A {@link Login} is made only here, so no extension reads
 * or writes as a user who did not log in. Thread-safe.
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
  private final Lookup lookup;
  private final AddObjects writes;
  private final Clock clock;

  ConsoleLogins(
      Authenticator authenticator,
      AccountStore accounts,
      ReadDecision reads,
      Lookup lookup,
      AddObjects writes,
      Clock clock) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.accounts = requireNonNull(accounts, "accounts");
    this.reads = requireNonNull(reads, "reads");
    this.lookup = requireNonNull(lookup, "lookup");
    this.writes = requireNonNull(writes, "writes");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Logs a user in with their password, under the API's login limits for the client's address and
   * the account.
   *
   * @throws ExtensionException with the API's status (401 for a wrong password) and message
   */
  public Login logIn(String user, String password, String clientAddress) {
    requireNonNull(user, "user");
    requireNonNull(password, "password");
    if (user.isEmpty() || user.indexOf(':') >= 0) {
      throw new ExtensionException(401, "Unauthorized", "unknown user or wrong password");
    }
    String basic =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    try {
      Authenticated who = authenticator.authenticate(Optional.of("Basic " + basic), clientAddress);
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
    requireNonNull(request, "request");
    Caller caller = current(login).caller();
    return new ExtensionRequest(
        request.method(),
        request.path(),
        request.query(),
        Optional.of(caller),
        request.body(),
        reads.reader(Optional.of(caller)),
        request.headers(),
        request.secure(),
        request.clientAddress(),
        this);
  }

  /**
   * Adds objects to a collection as the logged-in user, exactly as a TAXII POST of them would:
   * write permission, validation, authorship and every write check of the node's parts, stored with
   * their status in one commit.
   *
   * @return the status resource's record: which objects were stored, which refused and why
   * @throws ExtensionException 404 when the user cannot see the collection, 403 when they may not
   *     write to it, 401 when the login ended
   */
  public StatusRecord add(Login login, CollectionId collection, List<StixObject> objects) {
    requireNonNull(collection, "collection");
    Authenticated who = current(login);
    CollectionAccess access =
        lookup
            .access(who.caller(), collection)
            .filter(CollectionAccess::visible)
            .orElseThrow(() -> ExtensionException.notFound("no collection " + collection));
    if (!access.canWrite()) {
      throw ExtensionException.forbidden(
          "you may not write to collection " + collection + " (can_write is false for you)");
    }
    return writes.addAll(who, access, List.copyOf(objects), clock.instant());
  }

  private Authenticated current(Login login) {
    requireNonNull(login, "login");
    User user =
        accounts
            .user(login.user)
            .filter(u -> u.passwordHash().equals(login.passwordHash))
            .orElseThrow(() -> ended("the user was removed or changed their password"));
    Member member =
        accounts
            .member(user.memberName())
            .orElseThrow(() -> ended("the user's member was removed"));
    return new Authenticated(user, member);
  }

  private static ExtensionException ended(String why) {
    return new ExtensionException(401, "Unauthorized", "the session ended: " + why);
  }
}
