package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.wuzhen.store.AccountStore;
import org.wuzhen.store.User;

/**
 * Mutual TLS logins: the client certificate a request's TLS session carries (already verified
 * against the configured client CAs by the handshake) logs in as the user a configured login names
 * for its subject or SHA-256 fingerprint. A certificate no login names gets 401, never anonymous
 * access. Thread-safe (immutable; the store is).
 */
final class CertificateLogins {
  private final List<TlsSettings.ClientLogin> logins;
  private final AccountStore accounts;

  CertificateLogins(List<TlsSettings.ClientLogin> logins, AccountStore accounts) {
    this.logins = List.copyOf(logins);
    this.accounts = requireNonNull(accounts, "accounts");
  }

  /** The logins of a node's TLS settings; empty without mutual TLS. */
  static Optional<CertificateLogins> of(TlsSettings tls, AccountStore accounts) {
    return tls instanceof TlsSettings.Native n
        ? n.clients().map(c -> new CertificateLogins(c.logins(), accounts))
        : Optional.empty();
  }

  /**
   * The user a request's client certificate logs in as; empty when the request came without one.
   *
   * @throws TaxiiError 401 when the certificate is not mapped, or names a user that does not exist
   */
  Optional<Authenticated> authenticate(Request request) {
    if (!(request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE)
            instanceof EndPoint.SslSessionData session)
        || session.peerCertificates() == null
        || session.peerCertificates().length == 0) {
      return Optional.empty();
    }
    X509Certificate leaf = session.peerCertificates()[0];
    String fingerprint = sha256(leaf);
    for (TlsSettings.ClientLogin login : logins) {
      boolean matches =
          switch (login.match()) {
            case TlsSettings.CertificateMatch.Subject s ->
                s.subject().equals(leaf.getSubjectX500Principal());
            case TlsSettings.CertificateMatch.Sha256 f -> f.hex().equals(fingerprint);
          };
      if (matches) {
        return Optional.of(login(login.user(), leaf));
      }
    }
    throw TaxiiError.unauthorized(
        "the client certificate "
            + leaf.getSubjectX500Principal().getName()
            + " (sha256:"
            + fingerprint
            + ") logs in as no user of this node");
  }

  private Authenticated login(String userName, X509Certificate leaf) {
    String certificate = leaf.getSubjectX500Principal().getName();
    User user =
        accounts
            .user(userName)
            .orElseThrow(
                () ->
                    TaxiiError.unauthorized(
                        "the client certificate "
                            + certificate
                            + " logs in as user '"
                            + userName
                            + "', which does not exist"));
    return Authenticated.of(user, accounts);
  }

  static String sha256(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("a certificate from a handshake cannot be encoded", e);
    }
  }
}
