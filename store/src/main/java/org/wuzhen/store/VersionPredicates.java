package org.wuzhen.store;

import java.util.List;

/**
 * The SQL for TAXII's {@code match[spec_version]} and {@code match[version]} over the objects table
 * aliased {@code o}. Both are decided per object id within one collection by correlated scalar
 * subqueries on the (collection_key, id_key, type_code, version_micros) index. Neither database
 * flattens those into joins, so a page query walks the date_added index, probes each candidate, and
 * stops after the page: its cost grows with the page, not with the collection. (PostgreSQL turns
 * {@code NOT EXISTS} into an anti-join over the whole collection, which was measured 60 times
 * slower.)
 */
final class VersionPredicates {
  private VersionPredicates() {}

  /**
   * {@code %s} (an alias of the objects table) is a version of o's object in o's collection: the
   * same key and type code, which name exactly one id (migration V57), so the version index answers
   * it without reading the id's text.
   */
  static final String SAME_ID =
      "%1$s.collection_key = o.collection_key AND %1$s.id_key = o.id_key"
          + " AND %1$s.type_code = o.type_code";

  /**
   * Appends {@code AND <o passes the spec_version selection>}. Empty selects, per id, only the
   * versions with the greatest spec_version present (TAXII §3.4.1 default: the latest).
   */
  static void appendSpecVersion(Sql sql, List<String> specVersions) {
    if (specVersions.isEmpty()) {
      sql.append(
          " AND o.spec_version = (SELECT MAX(s.spec_version) FROM objects s WHERE "
              + SAME_ID.formatted("s")
              + ")");
    } else {
      sql.append(" AND o.spec_version IN ").inList(specVersions);
    }
  }

  /**
   * Appends {@code AND (<o passes the version selection>)}: the union of what first, last, all and
   * the exact versions each select. first and last rank only the versions that pass the same
   * spec_version selection as {@code o}.
   */
  static void appendVersion(Sql sql, VersionSelection versions, List<String> specVersions) {
    if (versions.all()) {
      return;
    }
    sql.append(" AND (");
    String or = "";
    if (versions.last()) {
      sql.append(or);
      appendExtreme(sql, "MAX", specVersions);
      or = " OR ";
    }
    if (versions.first()) {
      sql.append(or);
      appendExtreme(sql, "MIN", specVersions);
      or = " OR ";
    }
    if (!versions.versionsMicros().isEmpty()) {
      sql.append(or).append("o.version_micros IN ").inList(versions.versionsMicros());
    }
    sql.append(")");
  }

  /** o's version is the MAX or MIN of its id's versions that pass the spec_version selection. */
  private static void appendExtreme(Sql sql, String aggregate, List<String> specVersions) {
    sql.append(
        "o.version_micros = (SELECT "
            + aggregate
            + "(n.version_micros) FROM objects n WHERE "
            + SAME_ID.formatted("n")
            + " AND ");
    if (specVersions.isEmpty()) {
      // o has its id's greatest spec_version, so a sibling passes exactly when it has the same.
      sql.append("n.spec_version = o.spec_version");
    } else {
      sql.append("n.spec_version IN ").inList(specVersions);
    }
    sql.append(")");
  }
}
