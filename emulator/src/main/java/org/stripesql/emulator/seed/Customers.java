package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;

/** The billing story's customers: distinct names and emails, a currency, a balance, some metadata. */
final class Customers implements RowStory {
  private static final String[] FIRST = {"Jenny", "Liam", "Olivia", "Noah", "Emma", "Oliver", "Ava", "Elijah",
      "Sophia", "Lucas", "Mia", "Mateo", "Amelia", "Levi", "Harper", "Ezra", "Evelyn", "James", "Luna", "Aiden",
      "Chloe", "Hiro", "Priya", "Ana", "Kofi", "Lena", "Omar", "Ines", "Yuki", "Pavel"};
  private static final String[] LAST = {"Rosen", "Smith", "Garcia", "Nguyen", "Kim", "Müller", "Rossi", "Dubois",
      "Silva", "Kowalski", "Johnson", "Brown", "Okafor", "Tanaka", "Patel", "Haddad", "Novak", "Jensen", "Lopez",
      "O'Brien", "Schmidt", "Costa", "Ivanova", "Cohen", "Larsen", "Moreau", "Bianchi", "Santos", "Fischer", "Quinn"};

  private final long seed;

  Customers(Draws draws) {
    this.seed = draws.seed();
  }

  @Override
  public void fill(ObjectNode o, SplittableRandom r, int i) {
    int combos = FIRST.length * LAST.length;
    int k = (int) ((i * 7919L + seed % combos + combos) % combos);
    String first = FIRST[k % FIRST.length];
    String last = LAST[k / FIRST.length];
    String suffix = i >= combos ? " " + (i / combos + 1) : "";
    o.put("name", first + " " + last + suffix);
    String local = (first + "." + last).toLowerCase().replaceAll("[^a-z.]", "");
    o.put("email", local + (i + 1) + "@example.com");
    o.put("phone", "+1555" + String.format("%07d", r.nextInt(10_000_000)));
    o.put("description", "Customer " + (i + 1));
    o.put("currency", Draws.currency(r));
    o.put("delinquent", r.nextInt(10) == 0);
    o.put("balance", r.nextInt(5) == 0 ? -r.nextInt(5000) : 0);
    o.put("invoice_prefix", Draws.randomChars(r, 7, "0123456789ABCDEF"));
    ObjectNode md = o.putObject("metadata");
    int m = r.nextInt(8);
    if (m < 2) {
      md.put("plan", "gold");
    } else if (m < 4) {
      md.put("plan", "silver");
    }
    if (r.nextInt(4) == 0) {
      md.put("source", r.nextBoolean() ? "web" : "sales \"direct\"");
    }
  }
}
