package org.stripesql.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.CatalogTool;
import org.stripesql.catalog.EventTypes;
import org.stripesql.catalog.EventTypesGenerator;
import org.stripesql.catalog.OpenApiCatalogGenerator;
import org.stripesql.catalog.TablesDoc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stripesql catalog}: regenerates the catalog (and the emulator's examples) from a spec, and/or
 * writes the table reference ({@code --tables-md docs/tables.md}) of the bundled catalog or of the spec's.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true,
    description = "Generate the table catalog from Stripe's OpenAPI description (spec3.json).")
final class CatalogCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--spec", paramLabel = "spec3.json",
      description = "Stripe's OpenAPI spec; needed by --out. Without it --tables-md documents the bundled catalog.")
  Path specFile;

  @Option(names = "--out", paramLabel = "FILE", description = "Catalog file to write (needs --spec); the"
      + " descriptions go to catalog-descriptions.json beside it.")
  Path out;

  @Option(names = "--tables-md", paramLabel = "FILE",
      description = "Write the markdown reference of every table (docs/tables.md).")
  Path tablesMd;

  @Option(names = "--event-types-out", paramLabel = "FILE",
      description = "Also write the event types and the objects they carry (event-types.json; needs --spec).")
  Path eventTypesOut;

  @Option(names = "--examples-out", paramLabel = "FILE",
      description = "Also write the emulator's example objects here (needs --fixtures).")
  Path examplesOut;

  @Option(names = "--fixtures", paramLabel = "fixtures3.json", description = "Stripe's fixtures file.")
  Path fixtures;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() {
    if (out == null && tablesMd == null && eventTypesOut == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "nothing to write: give --out FILE (with --spec), --event-types-out FILE (with --spec) and/or"
          + " --tables-md FILE");
    }
    if (eventTypesOut != null && specFile == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--event-types-out needs --spec spec3.json");
    }
    if (out != null && specFile == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--out needs --spec spec3.json");
    }
    if (examplesOut != null && out == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--examples-out needs --out and --spec");
    }
    if (examplesOut != null && fixtures == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--examples-out needs --fixtures fixtures3.json");
    }
    try {
      if (specFile != null) {
        Catalog derived = OpenApiCatalogGenerator.fromFile(specFile, false);
        spec.commandLine().getOut().println("Derived from " + specFile + ": " + CatalogTool.report(derived));
      }
      if (out != null) {
        CatalogTool.writeAtomically(out, CatalogTool.catalogText(specFile));
        spec.commandLine().getOut().println("Wrote " + out);
        Path descriptions = CatalogTool.descriptionsFile(out);
        CatalogTool.writeAtomically(descriptions, CatalogTool.descriptionsText(specFile));
        spec.commandLine().getOut().println("Wrote " + descriptions);
      }
      if (eventTypesOut != null) {
        CatalogTool.writeAtomically(eventTypesOut, CatalogTool.eventTypesText(specFile));
        spec.commandLine().getOut().println("Wrote " + eventTypesOut);
      }
      if (examplesOut != null) {
        CatalogTool.writeAtomically(examplesOut, CatalogTool.examplesText(specFile, fixtures));
        spec.commandLine().getOut().println("Wrote " + examplesOut);
      }
      if (tablesMd != null) {
        Catalog catalog = specFile == null ? Catalog.bundled() : OpenApiCatalogGenerator.fromFile(specFile, false);
        EventTypes events = specFile == null ? EventTypes.bundled() : EventTypesGenerator.fromFile(specFile);
        CatalogTool.writeAtomically(tablesMd, TablesDoc.markdown(catalog, events));
        spec.commandLine().getOut().println("Wrote " + tablesMd);
      }
      return 0;
    } catch (Exception e) {
      return Failures.report(spec.commandLine().getErr(), "catalog generation failed: "
          + StartupMessage.of(e), e, verbose, 1);
    }
  }
}
