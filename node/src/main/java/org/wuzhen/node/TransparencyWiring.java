package org.wuzhen.node;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import org.wuzhen.store.Store;
import org.wuzhen.taxii.TaxiiExtensions;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.TransparencyLog;

/**
 * The transparency log of {@code wuzhen serve}: the node's Ed25519 log key in the data directory
 * (created 0600 on first start), tree heads signed in the background, and the {@code /wuzhen/log/}
 * routes added to the TAXII server's extensions.
 */
final class TransparencyWiring implements AutoCloseable {
  static final String KEY_FILE = "transparency-log.key";

  private final TransparencyLog log;

  private TransparencyWiring(TransparencyLog log) {
    this.log = log;
  }

  static TransparencyWiring start(Store store, Path dataDirectory) throws IOException {
    KeyPair key = Ed25519Keys.loadOrCreate(dataDirectory.resolve(KEY_FILE));
    return new TransparencyWiring(new TransparencyLog(store, key, Clock.systemUTC()).start());
  }

  /** {@code base} with the log's routes added. */
  TaxiiExtensions extensions(TaxiiExtensions base) {
    TaxiiExtensions.Builder b = base.toBuilder();
    log.routes().forEach(b::route);
    return b.build();
  }

  TransparencyLog log() {
    return log;
  }

  @Override
  public void close() {
    log.close();
  }
}
