package org.stripesql.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.stripesql.catalog.CatalogTool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stripesql catalog}: regenerates the catalog (and the emulator's examples) from a spec. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
    description = "Generate the table catalog from Stripe's OpenAPI description (spec3.json).")
final class CatalogCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--spec", required = true, paramLabel = "spec3.json", description = "Stripe's OpenAPI spec.")
  Path specFile;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Catalog file to write.")
  Path out;

  @Option(names = "--examples-out", paramLabel = "FILE",
      description = "Also write the emulator's example objects here (needs --fixtures).")
  Path examplesOut;

  @Option(names = "--fixtures", paramLabel = "fixtures3.json", description = "Stripe's fixtures file.")
  Path fixtures;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() {
    if (examplesOut != null && fixtures == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--examples-out needs --fixtures fixtures3.json");
    }
    try {
      CatalogTool.writeAtomically(out, CatalogTool.catalogText(specFile));
      spec.commandLine().getOut().println("Wrote " + out);
      if (examplesOut != null) {
        CatalogTool.writeAtomically(examplesOut, CatalogTool.examplesText(specFile, fixtures));
        spec.commandLine().getOut().println("Wrote " + examplesOut);
      }
      return 0;
    } catch (Exception e) {
      return Failures.report(spec.commandLine().getErr(), "catalog generation failed: "
          + StartupMessage.of(e), e, verbose, 1);
    }
  }
}
