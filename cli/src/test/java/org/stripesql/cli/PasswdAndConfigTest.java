package org.stripesql.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UsersFile;
import picocli.CommandLine;

/** {@code stripesql passwd} and {@code serve --check-config} with a config file, environment and flags. */
class PasswdAndConfigTest {
  @TempDir
  Path tmp;

  int passwd(Path file, String user, String stdin) {
    PasswdCommand cmd = new PasswdCommand();
    cmd.in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    cmd.console = null;
    return new CommandLine(cmd).execute(user, "--file", file.toString());
  }

  int passwdWith(Path file, String user, String stdin, String... more) {
    PasswdCommand cmd = new PasswdCommand();
    cmd.in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    cmd.console = null;
    String[] args = new String[3 + more.length];
    args[0] = user;
    args[1] = "--file";
    args[2] = file.toString();
    System.arraycopy(more, 0, args, 3, more.length);
    return new CommandLine(cmd).execute(args);
  }

  @Test
  void passwdWritesAnOwnerOnlyHashedEntryAndReplacesIt() throws Exception {
    Path f = tmp.resolve("conf").resolve("users.properties");
    assertEquals(0, passwd(f, "alice", "correct horse\n"));
    assertEquals(0, passwd(f, "bob", "battery staple\n"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    Map<String, UsersFile.Entry> users = UsersFile.read(f);
    assertEquals(2, users.size());
    assertTrue(PasswordHash.verify("correct horse".toCharArray(), users.get("alice").hash()));
    assertFalse(PasswordHash.verify("battery staple".toCharArray(), users.get("alice").hash()));
    assertFalse(Files.readString(f).contains("correct horse"));
    assertEquals(0, passwd(f, "alice", "new password 1\n"));
    users = UsersFile.read(f);
    assertEquals(2, users.size(), "replaced, not added");
    assertTrue(PasswordHash.verify("new password 1".toCharArray(), users.get("alice").hash()));
    assertTrue(PasswordHash.verify("battery staple".toCharArray(), users.get("bob").hash()));
    try (var s = Files.list(f.getParent())) {
      assertEquals(1, s.count(), "no temporary file left behind");
    }
  }

  @Test
  void passwdRefusesShortPasswordsAndBadNames() throws Exception {
    Path f = tmp.resolve("users.properties");
    assertNotEquals(0, passwd(f, "alice", "short\n"));
    assertNotEquals(0, passwd(f, "al ice", "long enough pw\n"));
    assertFalse(Files.exists(f));
  }

  /** A model without schemas: valid, and opens without a Stripe key. */
  static final String EMPTY_MODEL = "{\"version\":\"1.0\",\"schemas\":[]}";

  int checkConfig(Map<String, String> env, StringWriter out, StringWriter err, String... args) throws Exception {
    ServeCommand serve = new ServeCommand();
    serve.env = env;
    CommandLine cl = new CommandLine(serve);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    cl.setDefaultValueProvider(new ConfigDefaults(ConfigDefaults.configPath(args, env), env));
    return cl.execute(args);
  }

  @Test
  void checkConfigReadsTheFileThenTheEnvironmentThenFlags() throws Exception {
    Path users = tmp.resolve("users.properties");
    assertEquals(0, passwd(users, "alice", "correct horse\n"));
    Path conf = tmp.resolve("stripesql.properties");
    Files.writeString(conf, "port=9001\nhost=127.0.0.1\nusers=" + users + "\nconnection-idle-timeout=12h\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, checkConfig(Map.of(), out, err, "--config", conf.toString(), "--demo", "--check-config"),
        err.toString());
    assertTrue(out.toString().contains("127.0.0.1:9001"), out.toString());
    assertTrue(out.toString().contains("users " + users), out.toString());
    assertTrue(out.toString().contains("connection idle PT12H"), out.toString());

    out = new StringWriter();
    assertEquals(0, checkConfig(Map.of("STRIPESQL_PORT", "9002"), out, err, "--config", conf.toString(), "--demo",
        "--check-config"));
    assertTrue(out.toString().contains(":9002"), "environment over file: " + out);

    out = new StringWriter();
    assertEquals(0, checkConfig(Map.of("STRIPESQL_PORT", "9002"), out, err, "--config", conf.toString(), "--demo",
        "--check-config", "--port", "9003"));
    assertTrue(out.toString().contains(":9003"), "flag over environment: " + out);
  }

  @Test
  void postgresPortFromFlagEnvironmentOrDemo() throws Exception {
    StringWriter out = new StringWriter();
    assertEquals(0, checkConfig(Map.of(), out, new StringWriter(), "--demo", "--check-config"));
    assertTrue(out.toString().contains("PostgreSQL port " + ServeCommand.DEMO_PG_PORT + " (scram-sha-256)"),
        out.toString());
    out = new StringWriter();
    assertEquals(0, checkConfig(Map.of("STRIPESQL_PG_PORT", "6543"), out, new StringWriter(), "--demo",
        "--check-config"));
    assertTrue(out.toString().contains("PostgreSQL port 6543"), out.toString());
    Path model = tmp.resolve("model.json");
    Files.writeString(model, EMPTY_MODEL);
    out = new StringWriter();
    assertEquals(0, checkConfig(Map.of(), out, new StringWriter(), "--model", model.toString(), "--check-config"));
    assertFalse(out.toString().contains("PostgreSQL"), "off unless asked: " + out);
    Path users = tmp.resolve("users.properties");
    assertEquals(0, passwd(users, "alice", "correct horse\n"));
    StringWriter err = new StringWriter();
    assertNotEquals(0, checkConfig(Map.of(), new StringWriter(), err, "--model", model.toString(), "--users",
        users.toString(), "--host", "0.0.0.0", "--tls-terminated-by-proxy", "--pg-port", "6543", "--pg-auth", "password",
        "--check-config"));
    assertTrue(err.toString().contains("Refusing PostgreSQL logins on 0.0.0.0 without TLS"), err.toString());
    err = new StringWriter();
    assertNotEquals(0, checkConfig(Map.of(), new StringWriter(), err, "--demo", "--pg-auth", "md5", "--check-config"));
    assertTrue(err.toString().contains("scram-sha-256 or password"), err.toString());
  }

  @Test
  void checkConfigRefusesAnOpenAddressWithoutAuthentication() throws Exception {
    Path model = tmp.resolve("model.json");
    Files.writeString(model, EMPTY_MODEL);
    StringWriter err = new StringWriter();
    assertNotEquals(0, checkConfig(Map.of(), new StringWriter(), err, "--model", model.toString(), "--host", "0.0.0.0",
        "--check-config"));
    assertTrue(err.toString().contains("--insecure-no-auth"), err.toString());
    assertEquals(0, checkConfig(Map.of(), new StringWriter(), new StringWriter(), "--model", model.toString(),
        "--host", "0.0.0.0", "--insecure-no-auth", "--check-config"));
    assertEquals(0, checkConfig(Map.of("STRIPESQL_INSECURE_NO_AUTH", "true"), new StringWriter(), new StringWriter(),
        "--model", model.toString(), "--host", "0.0.0.0", "--check-config"));
    assertEquals(0, checkConfig(Map.of(), new StringWriter(), new StringWriter(), "--demo", "--host", "0.0.0.0",
        "--check-config"), "the demo's data is synthetic");
  }

  @Test
  void checkConfigRejectsUnknownKeysBadUsersAndTlsWithoutPassword() throws Exception {
    Path conf = tmp.resolve("bad.properties");
    Files.writeString(conf, "prot=9001\n");
    StringWriter err = new StringWriter();
    assertNotEquals(0, checkConfig(Map.of(), new StringWriter(), err, "--config", conf.toString(), "--demo",
        "--check-config"));
    assertTrue(err.toString().contains("unknown keys [prot]"), err.toString());

    Path users = tmp.resolve("plain.properties");
    Files.writeString(users, "alice=secret\n");
    err = new StringWriter();
    assertNotEquals(0, checkConfig(Map.of(), new StringWriter(), err, "--users", users.toString(), "--demo",
        "--check-config"));
    assertTrue(err.toString().contains("not a pbkdf2-sha256 hash"), err.toString());

    err = new StringWriter();
    assertNotEquals(0, checkConfig(Map.of(), new StringWriter(), err, "--tls-keystore", tmp.resolve("k.p12").toString(),
        "--demo", "--check-config"));
    assertTrue(err.toString().contains("STRIPESQL_TLS_KEYSTORE_PASSWORD"), err.toString());
  }

  @Test
  void capsAreOptionsConfigKeysAndEnvironmentVariables() throws Exception {
    Path conf = tmp.resolve("caps.properties");
    Files.writeString(conf, "max-connections-per-user=7\nmax-statements-per-connection=9\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, checkConfig(Map.of("STRIPESQL_MAX_FRAME_ROWS", "500"), out, err, "--config", conf.toString(),
        "--demo", "--check-config", "--max-connections", "40"), err.toString());
    assertTrue(out.toString().contains("at most 40 connections (7 per user, 9 statements each), 500 rows per frame"),
        out.toString());
    err = new StringWriter();
    assertNotEquals(0, checkConfig(Map.of(), new StringWriter(), err, "--demo", "--check-config",
        "--max-connections-per-user", "0"));
    assertTrue(err.toString().contains("max-connections-per-user must be at least 1"), err.toString());
  }

  @Test
  void passwdSetsRolesAndKeepsThemWhenOnlyThePasswordChanges() throws Exception {
    Path f = tmp.resolve("roles.properties");
    assertEquals(0, passwdWith(f, "dana", "correct horse\n", "--roles", "admin"));
    assertEquals(Set.of("admin"), UsersFile.read(f).get("dana").roles());
    assertEquals(0, passwd(f, "dana", "another password\n"));
    assertEquals(Set.of("admin"), UsersFile.read(f).get("dana").roles(), "a new password keeps the roles");
    assertTrue(PasswordHash.verify("another password".toCharArray(), UsersFile.read(f).get("dana").hash()));
    assertEquals(0, passwdWith(f, "dana", "another password\n", "--roles="));
    assertEquals(Set.of(), UsersFile.read(f).get("dana").roles());
    assertNotEquals(0, passwdWith(f, "dana", "another password\n", "--roles", "bad role!"));
  }

  @Test
  void checkConfigRefusesLoginsOverPlainHttpOffLoopbackUnlessAProxyTerminatesTls() throws Exception {
    Path users = tmp.resolve("tls-users.properties");
    assertEquals(0, passwd(users, "alice", "correct horse\n"));
    StringWriter err = new StringWriter();
    assertNotEquals(0, checkConfig(Map.of(), new StringWriter(), err, "--users", users.toString(), "--demo",
        "--host", "0.0.0.0", "--check-config"));
    assertTrue(err.toString().contains("--tls-terminated-by-proxy"), err.toString());
    assertEquals(0, checkConfig(Map.of("STRIPESQL_TLS_TERMINATED_BY_PROXY", "true"), new StringWriter(),
        new StringWriter(), "--users", users.toString(), "--demo", "--host", "0.0.0.0", "--check-config"));
  }

  @Test
  void checkConfigRefusesInsecureNoAuthWithStripeConnectAndFilesOthersMayWrite() throws Exception {
    Path model = tmp.resolve("connect-model.json");
    Files.writeString(model, "{\"version\":\"1.0\",\"schemas\":[{\"name\":\"stripe\",\"type\":\"custom\","
        + "\"factory\":\"org.stripesql.adapter.StripeSchemaFactory\",\"operand\":{\"OAuthClientId\":\"ca_x1\","
        + "\"OAuthClientSecret\":\"sk_test_p\",\"InitiateOAuth\":\"REFRESH\"}}]}");
    StringWriter err = new StringWriter();
    assertNotEquals(0, checkConfig(Map.of(), new StringWriter(), err, "--model", model.toString(),
        "--insecure-no-auth", "--host", "0.0.0.0", "--check-config"));
    assertTrue(err.toString().contains("Refusing --insecure-no-auth"), err.toString());
    Files.setPosixFilePermissions(model, PosixFilePermissions.fromString("rw-rw-rw-"));
    err = new StringWriter();
    assertNotEquals(0, checkConfig(Map.of(), new StringWriter(), err, "--model", model.toString(), "--check-config"));
    assertTrue(err.toString().contains("writable by others"), err.toString());
  }

  /** --check-config refuses what serve refuses: a --user-model file others may write (it used to pass). */
  @Test
  void checkConfigRefusesAUserModelOthersMayWrite() throws Exception {
    Path model = tmp.resolve("gateway-model.json");
    Files.writeString(model, EMPTY_MODEL);
    Path own = tmp.resolve("finance-model.json");
    Files.writeString(own, EMPTY_MODEL);
    Path users = tmp.resolve("um-users.properties");
    assertEquals(0, passwd(users, "finance", "correct horse\n"));
    StringWriter err = new StringWriter();
    assertEquals(0, checkConfig(Map.of(), new StringWriter(), err, "--model", model.toString(), "--users",
        users.toString(), "--user-model", "finance=" + own, "--check-config"), err.toString());
    Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rw-rw-rw-"));
    err = new StringWriter();
    assertNotEquals(0, checkConfig(Map.of(), new StringWriter(), err, "--model", model.toString(), "--users",
        users.toString(), "--user-model", "finance=" + own, "--check-config"));
    assertTrue(err.toString().contains("--user-model file") && err.toString().contains("writable by others"),
        err.toString());
  }

  /** A model reached through a symbolic link into a directory others may write is refused like the file itself. */
  @Test
  void checkConfigRefusesAModelLinkedIntoADirectoryOthersMayWrite() throws Exception {
    Path open = Files.createDirectory(tmp.resolve("open-dir"));
    Path target = open.resolve("model.json");
    Files.writeString(target, EMPTY_MODEL);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path safe = Files.createDirectory(tmp.resolve("safe-dir"));
    Path link = Files.createSymbolicLink(safe.resolve("model.json"), target);
    StringWriter err = new StringWriter();
    assertNotEquals(0, checkConfig(Map.of(), new StringWriter(), err, "--model", link.toString(), "--check-config"));
    assertTrue(err.toString().contains(open.toString()) && err.toString().contains("writable by others"),
        err.toString());
    Path linkedDir = Files.createSymbolicLink(safe.resolve("conf"), open);
    err = new StringWriter();
    assertNotEquals(0, checkConfig(Map.of(), new StringWriter(), err, "--model", linkedDir.resolve("model.json")
        .toString(), "--check-config"), "a linked directory on the way too");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(0, checkConfig(Map.of(), new StringWriter(), new StringWriter(), "--model", link.toString(),
        "--check-config"));
  }

  @Test
  void requestAndStatementMemoryCapsAreOptions() throws Exception {
    StringWriter out = new StringWriter();
    assertEquals(0, checkConfig(Map.of("STRIPESQL_MAX_STATEMENT_MEMORY", "64m"), out, new StringWriter(), "--demo",
        "--check-config", "--max-request-bytes", "512k"));
    assertTrue(out.toString().contains((512 << 10) + " bytes per request, " + (64 << 20) + " bytes of rows"),
        out.toString());
    StringWriter err = new StringWriter();
    assertNotEquals(0, checkConfig(Map.of(), new StringWriter(), err, "--demo", "--check-config",
        "--max-request-bytes", "lots"));
    assertTrue(err.toString().contains("--max-request-bytes must be a size"), err.toString());
  }
}
