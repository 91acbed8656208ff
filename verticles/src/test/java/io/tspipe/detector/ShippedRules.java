package io.tspipe.detector;

import io.tspipe.testing.ProjectFiles;

import java.util.List;

/** The rules of the repository's {@code rules/} folder, read as the detector reads them, for tests of other packages. */
public final class ShippedRules {

  private ShippedRules() {
  }

  /** What the folder loads to: its rules and the errors of those that do not load. */
  static RuleLoader.Loaded load() {
    return RuleLoader.loadFolder(ProjectFiles.root().resolve("rules"), "db");
  }

  /** The names of the folder's rules, in name order; an {@link IllegalStateException} when any does not load. */
  public static List<String> names() {
    RuleLoader.Loaded loaded = load();
    if (!loaded.errors().isEmpty()) {
      throw new IllegalStateException("rules that do not load: " + loaded.errors());
    }
    return loaded.rules().stream().map(Rule::name).sorted().toList();
  }
}
