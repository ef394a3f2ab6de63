package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;

/**
 * What the modules above TAXII add to a node's server: read filters (export policy), write checks
 * (community rules on publishing) and extra routes under {@code /wuzhen/}. The node wires them; the
 * TAXII module knows none of them. Immutable.
 */
public final class TaxiiExtensions {
  /** No filters, no checks, no routes: a plain TAXII 2.1 server. */
  public static final TaxiiExtensions NONE = builder().build();

  private final List<ReadFilter> readFilters;
  private final List<WriteCheck> writeChecks;
  private final List<ExtensionRoute> routes;

  private TaxiiExtensions(Builder b) {
    this.readFilters = List.copyOf(b.readFilters);
    this.writeChecks = List.copyOf(b.writeChecks);
    this.routes = List.copyOf(b.routes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these extensions, to add more. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.readFilters.addAll(readFilters);
    b.writeChecks.addAll(writeChecks);
    b.routes.addAll(routes);
    return b;
  }

  public List<ExtensionRoute> routes() {
    return routes;
  }

  /** The read filters, in the order added; {@link ReadDecision} applies them. */
  List<ReadFilter> readFilters() {
    return readFilters;
  }

  /** The first write check's refusal, if any. */
  Optional<String> refusal(Caller caller, CollectionId collection, StixObject object) {
    for (WriteCheck check : writeChecks) {
      Optional<String> refusal = check.refusal(caller, collection, object);
      if (refusal.isPresent()) {
        return refusal;
      }
    }
    return Optional.empty();
  }

  public static final class Builder {
    private final List<ReadFilter> readFilters = new ArrayList<>();
    private final List<WriteCheck> writeChecks = new ArrayList<>();
    private final List<ExtensionRoute> routes = new ArrayList<>();

    private Builder() {}

    public Builder readFilter(ReadFilter filter) {
      readFilters.add(requireNonNull(filter, "filter"));
      return this;
    }

    public Builder writeCheck(WriteCheck check) {
      writeChecks.add(requireNonNull(check, "check"));
      return this;
    }

    public Builder route(ExtensionRoute route) {
      routes.add(requireNonNull(route, "route"));
      return this;
    }

    public TaxiiExtensions build() {
      return new TaxiiExtensions(this);
    }
  }
}
