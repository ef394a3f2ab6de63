package org.wuzhen.taxii.client;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * How a client proves who it is to a node. Callers only make and pass credentials; the client alone
 * turns them into what goes on the wire, so a new way (a client certificate, set on the TLS
 * connection rather than in a header) is one more case here and in the client, not in callers.
 * {@code toString} never shows a secret.
 */
public sealed interface Credentials {
  static Credentials none() {
    return new None();
  }

  static Credentials basic(String user, String password) {
    return new Basic(user, password);
  }

  static Credentials bearer(String token) {
    return new Bearer(token);
  }

  static Credentials clientCertificate(Path certificate, Path key) {
    return new ClientCertificate(certificate, key);
  }

  /** Anonymous: public routes only. */
  record None() implements Credentials {}

  /** HTTP Basic (RFC 7617) with a node user's name and password. */
  record Basic(String user, String password) implements Credentials {
    public Basic {
      requireNonNull(user, "user");
      requireNonNull(password, "password");
      if (user.indexOf(':') >= 0) {
        throw new IllegalArgumentException("user: HTTP Basic user names cannot hold ':'");
      }
    }

    @Override
    public String toString() {
      return "Basic[user=" + user + ", password=***]";
    }
  }

  /**
   * A client certificate and its private key (PEM files), shown in the TLS handshake (mutual TLS);
   * the node maps the certificate to the user it logs in as. Needs an {@code https} URL.
   */
  record ClientCertificate(Path certificate, Path key) implements Credentials {
    public ClientCertificate {
      requireNonNull(certificate, "certificate");
      requireNonNull(key, "key");
    }
  }

  /** An API token, sent as {@code Authorization: Bearer} (RFC 6750). */
  record Bearer(String token) implements Credentials {
    public Bearer {
      requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "Bearer[***]";
    }
  }
}
