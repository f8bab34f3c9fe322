package org.stripesql.pgwire.sql;

import java.io.Reader;
import java.util.Map;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformance;

/**
 * Calcite's Babel parser with PostgreSQL's spellings put into Calcite's terms ({@link PgNodeRewriter}),
 * the top-level result columns named as PostgreSQL names them ({@link ColumnNames}) and parameters of
 * unknown type typed as PostgreSQL types them ({@link UnknownParameters}). A connection
 * uses it through its {@code parserFactory} property ({@link #FACTORY}).
 */
public final class PgSqlParserImpl extends SqlAbstractParserImpl {
  /** The factory a Calcite connection names: {@code org.stripesql.pgwire.sql.PgSqlParserImpl#FACTORY}. */
  public static final SqlParserImplFactory FACTORY = PgSqlParserImpl::new;

  private final SqlBabelParserImpl babel;

  private PgSqlParserImpl(Reader reader) {
    this.babel = (SqlBabelParserImpl) SqlBabelParserImpl.FACTORY.getParser(reader);
  }

  private static SqlNode postgres(SqlNode node) {
    return UnknownParameters.type(ColumnNames.name(node).accept(new PgNodeRewriter()));
  }

  @Override
  public SqlNode parseSqlStmtEof() throws Exception {
    return postgres(babel.parseSqlStmtEof());
  }

  @Override
  public SqlNodeList parseSqlStmtList() throws Exception {
    SqlNodeList list = babel.parseSqlStmtList();
    SqlNodeList out = new SqlNodeList(list.getParserPosition());
    list.forEach(n -> out.add(postgres(n)));
    return out;
  }

  @Override
  public SqlNode parseSqlExpressionEof() throws Exception {
    return babel.parseSqlExpressionEof().accept(new PgNodeRewriter());
  }

  @Override
  public SqlNode parseArray() throws SqlParseException {
    return babel.parseArray();
  }

  @Override
  public Metadata getMetadata() {
    return babel.getMetadata();
  }

  @Override
  public SqlParseException normalizeException(Throwable ex) {
    return babel.normalizeException(ex);
  }

  @Override
  protected SqlParserPos getPos() {
    return SqlParserPos.ZERO;
  }

  @Override
  public void ReInit(Reader reader) {
    babel.ReInit(reader);
  }

  @Override
  public void setTabSize(int tabSize) {
    babel.setTabSize(tabSize);
  }

  @Override
  public void setQuotedCasing(Casing casing) {
    babel.setQuotedCasing(casing);
  }

  @Override
  public void setUnquotedCasing(Casing casing) {
    babel.setUnquotedCasing(casing);
  }

  @Override
  public void setIdentifierMaxLength(int identifierMaxLength) {
    babel.setIdentifierMaxLength(identifierMaxLength);
  }

  @Override
  public void setConformance(SqlConformance conformance) {
    babel.setConformance(conformance);
  }

  @Override
  public void switchTo(LexicalState state) {
    babel.switchTo(state);
  }

  @Override
  public void setOriginalSql(String originalSql) {
    super.setOriginalSql(originalSql);
    babel.setOriginalSql(originalSql);
  }

  @Override
  public void setTimeUnitCodes(Map<String, TimeUnit> timeUnitCodes) {
    babel.setTimeUnitCodes(timeUnitCodes);
  }
}
