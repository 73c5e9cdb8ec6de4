package io.lakeml.pipeline;

import static io.lakeml.config.ConfigFiles.at;
import static io.lakeml.config.ConfigFiles.load;
import static io.lakeml.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCode;
import io.lakeml.errors.LakeException;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each invalid pipeline names the file and line, the full key, what was expected and found. */
class PipelineSpecErrorsTest {
  /** Lines 1-6; each test's own lines start at 7. */
  private static final String BASE =
      """
      name = demo
      sources {
        events {
          schema = "id INT, kind STRING, score DOUBLE"
        }
      }
      """;

  /** Lines 7-13 after {@link #BASE}: a silver table and the start of model {@code m}. */
  private static final String MODEL =
      BASE
          + """
          tables.silver.events.key = [id]
          models {
            m {
              table = silver.events
              label = score
              features.numeric = [id]
          """;

  @TempDir Path dir;
  private Path file;

  private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String text) {
    file = write(dir, "demo.conf", text);
    return assertThatThrownBy(() -> PipelineSpec.from(load(file), file))
        .isInstanceOf(LakeException.class)
        .satisfies(
            error ->
                assertThat(((LakeException) error).code()).isEqualTo(ErrorCode.CONFIG_INVALID));
  }

  @Test
  void silverKeyGivenAsNumber() {
    assertRejected(BASE + "tables.silver.events {\n  key = 3\n}\n")
        .hasMessage(
            at(file, 8)
                + ": tables.silver.events.key: expected a list of column names, got NUMBER 3");
  }

  @Test
  void silverKeyNotInDeclaredSchema() {
    assertRejected(
            BASE
                + "tables.silver.events {\n  key = [event_id]\n  schema = \"id INT, kind STRING\"\n}\n")
        .hasMessageStartingWith(
            at(file, 8)
                + ": tables.silver.events.key: expected columns of the declared schema or derived"
                + " columns [")
        .hasMessageEndingWith(", got column 'event_id'");
  }

  @Test
  void silverSourceNotADeclaredBronzeTable() {
    assertRejected(BASE + "tables.silver.events {\n  source = bronze.nope\n  key = [id]\n}\n")
        .hasMessage(
            at(file, 8)
                + ": tables.silver.events.source: expected a table the pipeline declares"
                + " ([bronze.events]), got bronze.nope");
  }

  @Test
  void silverSourceOutsideBronze() {
    assertRejected(BASE + "tables.silver.events {\n  source = gold.events\n  key = [id]\n}\n")
        .hasMessage(
            at(file, 8)
                + ": tables.silver.events.source: expected a bronze table id, got gold.events");
  }

  @Test
  void unknownSourceFormat() {
    assertRejected("name = demo\nsources.events {\n  format = avro\n  schema = \"id INT\"\n}\n")
        .hasMessage(
            at(file, 3)
                + ": sources.events.format: expected one of csv, json, parquet, jdbc, got STRING"
                + " \"avro\" (unsupported format)");
  }

  @Test
  void invalidSourceSchema() {
    assertRejected("name = demo\nsources.events {\n  schema = \"id INTEGR,\"\n}\n")
        .hasMessageStartingWith(
            at(file, 3)
                + ": sources.events.schema: expected a DDL schema like \"id INT, name STRING\","
                + " got STRING \"id INTEGR,\" (");
  }

  @Test
  void goldSqlThatDoesNotParse() {
    assertRejected(BASE + "tables.gold.daily {\n  sql = \"SELEC id FROM silver.events\"\n}\n")
        .hasMessageStartingWith(
            at(file, 8)
                + ": tables.gold.daily.sql: expected a Spark SQL query over the pipeline's tables,"
                + " got STRING \"SELEC id FROM silver.events\" ([PARSE_SYNTAX_ERROR] Syntax error"
                + " at or near 'SELEC'.");
  }

  @Test
  void goldSqlReadingAnUndeclaredTable() {
    assertRejected(
            BASE
                + "tables.silver.events.key = [id]\n"
                + "tables.gold.daily {\n  sql = \"SELECT * FROM silver.nope\"\n}\n")
        .hasMessage(
            at(file, 9)
                + ": tables.gold.daily.sql: expected a table the pipeline declares ([bronze.events,"
                + " silver.events, gold.daily]), got silver.nope");
  }

  @Test
  void goldTablesReadingEachOther() {
    assertRejected(
            BASE
                + "tables.gold {\n"
                + "  a { sql = \"SELECT * FROM gold.b\" }\n"
                + "  b { sql = \"SELECT * FROM gold.a\" }\n"
                + "}\n")
        .hasMessage(
            at(file, 7)
                + ": tables.gold: expected tables without circular references, got a cycle"
                + " among [gold.a, gold.b]");
  }

  @Test
  void unknownAlgorithm() {
    assertRejected(MODEL + "      algorithm = lightgbm\n    }\n  }\n")
        .hasMessage(
            at(file, 13)
                + ": models.m.algorithm: expected one of logistic-regression, linear-regression,"
                + " random-forest, gbt, xgboost, got STRING \"lightgbm\"");
  }

  @Test
  void algorithmThatDoesNotFitTheTask() {
    assertRejected(
            MODEL + "      task = regression\n      algorithm = logistic-regression\n  }\n}\n")
        .hasMessage(
            at(file, 14)
                + ": models.m.algorithm: expected an algorithm for regression, got"
                + " logistic-regression");
  }

  @Test
  void unknownEstimatorParam() {
    assertRejected(MODEL + "      algorithm = gbt\n      params.no-such-param = 1\n    }\n  }\n")
        .hasMessageStartingWith(
            at(file, 14)
                + ": models.m.params.no-such-param: expected a param of GBTClassifier: one of"
                + " [cache-node-ids, checkpoint-interval,")
        .hasMessageContaining("max-depth, max-iter, max-memory-in-mb,")
        .hasMessageEndingWith("], got 'no-such-param'");
  }

  @Test
  void invalidParamValue() {
    assertRejected(
            MODEL
                + "      algorithm = gbt\n      params {\n        max-depth = -1\n      }\n    }\n  }\n")
        .hasMessageStartingWith(
            at(file, 15)
                + ": models.m.params.max-depth: expected a valid value (Maximum depth of the tree.")
        .hasMessageEndingWith("Must be in range [0, 30].), got '-1'");
  }

  @Test
  void labelAmongFeatures() {
    assertRejected(MODEL + "      features.categorical = [score]\n    }\n  }\n")
        .hasMessageContaining(file.getFileName().toString())
        .hasMessageEndingWith(
            ": models.m.features: expected features without the label, got label 'score' among"
                + " them");
  }

  @Test
  void paramsWithoutAnAlgorithm() {
    assertRejected(MODEL + "      params.max-depth = 3\n    }\n  }\n")
        .hasMessage(
            at(file, 13)
                + ": models.m.params: expected params only with a declared algorithm (AutoML"
                + " searches its own), got [max-depth]");
  }

  @Test
  void candidateOfAnotherTask() {
    assertRejected(MODEL + "      automl.candidates = [gbt, linear-regression]\n    }\n  }\n")
        .hasMessageStartingWith(
            at(file, 13)
                + ": models.m.automl.candidates: expected algorithms for binary-classification:")
        .hasMessageEndingWith("got 'linear-regression'");
  }

  @Test
  void gbtForAMulticlassModel() {
    assertRejected(
            MODEL
                + "      task = multiclass-classification\n"
                + "      automl.candidates = [xgboost, gbt]\n    }\n  }\n")
        .hasMessage(
            at(file, 14)
                + ": models.m.automl.candidates: expected algorithms for"
                + " multiclass-classification: [logistic-regression, random-forest, xgboost], got"
                + " 'gbt'");
  }

  @Test
  void gbtDeclaredForAMulticlassModel() {
    assertRejected(
            MODEL + "      task = multiclass-classification\n      algorithm = gbt\n    }\n  }\n")
        .hasMessage(
            at(file, 14)
                + ": models.m.algorithm: expected an algorithm for multiclass-classification, got"
                + " gbt");
  }

  @Test
  void areaUnderRocForAMulticlassModel() {
    assertRejected(
            MODEL
                + "      task = multiclass-classification\n"
                + "      automl.metric = auc-roc\n    }\n  }\n")
        .hasMessage(
            at(file, 14)
                + ": models.m.automl.metric: expected a metric of multiclass-classification, got"
                + " auc-roc");
  }

  @Test
  void negativeEarlyStoppingRounds() {
    assertRejected(MODEL + "      automl.early-stopping-rounds = -1\n    }\n  }\n")
        .hasMessageStartingWith(at(file, 13) + ": models.m.automl.early-stopping-rounds: expected")
        .hasMessageEndingWith("got NUMBER -1");
  }

  @Test
  void minImprovementAboveOne() {
    assertRejected(MODEL + "      min-improvement = 5\n    }\n  }\n")
        .hasMessage(
            at(file, 13)
                + ": models.m.min-improvement: expected a number from 0.0 to 1.0, got NUMBER 5");
  }

  @Test
  void metricOfAnotherTask() {
    assertRejected(MODEL + "      automl.metric = rmse\n    }\n  }\n")
        .hasMessage(
            at(file, 13)
                + ": models.m.automl.metric: expected a metric of binary-classification, got rmse");
  }

  @Test
  void budgetOutOfRange() {
    assertRejected(MODEL + "      automl.max-minutes = 0\n    }\n  }\n")
        .hasMessage(
            at(file, 13)
                + ": models.m.automl.max-minutes: expected a number from 0.05 to 1440.0, got"
                + " NUMBER 0");
  }

  @Test
  void unknownSearch() {
    assertRejected(MODEL + "      automl.search = bayesian\n    }\n  }\n")
        .hasMessage(
            at(file, 13)
                + ": models.m.automl.search: expected one of random, grid, got STRING"
                + " \"bayesian\"");
  }

  @Test
  void timeSplitWithoutEventTime() {
    assertRejected(MODEL + "      split.kind = time\n    }\n  }\n")
        .hasMessageEndingWith(
            ": models.m.event-time: missing; expected the event-time column of a time split");
  }

  @Test
  void testPeriodBeforeTrainingPeriod() {
    assertRejected(
            MODEL
                + "      event-time = day\n"
                + "      split { train-before = \"2001-06-01\", test-from = \"2001-05-01\" }\n"
                + "    }\n  }\n")
        .hasMessage(
            at(file, 14)
                + ": models.m.split.test-from: expected a time at or after train-before"
                + " (2001-06-01T00:00), got 2001-05-01T00:00");
  }

  @Test
  void unparsableSplitTime() {
    assertRejected(MODEL + "      event-time = day\n      split.test-from = june\n    }\n  }\n")
        .hasMessageStartingWith(
            at(file, 14)
                + ": models.m.split.test-from: expected a date or time like 2001-06-01 or"
                + " 2001-06-01T06:00, got STRING \"june\"");
  }

  @Test
  void unknownFeatureType() {
    assertRejected(MODEL + "      features.types.kind = ordinal\n    }\n  }\n")
        .hasMessage(
            at(file, 13)
                + ": models.m.features.types.kind: expected one of numeric, categorical,"
                + " high-cardinality, boolean, timestamp, text, id, got STRING \"ordinal\"");
  }

  @Test
  void crossOfOneColumn() {
    assertRejected(MODEL + "      features.crosses = [\"kind*\"]\n    }\n  }\n")
        .hasMessage(
            at(file, 13)
                + ": models.m.features.crosses: expected crossed columns written as \"a*b\", got"
                + " 'kind*'");
  }

  @Test
  void noFeatures() {
    assertRejected(
            BASE
                + "tables.silver.events.key = [id]\n"
                + "models.m {\n  table = silver.events\n  label = score\n}\n")
        .hasMessageEndingWith(
            ": models.m.features: expected at least one numeric, categorical or listed feature"
                + " (columns), or auto = true, got none");
  }

  @Test
  void missingLabelNamesTheModelEntry() {
    assertRejected(
            BASE
                + "tables.silver.events.key = [id]\n"
                + "models {\n  m {\n    table = silver.events\n    features.numeric = [id]\n  }\n}\n")
        .hasMessage(at(file, 9) + ": models.m.label: missing; expected a string");
  }

  @Test
  void testFractionOutOfRange() {
    assertRejected(MODEL + "      split.test-fraction = 0.95\n    }\n  }\n")
        .hasMessage(
            at(file, 13)
                + ": models.m.split.test-fraction: expected a number from 0.01 to 0.9, got NUMBER"
                + " 0.95");
  }

  @Test
  void modelTableNotDeclared() {
    assertRejected(
            BASE
                + "models.m {\n  table = gold.nope\n  label = score\n  features.numeric = [id]\n}\n")
        .hasMessage(
            at(file, 8)
                + ": models.m.table: expected a table the pipeline declares ([bronze.events]), got"
                + " gold.nope");
  }

  @Test
  void entryNameNotSnakeCase() {
    assertRejected("name = demo\nsources {\n  Flights-CSV {\n    schema = \"id INT\"\n  }\n}\n")
        .hasMessage(
            at(file, 3)
                + ": sources.Flights-CSV: expected a snake_case name ([a-z][a-z0-9_]*), got"
                + " 'Flights-CSV'");
  }

  @Test
  void predictionsTableCollidingWithAGoldTable() {
    assertRejected(
            MODEL.replace(
                    "models {",
                    "tables.gold.scored.sql = \"SELECT * FROM silver.events\"\nmodels {")
                + "      predictions = gold.scored\n    }\n  }\n")
        .hasMessage(
            at(file, 14)
                + ": models.m.predictions: expected a gold table id no other table or model"
                + " declares, got"
                + " gold.scored");
  }

  @Test
  void defaultPredictionsTableCollidingWithAGoldTable() {
    assertRejected(
            MODEL.replace(
                    "models {", "tables.gold.m_predictions.sql = \"SELECT 1 AS id\"\nmodels {")
                + "    }\n  }\n")
        .hasMessage(
            at(file, 10)
                + ": models.m.predictions: expected a gold table id no other table or model"
                + " declares, got gold.m_predictions");
  }

  @Test
  void predictionsOutsideGold() {
    assertRejected(MODEL + "      predictions = silver.m_predictions\n    }\n  }\n")
        .hasMessage(
            at(file, 13)
                + ": models.m.predictions: expected a gold table id no other table or model"
                + " declares, got silver.m_predictions");
  }
}
