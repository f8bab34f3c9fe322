package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.stripesql.adapter.client.ClientSettings;
import org.stripesql.adapter.client.Credentials;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.config.StripeSchemaConfig;
import org.stripesql.catalog.Catalog;
import org.stripesql.mirror.jobs.Pace;
import org.stripesql.mirror.jobs.TableStates;
import org.stripesql.mirror.sync.StripeFailure;
import org.stripesql.mirror.sync.StripeReads;

/**
 * What a load or a poll shows Stripe allows is said of the key whose reads made it, never of the key that
 * loads when it ends (the loading key can change while a load runs): a weaker key is never shown a table by
 * another key's read, nor a good key refused for another key's revocation.
 */
class LeadershipAttributionTest {
  private static final Pace PACE = new Pace(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO);

  @Test
  void accessIsSaidOfTheKeyWhoseReadsMadeTheRequest() {
    Catalog catalog = Catalog.bundled();
    MirrorCredential strong = key("sk_test_attribution_strong_1", catalog);
    MirrorCredential weak = key("sk_test_attribution_weak_22", catalog);
    List<MirrorCredential> keys = new CopyOnWriteArrayList<>(List.of(strong, weak));
    TableStates states = new TableStates(PACE);
    Leadership leadership = new Leadership("test", keys, states, "candidate");
    leadership.loader(weak);   // the strong key's load of customers ends after the weak key took over

    leadership.read(strong.reads(), "customers");
    assertTrue(strong.access().mayRead("customers"));
    assertFalse(weak.access().mayRead("customers"), "the weak key was shown nothing");

    leadership.read(weak.reads(), "charges");
    leadership.refused(strong.reads(), "charges", new StripeFailure(403, "no charges for the strong key"));
    assertTrue(weak.access().mayRead("charges"), "the weak key is not refused for the strong key's 403");
    assertFalse(strong.access().mayRead("charges"));
    assertNull(states.loaderDenied("charges"), "the loading key was not the one refused");

    MirrorCredential gone = key("sk_test_attribution_gone_333", catalog);
    leadership.read(gone.reads(), "refunds");
    assertFalse(weak.access().mayRead("refunds") || strong.access().mayRead("refunds"), "a key that left says nothing");
  }

  private static MirrorCredential key(String secret, Catalog catalog) {
    StripeSchemaConfig config = StripeSchemaConfig.parse("stripe", Map.of("OAuthAccessToken", secret,
        "apiBase", "http://127.0.0.1:9"), name -> null);
    StripeClient client = new StripeClient(ClientSettings.of(config), Credentials.ofKey(secret));
    MirrorSettings settings = new MirrorSettings("http://127.0.0.1:9", null, true, "/nonexistent", PACE,
        Duration.ofSeconds(300));
    return new MirrorCredential(settings.credentialKey(secret), settings, catalog, new StripeReads(catalog, client),
        dir -> null);
  }
}
