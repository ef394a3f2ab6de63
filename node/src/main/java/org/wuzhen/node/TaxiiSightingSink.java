package org.wuzhen.node;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.List;
import org.wuzhen.detect.SightingSink;
import org.wuzhen.stix.JsonObject;

/**
 * {@code wuzhen detect --publish URL}: each snapshot POSTed to a TAXII collection in envelopes of
 * at most {@link #ENVELOPE} objects; the first ten refused objects and any failed call are said on
 * stderr.
 */
final class TaxiiSightingSink implements SightingSink {
  static final int ENVELOPE = 1000;

  private final TaxiiClient client;
  private final PrintWriter err;

  TaxiiSightingSink(TaxiiClient client, PrintWriter err) {
    this.client = requireNonNull(client, "client");
    this.err = requireNonNull(err, "err");
  }

  @Override
  public boolean deliver(List<JsonObject> objects) {
    int failures = 0;
    for (int from = 0; from < objects.size(); from += ENVELOPE) {
      List<JsonObject> chunk = objects.subList(from, Math.min(objects.size(), from + ENVELOPE));
      try {
        for (String refused : TaxiiClient.failures(client.post(chunk))) {
          if (++failures <= 10) {
            err.println("wuzhen detect: refused " + refused);
          }
        }
      } catch (TaxiiClient.TaxiiCallException e) {
        err.println("wuzhen detect: --publish: " + e.getMessage());
        err.flush();
        return false;
      }
    }
    err.flush();
    return failures == 0;
  }
}
