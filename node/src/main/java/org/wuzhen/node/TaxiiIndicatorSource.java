package org.wuzhen.node;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.detect.IndicatorSource;
import org.wuzhen.detect.UnreadableInputException;
import org.wuzhen.stix.StixObject;

/**
 * {@code wuzhen detect --indicators URL}: the indicators of a TAXII collection, then those added
 * since (by {@code added_after}), and the node's detection exclusions. Not thread-safe; a live
 * detection polls it from one thread.
 */
final class TaxiiIndicatorSource implements IndicatorSource {
  private final TaxiiClient client;
  private Optional<String> after = Optional.empty();

  TaxiiIndicatorSource(TaxiiClient client) {
    this.client = requireNonNull(client, "client");
  }

  @Override
  public List<StixObject> load() throws UnreadableInputException {
    return more();
  }

  @Override
  public List<StixObject> more() throws UnreadableInputException {
    try {
      List<StixObject> out = new ArrayList<>();
      Optional<String> next = Optional.empty();
      do {
        TaxiiClient.Page page = client.page("indicator", after, next, 1000);
        out.addAll(page.objects());
        if (page.dateAddedLast().isPresent()) {
          after = page.dateAddedLast();
        }
        next = page.next();
      } while (next.isPresent());
      return out;
    } catch (TaxiiClient.TaxiiCallException e) {
      throw new UnreadableInputException("--indicators: " + e.getMessage());
    }
  }

  @Override
  public Set<String> excluded() throws UnreadableInputException {
    try {
      return client.detectionExclusions();
    } catch (TaxiiClient.TaxiiCallException e) {
      throw new UnreadableInputException("--indicators: " + e.getMessage());
    }
  }
}
