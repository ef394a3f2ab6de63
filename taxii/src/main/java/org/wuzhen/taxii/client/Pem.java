package org.wuzhen.taxii.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads TLS key material as operators have it: PEM certificate chains and private keys (as openssl
 * and certbot write them) and PKCS#12 keystores, into JDK key stores. Every failure is an {@link
 * IllegalArgumentException} naming the setting and the file.
 */
public final class Pem {
  /** Larger files are not key material; refused before reading. */
  private static final long MAX_FILE_BYTES = 1L << 20;

  private Pem() {}

  /**
   * The X.509 certificates of a PEM (or DER) file, in file order.
   *
   * @param setting the option or setting that named the file, for the message
   */
  public static List<X509Certificate> certificates(Path file, String setting) {
    byte[] bytes = read(file, setting);
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw invalid(setting, file, "holds no certificate (expected -----BEGIN CERTIFICATE-----)");
      }
      return out;
    } catch (CertificateException | IOException e) {
      throw invalid(setting, file, "is not a PEM certificate file: " + e.getMessage());
    }
  }

  /**
   * The private key of an unencrypted PEM file: {@code PRIVATE KEY} (PKCS#8), {@code RSA PRIVATE
   * KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC1).
   */
  public static PrivateKey privateKey(Path file, String setting) {
    String text = new String(read(file, setting), StandardCharsets.US_ASCII);
    try (Reader reader = new StringReader(text);
        PEMParser parser = new PEMParser(reader)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        switch (o) {
          case PrivateKeyInfo info -> {
            return converter.getPrivateKey(info);
          }
          case PEMKeyPair pair -> {
            // Read the private part only: SEC1 keys may leave out the public key.
            return converter.getPrivateKey(pair.getPrivateKeyInfo());
          }
          default -> {
            if (o.getClass().getSimpleName().contains("Encrypted")) {
              throw invalid(
                  setting,
                  file,
                  "holds an encrypted private key; decrypt it (openssl pkey -in KEY -out"
                      + " PLAIN) and keep the file readable by the node only, or use a PKCS#12"
                      + " keystore with a password");
            }
          }
        }
      }
      throw invalid(setting, file, "holds no private key (expected -----BEGIN PRIVATE KEY-----)");
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException named && named.getMessage().startsWith(setting)) {
        throw named;
      }
      throw invalid(setting, file, "is not a PEM private key: " + e.getMessage());
    }
  }

  /**
   * An in-memory PKCS#12 store with one entry, alias {@code key}: the chain and its private key,
   * protected by {@code password}.
   *
   * @throws IllegalArgumentException when the key does not belong to the chain's first certificate
   */
  public static KeyStore keyStore(
      List<X509Certificate> chain, PrivateKey key, char[] password, String setting) {
    requireMatchingKey(chain.getFirst(), key, setting);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("key", key, password, chain.toArray(Certificate[]::new));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(setting + ": cannot hold this key: " + e.getMessage(), e);
    }
  }

  /** A PEM certificate and key file pair as a key store (see {@link #keyStore}). */
  public static KeyStore keyStore(
      Path certificate, Path key, char[] password, String certificateSetting, String keySetting) {
    return keyStore(
        certificates(certificate, certificateSetting),
        privateKey(key, keySetting),
        password,
        certificateSetting + " and " + keySetting);
  }

  /** A PKCS#12 file, opened with its password; it must hold a private key entry. */
  public static KeyStore pkcs12(Path file, char[] password, String setting) {
    byte[] bytes = read(file, setting);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(new ByteArrayInputStream(bytes), password);
      for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
        if (store.isKeyEntry(aliases.nextElement())) {
          return store;
        }
      }
      throw invalid(setting, file, "holds no private key entry");
    } catch (IOException | GeneralSecurityException e) {
      throw invalid(
          setting, file, "cannot be opened as PKCS#12 with the password given: " + e.getMessage());
    }
  }

  /** A trust store of every certificate in a PEM file of CA certificates. */
  public static KeyStore trustStore(Path caFile, String setting) {
    List<X509Certificate> cas = certificates(caFile, setting);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw invalid(setting, caFile, "cannot be used as trust anchors: " + e.getMessage());
    }
  }

  /** Signs with the key and verifies with the certificate, so a mismatched pair fails here. */
  private static void requireMatchingKey(X509Certificate leaf, PrivateKey key, String setting) {
    PublicKey pub = leaf.getPublicKey();
    String algorithm =
        switch (pub.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          case "Ed448" -> "Ed448";
          default ->
              throw new IllegalArgumentException(
                  setting + ": unsupported key algorithm " + pub.getAlgorithm());
        };
    byte[] probe = new byte[32];
    new SecureRandom().nextBytes(probe);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(pub);
      verifier.update(probe);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // a key of another algorithm than the certificate's: the same answer as a wrong key
    }
    throw new IllegalArgumentException(
        setting
            + ": the private key does not belong to the certificate "
            + leaf.getSubjectX500Principal().getName());
  }

  private static byte[] read(Path file, String setting) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw invalid(setting, file, "is larger than 1 MiB: not a certificate or key");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw invalid(setting, file, "does not exist");
    } catch (IOException e) {
      throw invalid(setting, file, "cannot be read: " + e.getMessage());
    }
  }

  private static IllegalArgumentException invalid(String setting, Path file, String problem) {
    return new IllegalArgumentException(setting + ": " + file + " " + problem);
  }
}
