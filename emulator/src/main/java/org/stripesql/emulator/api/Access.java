package org.stripesql.emulator.api;

import java.util.Set;

/**
 * What the caller's key may do. A secret key or an OAuth access token may do everything; a restricted key
 * ({@code rk_...}) only what its permissions grant, named as Stripe names them: {@code rak_<resource>_read}
 * or {@code rak_<resource>_write}, the resource being the object type with dots as underscores
 * ({@code rak_charge_read}, {@code rak_billing_portal_configuration_write}). Write implies read, as in
 * Stripe's dashboard.
 *
 * @param shownKey    the key as Stripe shows it in a message (redacted); null for full access
 * @param permissions the permissions a restricted key holds
 */
public record Access(String shownKey, Set<String> permissions) {
  /** A secret key's or an OAuth token's access: every resource. */
  public static final Access FULL = new Access(null, null);

  public Access {
    permissions = permissions == null ? null : Set.copyOf(permissions);
  }

  /** A restricted key's access, shown in messages as {@code shownKey}. */
  public static Access restricted(String shownKey, Set<String> permissions) {
    return new Access(shownKey, permissions == null ? Set.of() : permissions);
  }

  public boolean isRestricted() {
    return permissions != null;
  }

  /** Whether the key may read ({@code write} false) or write the resource ({@code charge}). */
  public boolean allows(String resource, boolean write) {
    if (permissions == null) {
      return true;
    }
    return permissions.contains(permission(resource, true))
        || (!write && permissions.contains(permission(resource, false)));
  }

  /** Stripe's name of the permission to read or write a resource: {@code rak_charge_read}. */
  public static String permission(String resource, boolean write) {
    return "rak_" + resource.replace('.', '_') + (write ? "_write" : "_read");
  }
}
