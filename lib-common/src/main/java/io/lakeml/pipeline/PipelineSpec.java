package io.lakeml.pipeline;

import com.typesafe.config.Config;
import io.lakeml.config.ConfigReader;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pipeline declaration, read once from its HOCON file and checked whole: every table a stage
 * reads is produced by an earlier one, gold queries parse and form no cycle, and models read
 * declared tables. Gold tables are kept in dependency order.
 */
public record PipelineSpec(
    String name,
    List<SourceSpec> sources,
    List<SilverTableSpec> silverTables,
    List<GoldTableSpec> goldTables,
    List<ModelSpec> models) {
  public PipelineSpec {
    sources = List.copyOf(sources);
    silverTables = List.copyOf(silverTables);
    goldTables = List.copyOf(goldTables);
    models = List.copyOf(models);
  }

  /** Reads the pipeline keys of {@code config}; {@code pipelineFile} anchors relative paths. */
  public static PipelineSpec from(Config config, Path pipelineFile) {
    ConfigReader root = ConfigReader.of(config);
    ConfigReader defaults = root.child("lakeml.defaults");
    Path dir = pipelineFile.toAbsolutePath().getParent();
    List<SourceSpec> sources =
        entries(
            root,
            "sources",
            defaults,
            "source",
            (name, entry) -> SourceSpec.from(name, entry, dir));
    List<SilverTableSpec> silver =
        entries(root, "tables.silver", defaults, "silver-table", SilverTableSpec::from);
    List<GoldTableSpec> gold =
        entries(root, "tables.gold", defaults, "gold-table", GoldTableSpec::from);
    List<ModelSpec> models = entries(root, "models", defaults, "model", ModelSpec::from);
    PipelineSpec spec =
        new PipelineSpec(root.string("name"), sources, silver, ordered(root, gold), models);
    spec.checkReferences(root);
    return spec;
  }

  /** Every table the pipeline writes, in stage order. */
  public Set<TableId> tables() {
    Set<TableId> tables = new LinkedHashSet<>();
    sources.forEach(source -> tables.add(source.table()));
    silverTables.forEach(table -> tables.add(table.id()));
    goldTables.forEach(table -> tables.add(table.id()));
    models.forEach(model -> tables.add(model.predictions()));
    return tables;
  }

  private void checkReferences(ConfigReader root) {
    Set<TableId> bronze = new LinkedHashSet<>();
    sources.forEach(source -> bronze.add(source.table()));
    for (SilverTableSpec table : silverTables) {
      require(root, "tables.silver." + table.id().name() + ".source", bronze, table.source());
    }
    Set<TableId> readable = new LinkedHashSet<>(bronze);
    silverTables.forEach(table -> readable.add(table.id()));
    goldTables.forEach(table -> readable.add(table.id()));
    for (GoldTableSpec table : goldTables) {
      for (TableId input : table.inputs()) {
        require(root, "tables.gold." + table.id().name() + ".sql", readable, input);
      }
    }
    Set<TableId> predictions = new LinkedHashSet<>();
    for (ModelSpec model : models) {
      require(root, "models." + model.name() + ".table", readable, model.table());
      require(root, "models." + model.name() + ".score-table", readable, model.scoreTable());
      if (model.predictions().layer() != Layer.GOLD
          || readable.contains(model.predictions())
          || !predictions.add(model.predictions())) {
        throw LakeErrors.configInvalid(
            root.location("models." + model.name() + ".predictions"),
            "models." + model.name() + ".predictions",
            "a gold table id no other table or model declares",
            model.predictions().toString());
      }
    }
  }

  private static void require(ConfigReader root, String path, Set<TableId> known, TableId table) {
    if (!known.contains(table)) {
      throw LakeErrors.configInvalid(
          root.location(path),
          path,
          "a table the pipeline declares (" + known + ")",
          table.toString());
    }
  }

  /** Gold tables sorted so each comes after the gold tables it reads; a cycle is an error. */
  private static List<GoldTableSpec> ordered(ConfigReader root, List<GoldTableSpec> tables) {
    Map<TableId, GoldTableSpec> pending = new LinkedHashMap<>();
    tables.forEach(table -> pending.put(table.id(), table));
    List<GoldTableSpec> order = new ArrayList<>();
    while (!pending.isEmpty()) {
      GoldTableSpec next =
          pending.values().stream()
              .filter(table -> table.inputs().stream().noneMatch(pending::containsKey))
              .findFirst()
              .orElseThrow(
                  () ->
                      LakeErrors.configInvalid(
                          root.location("tables.gold"),
                          "tables.gold",
                          "gold tables without circular references",
                          "a cycle among " + pending.keySet()));
      order.add(next);
      pending.remove(next.id());
    }
    return order;
  }

  private interface EntryReader<T> {
    T read(String name, ConfigReader entry);
  }

  /** Reads each entry of the object at {@code path}, beneath {@code lakeml.defaults.<kind>}. */
  private static <T> List<T> entries(
      ConfigReader root, String path, ConfigReader defaults, String kind, EntryReader<T> reader) {
    if (!root.has(path)) {
      return List.of();
    }
    ConfigReader entries = root.child(path);
    List<T> result = new ArrayList<>();
    for (String name : entries.keys()) {
      if (!TableId.isValidName(name)) {
        throw LakeErrors.configInvalid(
            entries.location(name),
            entries.fullPath(name),
            "a snake_case name ([a-z][a-z0-9_]*)",
            "'" + name + "'");
      }
      result.add(reader.read(name, entries.child(name).withFallback(defaults.child(kind))));
    }
    return result;
  }
}
