package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * How the node's TAXII port speaks TLS (TAXII 2.1 §1.6.1: HTTPS). Plain HTTP is for loopback only,
 * unless the operator says that a TLS-terminating proxy is in front.
 */
public sealed interface TlsSettings {
  /** Plain HTTP on a loopback address only (tests, the demo); the server refuses any other. */
  static TlsSettings loopbackOnly() {
    return new LoopbackOnly();
  }

  /** Plain HTTP on a loopback address only; {@link TaxiiServer} refuses to bind another. */
  record LoopbackOnly() implements TlsSettings {}

  /** Plain HTTP on any address, because a TLS-terminating proxy is in front (config tls: off). */
  record TerminatedByProxy() implements TlsSettings {}

  /**
   * The node speaks TLS 1.2 and 1.3 itself (and HTTP/2 over it, by ALPN).
   *
   * @param key the server's certificate chain and private key
   * @param clients client certificates that log in as local users (mutual TLS), if any
   * @param reloadInterval how often the key files are checked for a renewed certificate
   */
  record Native(ServerKey key, Optional<ClientCertificates> clients, Duration reloadInterval)
      implements TlsSettings {
    /** Renewed certificates are looked for this often unless told otherwise. */
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(30);

    public Native {
      requireNonNull(key, "key");
      requireNonNull(clients, "clients");
      requireNonNull(reloadInterval, "reloadInterval");
      if (reloadInterval.isNegative() || reloadInterval.isZero()) {
        throw new IllegalArgumentException(
            "config tls.reload_interval: must be positive, was " + reloadInterval);
      }
    }

    public Native(ServerKey key) {
      this(key, Optional.empty(), DEFAULT_RELOAD_INTERVAL);
    }
  }

  /** Where the server's certificate chain and private key are. */
  sealed interface ServerKey {
    /** A PEM certificate chain (leaf first) and a PEM private key (PKCS#8, PKCS#1 or SEC1). */
    record Pem(Path certificate, Path key) implements ServerKey {
      public Pem {
        requireNonNull(certificate, "certificate");
        requireNonNull(key, "key");
      }
    }

    /** A PKCS#12 keystore holding one private key entry, and its password. */
    record Pkcs12(Path keystore, String password) implements ServerKey {
      public Pkcs12 {
        requireNonNull(keystore, "keystore");
        requireNonNull(password, "password");
      }

      @Override
      public String toString() {
        return "Pkcs12[keystore=" + keystore + ", password=***]";
      }
    }
  }

  /**
   * Mutual TLS: client certificates issued by the CAs in {@code caFile} are asked for, and one that
   * a login names logs in as that local user. A client without a certificate still logs in with a
   * password or token; one with a certificate no login names gets no access.
   */
  record ClientCertificates(Path caFile, List<ClientLogin> logins) {
    public ClientCertificates {
      requireNonNull(caFile, "caFile");
      logins = List.copyOf(logins);
    }
  }

  /** One client certificate, by its subject or its SHA-256 fingerprint, and the user it is. */
  record ClientLogin(CertificateMatch match, String user) {
    public ClientLogin {
      requireNonNull(match, "match");
      requireNonNull(user, "user");
    }
  }

  /** How a login names a certificate. */
  sealed interface CertificateMatch {
    /**
     * Reads {@code sha256:AB:CD:...} (hex, colons optional, as {@code openssl x509 -fingerprint
     * -sha256} prints it) or a subject distinguished name such as {@code CN=node-b,O=Example CERT}.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    static CertificateMatch parse(String text) {
      String t = text.strip();
      if (t.toLowerCase(Locale.ROOT).startsWith("sha256:")) {
        String hex = t.substring(7).replace(":", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
          throw new IllegalArgumentException(
              "'" + text + "' is not a SHA-256 fingerprint (sha256: and 32 hex bytes)");
        }
        return new Sha256(hex);
      }
      try {
        return new Subject(new X500Principal(t));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is neither sha256:FINGERPRINT nor a subject such as CN=node-b,O=Org");
      }
    }

    /** A certificate whose subject equals this one (RFC 5280 comparison rules). */
    record Subject(X500Principal subject) implements CertificateMatch {
      public Subject {
        requireNonNull(subject, "subject");
      }
    }

    /** A certificate whose DER encoding has this SHA-256 digest (lower-case hex). */
    record Sha256(String hex) implements CertificateMatch {
      public Sha256 {
        HexFormat.of().parseHex(hex);
      }
    }
  }
}
