package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;

/**
 * What the modules above TAXII add to a node's server: read filters (export policy), write checks
 * (community rules on publishing), extra routes under {@code /wuzhen/} and readiness checks. The
 * node wires them; the TAXII module knows none of them. Immutable.
 */
public final class TaxiiExtensions {
  /** No filters, no checks, no routes: a plain TAXII 2.1 server. */
  public static final TaxiiExtensions NONE = builder().build();

  private final List<ReadFilter> readFilters;
  private final List<WriteCheck> writeChecks;
  private final List<ExtensionRoute> routes;
  private final Map<String, ReadinessCheck> readinessChecks;
  private final ServerMetrics metrics;

  private TaxiiExtensions(Builder b) {
    this.metrics = b.metrics;
    this.readFilters = List.copyOf(b.readFilters);
    this.writeChecks = List.copyOf(b.writeChecks);
    this.routes = List.copyOf(b.routes);
    this.readinessChecks = Collections.unmodifiableMap(new LinkedHashMap<>(b.readinessChecks));
  }

  public static Builder builder() {
    return new Builder(new ServerMetrics(new PrometheusRegistry()));
  }

  /** A builder holding these extensions, to add more. */
  public Builder toBuilder() {
    Builder b = new Builder(metrics);
    b.readFilters.addAll(readFilters);
    b.writeChecks.addAll(writeChecks);
    b.routes.addAll(routes);
    b.readinessChecks.putAll(readinessChecks);
    return b;
  }

  public List<ExtensionRoute> routes() {
    return routes;
  }

  /** The node's metrics, the server's own among them. */
  ServerMetrics metrics() {
    return metrics;
  }

  /** The readiness checks by name, in the order added ({@code /readyz}). */
  Map<String, ReadinessCheck> readinessChecks() {
    return readinessChecks;
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
    private final Map<String, ReadinessCheck> readinessChecks = new LinkedHashMap<>();
    private final ServerMetrics metrics;

    private Builder(ServerMetrics metrics) {
      this.metrics = metrics;
    }

    /**
     * The node's metrics registry, one per node, served at {@code /metrics}: a part registers its
     * metrics here (names {@code wuzhen_<part>_..._total}, {@code _seconds}).
     */
    public PrometheusRegistry metrics() {
      return metrics.registry();
    }

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

    /**
     * Adds a condition of the node's readiness ({@code /readyz}), named for the log, e.g. {@code
     * transparency log indexed}.
     *
     * @throws IllegalArgumentException when a check of that name was already added
     */
    public Builder readinessCheck(String name, ReadinessCheck check) {
      requireNonNull(name, "name");
      requireNonNull(check, "check");
      if (readinessChecks.putIfAbsent(name, check) != null) {
        throw new IllegalArgumentException("a readiness check named '" + name + "' exists already");
      }
      return this;
    }

    public TaxiiExtensions build() {
      return new TaxiiExtensions(this);
    }
  }
}
