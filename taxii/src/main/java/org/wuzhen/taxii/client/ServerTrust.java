package org.wuzhen.taxii.client;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Which certificate authorities a client accepts a node's TLS certificate from. The host name is
 * always checked against the certificate; there is no way to trust any certificate.
 */
public sealed interface ServerTrust {
  /** The JDK's trust store (public CAs, plus what the operator added to the system's store). */
  static ServerTrust system() {
    return new SystemStore();
  }

  /** Only the CA certificates in a PEM file (a community's own CA, a test CA). */
  static ServerTrust caFile(Path file) {
    return new CaFile(file);
  }

  /** The JDK's default trust store. */
  record SystemStore() implements ServerTrust {}

  /** The CA certificates of one PEM file, instead of the system's. */
  record CaFile(Path file) implements ServerTrust {
    public CaFile {
      requireNonNull(file, "file");
    }
  }
}
