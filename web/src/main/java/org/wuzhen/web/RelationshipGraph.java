package org.wuzhen.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.VersionSelection;
import org.wuzhen.taxii.ObjectReader;
import org.wuzhen.web.view.ObjectPageView.Graph;
import org.wuzhen.web.view.ObjectPageView.GraphEdge;
import org.wuzhen.web.view.ObjectPageView.GraphNode;
import org.wuzhen.web.view.ObjectPageView.Relationship;

/**
 * The one-hop graph of an object page, drawn by the template as SVG (no script): the object in the
 * middle, the objects at the other end of the relationships the table shows around it (at most
 * {@link #MAX_NODES}, the newest first; the rest are counted and left to the table), one edge per
 * neighbour labelled with the relationship types and arrows for their direction. Neighbours are
 * named from their latest versions, read through the caller's reader in one query per readable
 * collection; a neighbour the caller may not read keeps its id. Every label is text.
 */
final class RelationshipGraph {
  static final int MAX_NODES = 25;
  static final int WIDTH = 720;
  static final int HEIGHT = 440;
  private static final int RADIUS = 170;
  private static final int LABEL = 28;

  private RelationshipGraph() {}

  /** One neighbour: its id and the relationships to and from it. */
  private static final class Neighbour {
    final String id;
    final Set<String> types = new LinkedHashSet<>();
    boolean out;
    boolean in;

    Neighbour(String id) {
      this.id = id;
    }
  }

  static Graph of(
      ObjectReader reader, String id, String name, List<Relationship> rows, boolean moreRows) {
    Map<String, Neighbour> all = new LinkedHashMap<>();
    for (Relationship r : rows) {
      String other = r.other().text();
      if (other.isEmpty() || other.equals(id)) {
        continue;
      }
      Neighbour n = all.computeIfAbsent(other, Neighbour::new);
      n.types.add(r.type());
      if (r.out()) {
        n.out = true;
      } else {
        n.in = true;
      }
    }
    List<Neighbour> shown = all.values().stream().limit(MAX_NODES).toList();
    Map<String, String> names = names(reader, shown.stream().map(n -> n.id).toList());
    int cx = WIDTH / 2;
    int cy = HEIGHT / 2;
    List<GraphNode> nodes = new ArrayList<>();
    List<GraphEdge> edges = new ArrayList<>();
    for (int i = 0; i < shown.size(); i++) {
      Neighbour n = shown.get(i);
      double angle = 2 * Math.PI * i / shown.size() - Math.PI / 2;
      int x = cx + (int) Math.round(RADIUS * 1.5 * Math.cos(angle));
      int y = cy + (int) Math.round(RADIUS * Math.sin(angle));
      String label = names.getOrDefault(n.id, n.id);
      boolean right = x >= cx;
      nodes.add(
          new GraphNode(
              x,
              y,
              typeOf(n.id),
              shorten(label),
              label.equals(n.id) ? n.id : label + " (" + n.id + ")",
              Links.objectPath(n.id),
              right ? x + 9 : x - 9,
              y + 4,
              right ? "start" : "end"));
      String types = String.join(", ", n.types);
      edges.add(
          new GraphEdge(
              cx, cy, x, y, shorten(types), types, (cx + x) / 2, (cy + y) / 2 - 3, n.out, n.in));
    }
    GraphNode center =
        new GraphNode(
            cx,
            cy,
            typeOf(id),
            shorten(name.isEmpty() ? id : name),
            name.isEmpty() ? id : name + " (" + id + ")",
            Links.objectPath(id),
            cx,
            cy + 24,
            "middle");
    return new Graph(WIDTH, HEIGHT, center, nodes, edges, all.size() - shown.size(), moreRows);
  }

  /** The names of the objects the caller may read, by id; one query per readable collection. */
  private static Map<String, String> names(ObjectReader reader, List<String> ids) {
    Map<String, String> out = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    for (CollectionInfo c : reader.readableCollections()) {
      List<String> missing = ids.stream().filter(i -> !out.containsKey(i)).toList();
      if (missing.isEmpty()) {
        break;
      }
      ObjectQuery q =
          new ObjectQuery(
              Optional.empty(),
              missing,
              List.of(),
              VersionSelection.LAST,
              List.of(),
              missing.size(),
              Optional.empty(),
              true);
      for (StoredObject o : reader.query(c.id(), q).objects()) {
        try {
          o.json()
              .map(StixObject::parse)
              .flatMap(s -> s.string("name"))
              .ifPresent(n -> out.put(o.id(), n));
        } catch (StixFormatException e) {
          // stored before a tighter rule: shown by its id
        }
      }
    }
    return out;
  }

  private static String typeOf(String id) {
    int dash = id.indexOf("--");
    return dash < 0 ? id : id.substring(0, dash);
  }

  private static String shorten(String text) {
    return text.length() <= LABEL ? text : text.substring(0, LABEL - 1) + "…";
  }
}
