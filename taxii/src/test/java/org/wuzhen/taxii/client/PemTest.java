package org.wuzhen.taxii.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.taxii.testing.TestCertificates;

/** Key files as openssl writes them, and files that are not what a setting names. */
class PemTest {
  @TempDir Path dir;

  private Path write(String name, Object pem) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(pem instanceof JcaPKCS8Generator g ? g.generate() : pem);
    }
    Path file = dir.resolve(name);
    Files.writeString(file, out.toString());
    return file;
  }

  private static KeyPair pair(String algorithm) throws Exception {
    return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
  }

  @Test
  void readsPkcs8Pkcs1AndSec1Keys() throws Exception {
    KeyPair rsa = pair("RSA");
    // Bouncy Castle's EC keys carry their curve inside the SEC1 structure, as openssl writes it.
    KeyPair ec = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider()).generateKeyPair();
    Path pkcs1 = write("rsa.key", rsa.getPrivate()); // BEGIN RSA PRIVATE KEY
    Path sec1 = write("ec.key", ec.getPrivate()); // BEGIN EC PRIVATE KEY
    Path pkcs8 = write("p8.key", new JcaPKCS8Generator(ec.getPrivate(), null));
    assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(Files.readString(pkcs8)).startsWith("-----BEGIN PRIVATE KEY-----");
    PrivateKey fromPkcs1 = Pem.privateKey(pkcs1, "tls.key");
    assertThat(fromPkcs1.getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
    assertThat(Pem.privateKey(sec1, "tls.key").getAlgorithm()).isIn("EC", "ECDSA");
    assertThat(Pem.privateKey(pkcs8, "tls.key").getAlgorithm()).isIn("EC", "ECDSA");
  }

  @Test
  void refusesEncryptedKeysSayingHowToDecrypt() throws Exception {
    OutputEncryptor encryptor =
        new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
            .setProvider(new BouncyCastleProvider())
            .setPassword("secret".toCharArray())
            .build();
    Path encrypted = write("enc.key", new JcaPKCS8Generator(pair("EC").getPrivate(), encryptor));
    assertThatThrownBy(() -> Pem.privateKey(encrypted, "tls.key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tls.key: " + encrypted)
        .hasMessageContaining("encrypted")
        .hasMessageContaining("openssl pkey");
  }

  @Test
  void namesTheSettingAndFileOfWhatIsNotAKeyOrCertificate() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
    assertThatThrownBy(() -> Pem.privateKey(text, "tls.key"))
        .hasMessageStartingWith("tls.key: " + text)
        .hasMessageContaining("no private key");
    assertThatThrownBy(() -> Pem.certificates(text, "tls.certificate"))
        .hasMessageStartingWith("tls.certificate: " + text);
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> Pem.certificates(missing, "tls.certificate"))
        .hasMessage("tls.certificate: " + missing + " does not exist");
    Path big = Files.write(dir.resolve("big.pem"), new byte[(1 << 20) + 1]);
    assertThatThrownBy(() -> Pem.certificates(big, "tls.certificate"))
        .hasMessageContaining("larger than 1 MiB");
  }

  @Test
  void refusesAKeyThatDoesNotBelongToTheCertificate() {
    TestCertificates ca = TestCertificates.authority(dir, "ca");
    TestCertificates.Issued one = ca.server("one");
    TestCertificates.Issued two = ca.server("two");
    assertThatThrownBy(
            () ->
                Pem.keyStore(
                    one.certificate(), two.key(), "x".toCharArray(), "tls.certificate", "tls.key"))
        .hasMessageContaining("tls.certificate and tls.key")
        .hasMessageContaining("does not belong to the certificate");
  }
}
