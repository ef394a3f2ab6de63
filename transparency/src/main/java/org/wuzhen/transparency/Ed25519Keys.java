package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys with the JDK's own provider: generation, PEM files (PKCS#8 private keys written with
 * permissions 0600 from the start, SPKI public keys), key ids, signing and verification. Key
 * material never appears in a message or a log line.
 */
public final class Ed25519Keys {
  private static final String PRIVATE = "PRIVATE KEY";
  private static final String PUBLIC = "PUBLIC KEY";

  private Ed25519Keys() {}

  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no Ed25519", e);
    }
  }

  /** The key id: hex SHA-256 of the public key's SPKI encoding. */
  public static String keyId(PublicKey key) {
    return HexFormat.of().formatHex(MerkleTree.sha256().digest(key.getEncoded()));
  }

  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }

  /** False for a wrong signature, a malformed one, or a key that is not Ed25519. */
  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Writes the private key as PEM; the file is created 0600 and must not exist yet. */
  public static void writePrivate(Path file, PrivateKey key) throws IOException {
    requireNonNull(file, "file");
    String pem = pem(PRIVATE, key.getEncoded());
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
  }

  public static void writePublic(Path file, PublicKey key) throws IOException {
    Files.writeString(file, pem(PUBLIC, key.getEncoded()), StandardCharsets.US_ASCII);
  }

  /** Reads a PEM private key; the message names the file, never the content. */
  public static PrivateKey readPrivate(Path file) throws IOException {
    byte[] der = unpem(file, PRIVATE);
    try {
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": not an Ed25519 private key (PKCS#8)");
    }
  }

  public static PublicKey readPublic(Path file) throws IOException {
    return publicKey(unpem(file, PUBLIC), file.toString());
  }

  /** A public key from its base64 SPKI encoding, as the node and key registries publish it. */
  public static PublicKey parsePublic(String base64, String where) {
    try {
      return publicKey(Base64.getDecoder().decode(base64.strip()), where);
    } catch (IllegalArgumentException | IOException e) {
      throw new IllegalArgumentException(where + ": not a base64 Ed25519 public key", e);
    }
  }

  public static String encodePublic(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** The key pair in {@code privateFile} and {@code privateFile.pub} beside it, both existing. */
  public static KeyPair readPair(Path privateFile) throws IOException {
    Path publicFile = privateFile.resolveSibling(privateFile.getFileName() + ".pub");
    return new KeyPair(readPublic(publicFile), readPrivate(privateFile));
  }

  /**
   * The key pair in {@code privateFile} (0600) and {@code privateFile.pub} beside it, created when
   * absent.
   */
  public static KeyPair loadOrCreate(Path privateFile) throws IOException {
    Path publicFile = privateFile.resolveSibling(privateFile.getFileName() + ".pub");
    if (Files.exists(privateFile)) {
      return readPair(privateFile);
    }
    KeyPair pair = generate();
    Files.createDirectories(privateFile.toAbsolutePath().getParent());
    Path tmpPublic = publicFile.resolveSibling(publicFile.getFileName() + ".tmp");
    Files.deleteIfExists(tmpPublic);
    writePublic(tmpPublic, pair.getPublic());
    Files.move(tmpPublic, publicFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try {
      writePrivate(privateFile, pair.getPrivate());
    } catch (FileAlreadyExistsException raced) {
      return loadOrCreate(privateFile);
    }
    return pair;
  }

  private static PublicKey publicKey(byte[] der, String where) throws IOException {
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException(where + ": not an Ed25519 public key (SPKI)");
    }
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  private static byte[] unpem(Path file, String label) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IOException(file + ": expected a PEM block '" + begin + "'");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": the PEM block is not base64");
    }
  }
}
