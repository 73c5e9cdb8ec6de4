package io.lakeml.quality;

import io.lakeml.lake.TableId;
import java.util.Optional;

/**
 * A row-level rule: a Spark SQL boolean expression every row must satisfy (false or NULL breaks
 * it), or a reference that a column's value must exist in another silver table's key.
 *
 * @param name the rule name, reported in metrics and on quarantined rows
 * @param expression the SQL condition; for a reference, the generated condition
 * @param action what happens to a row that breaks it
 * @param description what the rule means, for people
 * @param reference the referenced table and column, for referential-integrity rules
 */
public record Expectation(
    String name,
    String expression,
    Action action,
    Optional<String> description,
    Optional<Reference> reference) {

  /**
   * A foreign key: {@code column} must match {@code key} of {@code table}.
   *
   * @param column the column of the refined table
   * @param table the referenced silver table
   * @param key the referenced column
   */
  public record Reference(String column, TableId table, String key) {
    /** The column the gate adds to mark rows whose reference resolved. */
    public String flag(String rule) {
      return "_ref_" + rule;
    }
  }

  /** A rule given as a SQL condition. */
  public static Expectation of(String name, String expression, Action action) {
    return new Expectation(name, expression, action, Optional.empty(), Optional.empty());
  }

  /** A referential-integrity rule. */
  public static Expectation references(String name, Reference reference, Action action) {
    return new Expectation(
        name,
        reference.flag(name) + " IS NOT NULL",
        action,
        Optional.empty(),
        Optional.of(reference));
  }
}
