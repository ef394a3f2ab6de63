package org.wuzhen.node;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.detect.IndicatorSource;
import org.wuzhen.detect.UnreadableInputException;
import org.wuzhen.governance.DetectionExclusions;
import org.wuzhen.governance.GovernanceClient;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.taxii.client.CollectionUrl;
import org.wuzhen.taxii.client.ObjectFilter;
import org.wuzhen.taxii.client.ObjectsPage;
import org.wuzhen.taxii.client.TaxiiClientException;

/**
 * {@code wuzhen detect --indicators URL}: the indicators of a TAXII collection, then those added
 * since (by {@code added_after}), and the node's detection exclusions. Not thread-safe; a live
 * detection polls it from one thread.
 */
final class TaxiiIndicatorSource implements IndicatorSource {
  private final CredentialOptions.Client client;
  private Optional<String> after = Optional.empty();

  TaxiiIndicatorSource(CredentialOptions.Client client) {
    this.client = requireNonNull(client, "client");
  }

  @Override
  public List<StixObject> load() throws UnreadableInputException {
    return more();
  }

  @Override
  public List<StixObject> more() throws UnreadableInputException {
    CollectionUrl c = client.collection();
    List<StixObject> out = new ArrayList<>();
    Optional<String> next = Optional.empty();
    try {
      do {
        ObjectFilter filter = ObjectFilter.NONE.withLimit(1000).withTypes("indicator");
        filter = after.map(filter::withAddedAfter).orElse(filter);
        filter = next.map(filter::withNext).orElse(filter);
        ObjectsPage page = client.taxii().objects(c.apiRoot(), c.collection(), filter);
        for (int i = 0; i < page.objects().size(); i++) {
          try {
            out.add(StixObject.from(page.objects().get(i)));
          } catch (StixFormatException e) {
            throw new UnreadableInputException(
                "--indicators: objects[" + i + "] of the page: " + e.getMessage());
          }
        }
        if (page.dateAddedLast().isPresent()) {
          after = page.dateAddedLast();
        }
        next = page.more() ? page.next() : Optional.empty();
      } while (next.isPresent());
    } catch (TaxiiClientException e) {
      throw new UnreadableInputException("--indicators: " + e.getMessage());
    }
    return out;
  }

  /** Empty when the server has no exclusions route (not a Wuzhen node, or no governance). */
  @Override
  public Set<String> excluded() throws UnreadableInputException {
    try {
      return new HashSet<>(
          new GovernanceClient(client.taxii())
              .detectionExclusions(client.collection().collection())
              .map(DetectionExclusions::ids)
              .orElse(List.of()));
    } catch (TaxiiClientException e) {
      throw new UnreadableInputException("--indicators: " + e.getMessage());
    }
  }
}
