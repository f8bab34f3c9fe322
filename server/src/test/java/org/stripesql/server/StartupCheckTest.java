package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.adapter.StripeAdapter;

/** The startup check's messages, called directly (no System.exit). */
class StartupCheckTest {
  static final String STRIPE_MODEL = "{\"version\":\"1.0\",\"defaultSchema\":\"stripe\",\"schemas\":"
      + "[{\"name\":\"stripe\",\"type\":\"custom\",\"factory\":\"" + StripeAdapter.SCHEMA_FACTORY
      + "\",\"operand\":{\"OAuthAccessToken\":\"${env:%s}\",\"apiBase\":\"http://127.0.0.1:9\"}}]}";

  @TempDir
  Path tmp;

  @Test
  void missingApiKeyNamesTheVariable() throws Exception {
    Path model = tmp.resolve("stripe.json");
    Files.writeString(model, String.format(STRIPE_MODEL, "STRIPE_API_KEY"));
    StartupException e = assertThrows(StartupException.class,
        () -> new StartupCheck(name -> null).run(ModelSource.file(model)));
    assertTrue(e.getMessage().contains("STRIPE_API_KEY"), e.getMessage());
    assertTrue(e.getMessage().contains("export STRIPE_API_KEY="), e.getMessage());
  }

  @Test
  void shippedModelNeedsStripeApiKey() {
    Path shipped = Path.of("..", "model", "stripe.json");
    StartupException e = assertThrows(StartupException.class,
        () -> new StartupCheck(name -> null).checkModelText(ModelSource.file(shipped)));
    assertTrue(e.getMessage().contains("STRIPE_API_KEY"), e.getMessage());
  }

  @Test
  void setVariablePassesTheTextCheck() throws Exception {
    Path model = tmp.resolve("stripe.json");
    Files.writeString(model, String.format(STRIPE_MODEL, "STRIPE_API_KEY"));
    Map<String, String> env = Map.of("STRIPE_API_KEY", "sk_test_123");
    assertDoesNotThrow(() -> new StartupCheck(env::get).checkModelText(ModelSource.file(model)));
  }

  @Test
  void adapterReportsAnUnsetVariableByName() throws Exception {
    String var = "STRIPESQL_TEST_SURELY_UNSET_VARIABLE";
    Path model = tmp.resolve("unset.json");
    Files.writeString(model, String.format(STRIPE_MODEL, var));
    // Skip the text check: this is the adapter's own path (the schema factory reads the env).
    StartupException e = assertThrows(StartupException.class,
        () -> new StartupCheck().openOnce(ModelSource.file(model)));
    assertTrue(e.getMessage().contains(var), e.getMessage());
  }

  @Test
  void missingFile() {
    StartupException e = assertThrows(StartupException.class,
        () -> new StartupCheck().run(ModelSource.file(tmp.resolve("nope.json"))));
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
    assertTrue(e.getMessage().contains("--model"), e.getMessage());
  }

  @Test
  void malformedJson() throws Exception {
    Path model = tmp.resolve("bad.json");
    Files.writeString(model, "{\"version\": \"1.0\", \"schemas\": [\n");
    StartupException e = assertThrows(StartupException.class,
        () -> new StartupCheck().run(ModelSource.file(model)));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }

  @Test
  void unknownOperandIsNamed() throws Exception {
    Path model = tmp.resolve("operand.json");
    Files.writeString(model, "{\"version\":\"1.0\",\"schemas\":[{\"name\":\"stripe\",\"type\":"
        + "\"custom\",\"factory\":\"" + StripeAdapter.SCHEMA_FACTORY + "\",\"operand\":{"
        + "\"OAuthAccessToken\":\"sk_test_1\",\"apiBsae\":\"http://127.0.0.1:9\"}}]}");
    StartupException e = assertThrows(StartupException.class,
        () -> new StartupCheck().run(ModelSource.file(model)));
    assertTrue(e.getMessage().contains("apiBsae"), e.getMessage());
  }
}
