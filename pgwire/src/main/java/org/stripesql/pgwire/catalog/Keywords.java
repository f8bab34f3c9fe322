package org.stripesql.pgwire.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code pg_get_keywords()}: PostgreSQL 15's keywords (the server reports version 15), from the list
 * derived from PostgreSQL itself ({@code keywords.txt}); pgJDBC's {@code getSQLKeywords} reads it.
 */
final class Keywords extends AbstractTable implements ScannableTable {
  private static final List<Object[]> ROWS = load();

  private static List<Object[]> load() {
    List<Object[]> rows = new ArrayList<>();
    try (InputStream in = Keywords.class.getResourceAsStream("keywords.txt")) {
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\\|", -1);
        rows.add(new Object[] {f[0], f[1], f[2].equals("t"), f[3], f[4]});
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(rows);
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory f) {
    return f.builder().add("word", SqlTypeName.VARCHAR).add("catcode", SqlTypeName.VARCHAR)
        .add("barelabel", SqlTypeName.BOOLEAN).add("catdesc", SqlTypeName.VARCHAR).add("baredesc", SqlTypeName.VARCHAR)
        .build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    return Linq4j.asEnumerable(ROWS);
  }
}
