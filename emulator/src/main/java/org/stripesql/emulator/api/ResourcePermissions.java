package org.stripesql.emulator.api;

import java.util.HashMap;
import java.util.Map;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;

/**
 * Which resource's permission a route needs, as Stripe's restricted keys are organised: one permission per
 * API resource, for every path under it. A top-level table's list, retrieve and search paths need its
 * object's permission; any other path (a child list such as {@code /v1/invoices/{invoice}/lines}, a write
 * such as {@code /v1/invoices/{invoice}/pay}) needs that of the longest top-level path it extends.
 */
final class ResourcePermissions {
  private final Map<String, String> byPath = new HashMap<>();

  ResourcePermissions(Catalog catalog) {
    for (ApiTable t : catalog.tables()) {
      if (t.parent() != null || t.object() == null) {
        continue;
      }
      byPath.putIfAbsent(t.path(), t.object());
      if (t.retrievePath() != null) {
        byPath.putIfAbsent(t.retrievePath(), t.object());
      }
      if (t.search() != null) {
        byPath.putIfAbsent(t.search().path(), t.object());
      }
    }
  }

  /** The resource ({@code charge}) whose permission the route template needs; null when none is known. */
  String resourceOf(String template) {
    String p = template;
    while (!p.isEmpty()) {
      String r = byPath.get(p);
      if (r != null) {
        return r;
      }
      int slash = p.lastIndexOf('/');
      p = slash <= 0 ? "" : p.substring(0, slash);
    }
    return null;
  }

  /**
   * Throws Stripe's 403 when the key may not call the route: {@code write} for POST and DELETE, read for
   * GET and HEAD. A route under no known resource is refused to a restricted key (deny by default).
   */
  void check(Access access, String method, String template, String accountId) {
    if (!access.isRestricted()) {
      return;
    }
    boolean write = !"GET".equals(method) && !"HEAD".equals(method);
    String resource = resourceOf(template);
    if (resource != null && access.allows(resource, write)) {
      return;
    }
    String needed = resource == null ? "rak_" + (write ? "write" : "read") : Access.permission(resource, write);
    throw new ApiException(403, "invalid_request_error", null, null, "The provided key '" + access.shownKey()
        + "' does not have the required permissions for this endpoint on account '" + accountId + "'. Having the '"
        + needed + "' permission would allow this request to continue.");
  }
}
