package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.wuzhen.stix.StixId;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.taxii.client.TaxiiClientException;

/**
 * The governance routes of a node as typed calls over a {@link TaxiiClient}, read with the same
 * records the routes write. What members write goes through TAXII (the client's {@code
 * addObjects}), so the node's rules apply as to any client. Thread-safe.
 */
public final class GovernanceClient {
  private final TaxiiClient client;

  public GovernanceClient(TaxiiClient client) {
    this.client = requireNonNull(client, "client");
  }

  /** {@code GET /wuzhen/me/}. */
  public CallerView me() throws TaxiiClientException {
    return client.get("/wuzhen/me/", Map.of(), CallerView::fromJson);
  }

  /** {@code GET /wuzhen/charter/}: the charter in force, or version {@code version}. */
  public CharterView charter(Optional<Integer> version) throws TaxiiClientException {
    return client.get(
        "/wuzhen/charter/",
        version.map(v -> Map.of("version", Integer.toString(v))).orElse(Map.of()),
        CharterView::fromJson);
  }

  /** {@code GET /wuzhen/proposals/}. */
  public ProposalList proposals() throws TaxiiClientException {
    return client.get("/wuzhen/proposals/", Map.of(), ProposalList::fromJson);
  }

  /** {@code GET /wuzhen/objects/{id}/}. */
  public ObjectView object(StixId id) throws TaxiiClientException {
    return client.get("/wuzhen/objects/" + id.text() + "/", Map.of(), ObjectView::fromJson);
  }

  /**
   * {@code GET /wuzhen/detection/exclusions/?collection=ID}; empty when the server has no such
   * route (a TAXII server that is not a Wuzhen node, or a node without governance) or no such
   * collection the caller may read.
   */
  public Optional<DetectionExclusions> detectionExclusions(String collection)
      throws TaxiiClientException {
    try {
      return client.find(
          "/wuzhen/detection/exclusions/",
          Map.of("collection", collection),
          DetectionExclusions::fromJson);
    } catch (TaxiiClientException e) {
      // Some TAXII servers answer a path they do not serve with 405 rather than 404.
      if (e.status().orElse(0) == 405) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
