package org.wuzhen.node;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.List;
import org.wuzhen.detect.SightingSink;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.taxii.StatusResource;
import org.wuzhen.taxii.client.TaxiiClientException;

/**
 * {@code wuzhen detect --publish URL}: each snapshot POSTed to a TAXII collection in envelopes of
 * at most {@link #ENVELOPE} objects; the first ten refused objects and any failed call are said on
 * stderr.
 */
final class TaxiiSightingSink implements SightingSink {
  static final int ENVELOPE = 1000;

  private final CredentialOptions.Client client;
  private final PrintWriter err;

  TaxiiSightingSink(CredentialOptions.Client client, PrintWriter err) {
    this.client = requireNonNull(client, "client");
    this.err = requireNonNull(err, "err");
  }

  @Override
  public Delivery deliver(List<JsonObject> objects) {
    int failures = 0;
    for (int from = 0; from < objects.size(); from += ENVELOPE) {
      List<JsonObject> chunk = objects.subList(from, Math.min(objects.size(), from + ENVELOPE));
      try {
        StatusResource status =
            client
                .taxii()
                .addObjects(client.collection().apiRoot(), client.collection().collection(), chunk);
        for (StatusResource.Detail refused : status.failures()) {
          if (++failures <= 10) {
            err.println("wuzhen detect: refused " + refused.describe());
          }
        }
      } catch (TaxiiClientException e) {
        err.println("wuzhen detect: --publish: " + e.getMessage());
        err.flush();
        return new Delivery.Failed(e.getMessage());
      }
    }
    err.flush();
    return Delivery.refusing(failures);
  }
}
