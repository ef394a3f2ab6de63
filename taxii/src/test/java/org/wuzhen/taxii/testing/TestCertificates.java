package org.wuzhen.taxii.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made in the test, with Bouncy Castle: it issues server certificates for
 * loopback ({@code 127.0.0.1}, {@code ::1}, {@code localhost}) and client certificates, valid now
 * or expired, and writes them as PEM files as openssl would. Keys are ECDSA P-256 (fast to make).
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  private final Path directory;
  private final String name;
  private final KeyPair key;
  private final X509Certificate certificate;

  private TestCertificates(Path directory, String name, KeyPair key, X509Certificate certificate) {
    this.directory = directory;
    this.name = name;
    this.key = key;
    this.certificate = certificate;
  }

  /** A new CA named {@code CN=name}; its files go into {@code directory}. */
  public static TestCertificates authority(Path directory, String name) {
    requireNonNull(directory, "directory");
    KeyPair key = newKey();
    X500Principal subject = new X500Principal("CN=" + name + ",O=Wuzhen tests");
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
                  subject,
                  serial(),
                  Date.from(now.minus(Duration.ofHours(1))),
                  Date.from(now.plus(Duration.ofDays(3650))),
                  subject,
                  key.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(key.getPublic()));
      X509Certificate ca = sign(b, key.getPrivate());
      TestCertificates authority = new TestCertificates(directory, name, key, ca);
      Files.createDirectories(directory);
      authority.write(authority.caFile(), pem(ca));
      return authority;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a test CA", e);
    }
  }

  /** The CA's certificate as a PEM file: what clients trust. */
  public Path caFile() {
    return directory.resolve(name + "-ca.pem");
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** A certificate and its key as PEM files. */
  public record Issued(Path certificate, Path key, X509Certificate x509) {
    /** {@code sha256:} and the hex SHA-256 of the certificate's DER encoding. */
    public String fingerprint() {
      try {
        return "sha256:"
            + HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(x509.getEncoded()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * A server certificate for loopback, valid from an hour ago for a day, in {@code CA-fileName.pem}
   * and {@code .key}; issuing the same name again overwrites them, as a renewal.
   */
  public Issued server(String fileName) {
    Instant now = Instant.now();
    return server(fileName, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
  }

  /** A server certificate for loopback, valid from {@code notBefore} to {@code notAfter}. */
  public Issued server(String fileName, Instant notBefore, Instant notAfter) {
    GeneralNames names =
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.iPAddress, "::1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            });
    return issue(
        fileName,
        new X500Principal("CN=localhost,O=Wuzhen tests " + fileName),
        notBefore,
        notAfter,
        KeyPurposeId.id_kp_serverAuth,
        names);
  }

  /** A server certificate for one DNS name only (not loopback), valid a day. */
  public Issued serverFor(String fileName, String dnsName) {
    Instant now = Instant.now();
    return issue(
        fileName,
        new X500Principal("CN=" + dnsName),
        now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)),
        KeyPurposeId.id_kp_serverAuth,
        new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
  }

  /** A client certificate with subject {@code CN=commonName,O=Wuzhen tests}, valid a day. */
  public Issued client(String commonName) {
    Instant now = Instant.now();
    return issue(
        commonName,
        new X500Principal("CN=" + commonName + ",O=Wuzhen tests"),
        now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)),
        KeyPurposeId.id_kp_clientAuth,
        null);
  }

  private Issued issue(
      String fileName,
      X500Principal subject,
      Instant notBefore,
      Instant notAfter,
      KeyPurposeId purpose,
      GeneralNames names) {
    KeyPair pair = newKey();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
                  certificate,
                  serial(),
                  Date.from(notBefore),
                  Date.from(notAfter),
                  subject,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
              .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  ext.createAuthorityKeyIdentifier(certificate));
      if (names != null) {
        b.addExtension(Extension.subjectAlternativeName, false, names);
      }
      X509Certificate issued = sign(b, key.getPrivate());
      // Named after the CA too: two CAs may issue certificates of the same name.
      Path certFile = directory.resolve(name + "-" + fileName + ".pem");
      Path keyFile = directory.resolve(name + "-" + fileName + ".key");
      // The chain as servers send it: the leaf, then the issuing CA.
      write(certFile, pem(issued) + pem(certificate));
      // PKCS#8, as openssl 3 and certbot write keys.
      write(keyFile, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
      return new Issued(certFile, keyFile, issued);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot issue a test certificate", e);
    }
  }

  /** Writes via a temporary file and a move, as certbot's renewals do. */
  private void write(Path file, String text) throws IOException {
    Path temporary = Files.createTempFile(directory, "new-", ".tmp");
    Files.writeString(temporary, text);
    Files.move(
        temporary,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (OperatorCreationException | java.security.cert.CertificateException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static String pem(Object o) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      if (o instanceof JcaPKCS8Generator generator) {
        w.writeObject(generator.generate());
      } else {
        w.writeObject(o);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static KeyPair newKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }
}
