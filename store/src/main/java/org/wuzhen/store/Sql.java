package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** SQL text built piece by piece with its parameters in the same order. Not thread-safe. */
final class Sql {
  private final StringBuilder text = new StringBuilder();
  private final List<Object> parameters = new ArrayList<>();

  Sql append(String sql) {
    text.append(sql);
    return this;
  }

  /** Appends SQL text that holds one {@code ?} per parameter given. */
  Sql append(String sql, Object... values) {
    text.append(sql);
    parameters.addAll(List.of(values));
    return this;
  }

  /** Appends {@code (?, ?, …)} for the values. */
  Sql inList(Collection<?> values) {
    text.append('(');
    int i = 0;
    for (Object v : values) {
      text.append(i++ == 0 ? "?" : ", ?");
      parameters.add(v);
    }
    text.append(')');
    return this;
  }

  PreparedStatement prepare(Connection connection) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(text.toString());
    try {
      bind(statement);
    } catch (SQLException e) {
      statement.close();
      throw e;
    }
    return statement;
  }

  /** Sets the parameters on a statement prepared from this text. */
  void bind(PreparedStatement statement) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      statement.setObject(i + 1, parameters.get(i));
    }
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
