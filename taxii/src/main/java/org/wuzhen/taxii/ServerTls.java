package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.taxii.client.Pem;

/**
 * The server side of native TLS: a Jetty {@link SslContextFactory.Server} made from the configured
 * key files, TLS 1.2 and 1.3 only with forward-secret AEAD cipher suites, and asking for client
 * certificates when mutual TLS is configured. {@link #reloadIfChanged()} swaps in a renewed
 * certificate without a restart; a renewal that cannot be read (a half-written file, a key that
 * does not match) is logged and the served certificate kept. Thread-safe: reloads are serialised.
 */
final class ServerTls {
  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

  /** TLS 1.3's suites and TLS 1.2's ECDHE with AES-GCM or ChaCha20-Poly1305 (all usable by h2). */
  static final List<String> CIPHER_SUITES =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final TlsSettings.Native settings;
  private final Clock clock;
  private final char[] password;
  private final SslContextFactory.Server factory = new SslContextFactory.Server();
  private byte[] loadedDigest;

  /**
   * Reads the key material once.
   *
   * @throws IllegalArgumentException naming the setting whose file cannot be used
   */
  ServerTls(TlsSettings.Native settings, Clock clock) {
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
    this.password =
        switch (settings.key()) {
          case TlsSettings.ServerKey.Pkcs12 p -> p.password().toCharArray();
          case TlsSettings.ServerKey.Pem p -> randomPassword();
        };
    factory.setIncludeProtocols(PROTOCOLS.toArray(String[]::new));
    factory.setIncludeCipherSuites(CIPHER_SUITES.toArray(String[]::new));
    factory.setUseCipherSuitesOrder(true);
    factory.setKeyStorePassword(new String(password));
    factory.setKeyManagerPassword(new String(password));
    factory.setRenegotiationAllowed(false);
    Material material = load();
    factory.setKeyStore(material.keys());
    settings
        .clients()
        .ifPresent(
            c -> {
              factory.setTrustStore(material.clientCas());
              // Asked for, not required: members without a certificate log in with a password.
              factory.setWantClientAuth(true);
            });
    loadedDigest = material.digest();
  }

  SslContextFactory.Server contextFactory() {
    return factory;
  }

  /**
   * Reloads the key material if its files changed since last read.
   *
   * @return whether a renewed certificate is now served
   */
  synchronized boolean reloadIfChanged() {
    byte[] digest;
    try {
      digest = digest(files());
    } catch (IllegalArgumentException e) {
      LOG.warn("TLS reload: {}; still serving the certificate loaded before", e.getMessage());
      return false;
    }
    if (Arrays.equals(digest, loadedDigest)) {
      return false;
    }
    Material material;
    try {
      material = load();
    } catch (IllegalArgumentException e) {
      LOG.warn("TLS reload: {}; still serving the certificate loaded before", e.getMessage());
      return false;
    }
    try {
      factory.reload(
          f -> {
            f.setKeyStore(material.keys());
            if (settings.clients().isPresent()) {
              f.setTrustStore(material.clientCas());
            }
          });
    } catch (Exception e) {
      LOG.warn("TLS reload failed: {}; still serving the certificate loaded before", e.toString());
      return false;
    }
    loadedDigest = material.digest();
    return true;
  }

  private record Material(KeyStore keys, KeyStore clientCas, byte[] digest) {}

  private Material load() {
    // The digest first, so a renewal written while loading is seen at the next check; when a file
    // cannot be read, loading below says so naming its setting.
    byte[] digest;
    IllegalArgumentException unreadable = null;
    try {
      digest = digest(files());
    } catch (IllegalArgumentException e) {
      digest = new byte[0];
      unreadable = e;
    }
    KeyStore keys =
        switch (settings.key()) {
          case TlsSettings.ServerKey.Pem p ->
              Pem.keyStore(p.certificate(), p.key(), password, "tls.certificate", "tls.key");
          case TlsSettings.ServerKey.Pkcs12 p -> Pem.pkcs12(p.keystore(), password, "tls.keystore");
        };
    KeyStore cas =
        settings.clients().map(c -> Pem.trustStore(c.caFile(), "tls.client_ca")).orElse(null);
    if (unreadable != null) {
      throw unreadable;
    }
    describe(keys);
    return new Material(keys, cas, digest);
  }

  /** Logs what is served, and warns when it is not valid now. */
  private void describe(KeyStore keys) {
    try {
      for (String alias : Collections.list(keys.aliases())) {
        if (keys.getCertificate(alias) instanceof X509Certificate leaf) {
          Instant now = clock.instant();
          Instant notAfter = leaf.getNotAfter().toInstant();
          Instant notBefore = leaf.getNotBefore().toInstant();
          LOG.info(
              "TLS certificate {} valid {} to {}",
              leaf.getSubjectX500Principal().getName(),
              notBefore,
              notAfter);
          if (now.isAfter(notAfter) || now.isBefore(notBefore)) {
            LOG.warn(
                "the TLS certificate {} is not valid now ({} to {}); clients will refuse it",
                leaf.getSubjectX500Principal().getName(),
                notBefore,
                notAfter);
          }
        }
      }
    } catch (KeyStoreException e) {
      throw new IllegalStateException("a loaded key store cannot be listed", e);
    }
  }

  private List<Path> files() {
    List<Path> files = new ArrayList<>();
    switch (settings.key()) {
      case TlsSettings.ServerKey.Pem p -> {
        files.add(p.certificate());
        files.add(p.key());
      }
      case TlsSettings.ServerKey.Pkcs12 p -> files.add(p.keystore());
    }
    settings.clients().ifPresent(c -> files.add(c.caFile()));
    return files;
  }

  /** One digest over the files' contents: a renewal is seen whatever happens to their times. */
  private static byte[] digest(List<Path> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path file : files) {
        try {
          sha.update(Files.readAllBytes(file));
        } catch (IOException e) {
          throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage(), e);
        }
      }
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static char[] randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes).toCharArray();
  }
}
