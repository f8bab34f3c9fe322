package org.stripesql.adapter;

import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.TableFunction;
import org.apache.calcite.sql.type.SqlTypeName;
import org.stripesql.adapter.oauth.OAuthException;
import org.stripesql.adapter.oauth.OAuthService;
import org.stripesql.adapter.oauth.OAuthTokens;

/**
 * The web OAuth flow as SQL table functions of a Stripe schema: {@code GetOAuthAuthorizationURL},
 * {@code GetOAuthAccessToken} and {@code RefreshOAuthAccessToken} (see the README). They store nothing
 * and call Stripe when the statement runs, never while it is planned; docs/design.md says how the
 * generated code finds each connection's own schema.
 */
public final class OAuthFunctions implements TableFunction, ImplementableFunction {
  /** A schema whose OAuth the functions use (the Stripe schema). */
  public interface Source {
    OAuthService oauth();
  }

  /** The functions' names, as SQL sees them. */
  public static final String AUTHORIZATION_URL = "GetOAuthAuthorizationURL";
  public static final String ACCESS_TOKEN = "GetOAuthAccessToken";
  public static final String REFRESH = "RefreshOAuthAccessToken";

  private final String name;
  private final List<String> parameters;
  private final Expression schema;

  private OAuthFunctions(String name, List<String> parameters, Expression schema) {
    this.name = name;
    this.parameters = parameters;
    this.schema = schema;
  }

  /** The three functions of the schema that {@code schemaExpression} (a SchemaPlus) evaluates to. */
  static Map<String, OAuthFunctions> all(Expression schemaExpression) {
    return Map.of(
        AUTHORIZATION_URL, new OAuthFunctions(AUTHORIZATION_URL, List.of("CallbackURL", "Scope", "State"), schemaExpression),
        ACCESS_TOKEN, new OAuthFunctions(ACCESS_TOKEN, List.of("Verifier", "CallbackURL"), schemaExpression),
        REFRESH, new OAuthFunctions(REFRESH, List.of("OAuthRefreshToken"), schemaExpression));
  }

  @Override
  public List<FunctionParameter> getParameters() {
    List<FunctionParameter> out = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      int ordinal = i;
      out.add(new FunctionParameter() {
        @Override
        public int getOrdinal() {
          return ordinal;
        }

        @Override
        public String getName() {
          return parameters.get(ordinal);
        }

        @Override
        public RelDataType getType(RelDataTypeFactory typeFactory) {
          return typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.VARCHAR), true);
        }

        @Override
        public boolean isOptional() {
          return false;
        }
      });
    }
    return out;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory tf, List<? extends Object> arguments) {
    RelDataType text = tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.VARCHAR), true);
    if (name.equals(AUTHORIZATION_URL)) {
      return tf.builder().add("URL", text).build();
    }
    return tf.builder()
        .add("OAuthAccessToken", text)
        .add("OAuthRefreshToken", text)
        .add("ExpiresIn", tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.BIGINT), true))
        .add("StripeUserId", text)
        .add("Scope", text)
        .add("Livemode", tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.BOOLEAN), true))
        .build();
  }

  @Override
  public Type getElementType(List<? extends Object> arguments) {
    return Object[].class;
  }

  @Override
  public CallImplementor getImplementor() {
    return RexImpTable.createImplementor((translator, call, operands) -> {
      List<Expression> boxed = new ArrayList<>();
      for (Expression e : operands) {
        boxed.add(Expressions.convert_(e, Object.class));
      }
      return Expressions.call(OAuthFunctions.class, "rows", schema, Expressions.constant(name),
          Expressions.newArrayInit(Object.class, boxed));
    }, NullPolicy.NONE, false);
  }

  /** Runs a function; called by the generated code. */
  public static Enumerable<Object[]> rows(Schema schema, String function, Object[] args) {
    Source source = schema instanceof Source s ? s
        : schema instanceof SchemaPlus plus ? plus.unwrap(Source.class) : null;
    if (source == null) {
      throw new IllegalStateException("the schema of " + function + " is not a Stripe schema");
    }
    OAuthService oauth = source.oauth();
    if (!oauth.configured()) {
      throw new OAuthException(function + " needs the operands OAuthClientId and OAuthClientSecret of the Stripe"
          + " schema", null, "HY000", null);
    }
    Object[] row;
    switch (function) {
      case AUTHORIZATION_URL -> {
        String callback = arg(args, 0) != null ? arg(args, 0) : oauth.callbackUrl();
        String state = arg(args, 2) != null ? arg(args, 2) : OAuthService.newState();
        row = new Object[] {oauth.authorizationUrl(callback, arg(args, 1), state)};
      }
      case ACCESS_TOKEN -> row = tokenRow(oauth.exchangeCode(arg(args, 0)));
      case REFRESH -> row = tokenRow(oauth.refresh(arg(args, 0)));
      default -> throw new IllegalArgumentException(function);
    }
    List<Object[]> rows = new ArrayList<>();
    rows.add(row);
    return Linq4j.asEnumerable(rows);
  }

  private static Object[] tokenRow(OAuthTokens t) {
    return new Object[] {t.accessToken(), t.refreshToken(), t.expiresIn(Instant.now()), t.stripeUserId(), t.scope(),
        t.livemode()};
  }

  private static String arg(Object[] args, int i) {
    return i < args.length && args[i] != null ? args[i].toString() : null;
  }

  @Override
  public String toString() {
    return name + parameters;
  }
}
