package io.lakeml.pipeline;

import com.typesafe.config.Config;
import io.lakeml.config.ConfigReader;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.quality.Expectation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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
        Entries.read(
            root,
            "sources",
            defaults,
            "source",
            (name, entry) -> SourceSpec.from(name, entry, dir));
    List<SilverTableSpec> silver =
        Entries.read(
            root,
            "tables.silver",
            defaults,
            "silver-table",
            (name, entry) -> SilverTableSpec.from(name, entry, defaults));
    List<GoldTableSpec> gold =
        Entries.read(root, "tables.gold", defaults, "gold-table", GoldTableSpec::from);
    List<ModelSpec> models = Entries.read(root, "models", defaults, "model", ModelSpec::from);
    PipelineSpec spec =
        new PipelineSpec(
            root.string("name"),
            sources,
            ordered(
                root, "tables.silver", silver, SilverTableSpec::id, SilverTableSpec::references),
            ordered(root, "tables.gold", gold, GoldTableSpec::id, GoldTableSpec::inputs),
            models);
    spec.checkReferences(root);
    return spec;
  }

  /**
   * Every table the pipeline writes, in stage order: with each file source's rejected records and
   * each silver table's quarantine.
   */
  public Set<TableId> tables() {
    Set<TableId> tables = new LinkedHashSet<>();
    sources.forEach(source -> tables.add(source.table()));
    sources.stream()
        .filter(source -> source.jdbc().isEmpty())
        .forEach(source -> tables.add(source.rejectedTable()));
    silverTables.forEach(table -> tables.add(table.id()));
    silverTables.forEach(table -> tables.add(table.id().quarantine()));
    goldTables.forEach(table -> tables.add(table.id()));
    models.forEach(model -> tables.add(model.predictions()));
    return tables;
  }

  private void checkReferences(ConfigReader root) {
    Set<TableId> bronze = new LinkedHashSet<>();
    sources.forEach(source -> bronze.add(source.table()));
    Set<TableId> silver = new LinkedHashSet<>();
    silverTables.forEach(table -> silver.add(table.id()));
    for (SilverTableSpec table : silverTables) {
      String path = "tables.silver." + table.id().name();
      require(root, path + ".source", bronze, table.source());
      for (Expectation rule : table.expectations()) {
        if (rule.reference().isPresent()) {
          require(
              root,
              path + ".expectations." + rule.name() + ".references.table",
              silver,
              rule.reference().get().table());
        }
      }
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

  /** Tables sorted so each comes after the tables it reads; a cycle is an error at {@code path}. */
  private static <T> List<T> ordered(
      ConfigReader root,
      String path,
      List<T> tables,
      Function<T, TableId> id,
      Function<T, Collection<TableId>> inputs) {
    Map<TableId, T> pending = new LinkedHashMap<>();
    tables.forEach(table -> pending.put(id.apply(table), table));
    List<T> order = new ArrayList<>();
    while (!pending.isEmpty()) {
      T next =
          pending.values().stream()
              .filter(table -> inputs.apply(table).stream().noneMatch(pending::containsKey))
              .findFirst()
              .orElseThrow(
                  () ->
                      LakeErrors.configInvalid(
                          root.location(path),
                          path,
                          "tables without circular references",
                          "a cycle among " + pending.keySet()));
      order.add(next);
      pending.remove(id.apply(next));
    }
    return order;
  }
}
