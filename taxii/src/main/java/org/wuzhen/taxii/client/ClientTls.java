package org.wuzhen.taxii.client;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS side of a client: the CAs it trusts and the certificate it shows, as an {@link
 * SSLContext}, TLS 1.2 and 1.3 only, the host name always verified (the JDK client does so for
 * {@code https}). {@link #identity()} names the files' contents, so clients are shared while they
 * are unchanged and a renewed file gets a new client.
 */
record ClientTls(ServerTrust trust, Optional<Credentials.ClientCertificate> certificate) {
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  ClientTls {
    requireNonNull(trust, "trust");
    requireNonNull(certificate, "certificate");
  }

  /** The settings and a digest of the files they name, or just the settings without files. */
  String identity() {
    List<Path> files = new ArrayList<>();
    if (trust instanceof ServerTrust.CaFile ca) {
      files.add(ca.file());
    }
    certificate.ifPresent(
        c -> {
          files.add(c.certificate());
          files.add(c.key());
        });
    if (files.isEmpty()) {
      return "system";
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path file : files) {
        sha.update(
            file.toAbsolutePath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update(Files.exists(file) ? Files.readAllBytes(file) : new byte[0]);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + files + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  SSLParameters parameters() {
    SSLParameters p = new SSLParameters();
    p.setProtocols(PROTOCOLS.clone());
    return p;
  }

  /**
   * The context.
   *
   * @throws IllegalArgumentException naming the file that cannot be used
   */
  SSLContext context() {
    try {
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      switch (trust) {
        case ServerTrust.SystemStore s -> trustManagers.init((KeyStore) null);
        case ServerTrust.CaFile ca -> trustManagers.init(Pem.trustStore(ca.file(), "CA file"));
      }
      KeyManager[] keyManagers = null;
      if (certificate.isPresent()) {
        char[] password = randomPassword();
        KeyStore keys =
            Pem.keyStore(
                certificate.get().certificate(),
                certificate.get().key(),
                password,
                "client certificate",
                "client key");
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        keyManagers = kmf.getKeyManagers();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static char[] randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes).toCharArray();
  }
}
