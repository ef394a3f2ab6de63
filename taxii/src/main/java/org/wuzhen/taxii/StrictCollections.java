package org.wuzhen.taxii;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.validate.Finding;
import org.wuzhen.stix.validate.StixValidator;
import org.wuzhen.store.CollectionId;

/**
 * The per-collection {@code strict} setting: in the named collections, objects that a node
 * otherwise accepts under a compatibility rule (MISP's {@code x_misp_...-...} property names,
 * random SCO ids where deterministic ones are due) are refused, naming the property. Immutable.
 */
public final class StrictCollections implements NodeExtension, WriteCheck {
  private final Set<CollectionId> collections;
  private final StixValidator validator = new StixValidator();

  public StrictCollections(Set<CollectionId> collections) {
    this.collections = Set.copyOf(collections);
  }

  @Override
  public void extend(TaxiiExtensions.Builder server) {
    server.writeCheck(this);
  }

  @Override
  public Optional<String> refusal(Caller caller, CollectionId collection, StixObject object) {
    if (!collections.contains(collection)) {
      return Optional.empty();
    }
    List<String> broken = new ArrayList<>();
    for (Finding finding : validator.validate(object.json())) {
      if (finding.isCompatibility()) {
        broken.add(finding.toString());
      }
    }
    return broken.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "collection "
                + collection
                + " is strict: "
                + object.id()
                + " "
                + String.join("; ", broken));
  }
}
