package org.stripesql.adapter.client;

import com.fasterxml.jackson.core.filter.TokenFilter;
import java.util.Set;

/**
 * Reads of a list answer only the top-level fields of its objects (the {@code data} array's elements) a
 * scan converts; the rest of the answer (paging, errors) and the kept fields' values stay whole. Skipped
 * fields are tokenized but no tree is built for them: most of a wide object's parsing cost.
 */
final class ListedFields extends TokenFilter {
  /** Fields every listed object keeps: its identity, the cursor and order, and a deleted stub's mark. */
  static final Set<String> ALWAYS = Set.of("id", "object", "created", "deleted");

  private final Set<String> fields;
  private final TokenFilter elements;

  /** The root of a list answer. */
  ListedFields(Set<String> fields) {
    this.fields = fields;
    this.elements = new Elements(new ObjectFields(fields));
  }

  @Override
  public TokenFilter includeProperty(String name) {
    return "data".equals(name) ? elements : TokenFilter.INCLUDE_ALL;
  }

  @Override
  public String toString() {
    return "listed fields " + fields;
  }

  /** The {@code data} array: each element through the object filter. */
  private static final class Elements extends TokenFilter {
    private final TokenFilter object;

    Elements(TokenFilter object) {
      this.object = object;
    }

    @Override
    public TokenFilter includeElement(int index) {
      return object;
    }

    @Override
    public TokenFilter includeProperty(String name) {
      return TokenFilter.INCLUDE_ALL;   // not an array after all: keep it whole
    }

    @Override
    public boolean includeEmptyArray(boolean contentsFiltered) {
      return true;
    }
  }

  /** One listed object: the wanted top-level fields, whole. */
  private static final class ObjectFields extends TokenFilter {
    private final Set<String> fields;

    ObjectFields(Set<String> fields) {
      this.fields = fields;
    }

    @Override
    public TokenFilter includeProperty(String name) {
      return fields.contains(name) || ALWAYS.contains(name) ? TokenFilter.INCLUDE_ALL : null;
    }

    @Override
    public boolean includeEmptyObject(boolean contentsFiltered) {
      return true;   // an object is a row even when none of its fields is read
    }
  }
}
