package io.lakeml.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.Booster;
import ml.dmlc.xgboost4j.scala.XGBoost$;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A fitted XGBoost model as a pipeline stage that saves and loads on Spark 4: xgboost4j-spark 3.1.1
 * is built for Spark 3.5 and its own writer fails on Spark 4's json4s. The booster is saved in
 * XGBoost's UBJSON format and the model's params as Spark encodes them.
 */
public final class XGBoostStage extends Model<XGBoostStage> implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BOOSTER = "booster.ubj";
  private static final String PARAMS = "xgboost-params.json";

  private final String uid;
  private final Model<?> delegate;

  private XGBoostStage(String uid, Model<?> delegate) {
    this.uid = uid;
    this.delegate = delegate;
  }

  /** {@code model} with its XGBoost model stage wrapped, if it has one. */
  public static PipelineModel savable(PipelineModel model) {
    Transformer[] stages = model.stages().clone();
    boolean wrapped = false;
    for (int index = 0; index < stages.length; index++) {
      if (stages[index] instanceof XGBoostModel) {
        stages[index] = new XGBoostStage(stages[index].uid(), (Model<?>) stages[index]);
        wrapped = true;
      }
    }
    return wrapped ? new PipelineModel(model.uid(), stages) : model;
  }

  /** The wrapped XGBoost model. */
  public Model<?> delegate() {
    return delegate;
  }

  /** The reader {@code PipelineModel.load} finds by reflection. */
  public static MLReader<XGBoostStage> read() {
    return new Reader();
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return delegate.transform(dataset);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return delegate.transformSchema(schema);
  }

  @Override
  public XGBoostStage copy(ParamMap extra) {
    return new XGBoostStage(uid, (Model<?>) delegate.copy(extra));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  private static final class Writer extends MLWriter {
    private final XGBoostStage stage;

    Writer(XGBoostStage stage) {
      this.stage = stage;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(stage, path, sparkSession(), Option.empty(), Option.empty());
      Map<String, Object> saved = new LinkedHashMap<>();
      boolean classifier = stage.delegate instanceof XGBoostClassificationModel;
      saved.put("classifier", classifier);
      saved.put(
          "num_classes",
          classifier ? ((XGBoostClassificationModel) stage.delegate).numClasses() : 0);
      Map<String, String> params = new LinkedHashMap<>();
      for (ParamPair<?> pair : stage.delegate.extractParamMap().toList()) {
        @SuppressWarnings("unchecked")
        Param<Object> param = (Param<Object>) pair.param();
        try {
          params.put(param.name(), param.jsonEncode(pair.value()));
        } catch (RuntimeException | LinkageError notEncodable) {
          // XGBoost's own params of objects (custom objectives) encode with Spark 3's json4s;
          // lakeml never sets them.
          continue;
        }
      }
      saved.put("params", params);
      try {
        FileSystem fs = fileSystem(sparkSession(), path);
        try (OutputStream out = fs.create(new Path(path, PARAMS), true)) {
          JSON.writeValue(out, saved);
        }
        try (OutputStream out = fs.create(new Path(path, BOOSTER), true)) {
          ((XGBoostModel) stage.delegate).nativeBooster().saveModel(out, "ubj");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot save the XGBoost model to " + path, e);
      } catch (XGBoostError e) {
        throw new IllegalStateException("Cannot save the XGBoost model to " + path, e);
      }
    }
  }

  private static final class Reader extends MLReader<XGBoostStage> {
    @Override
    public XGBoostStage load(String path) {
      try {
        FileSystem fs = fileSystem(sparkSession(), path);
        Map<?, ?> saved;
        try (InputStream in = fs.open(new Path(path, PARAMS))) {
          saved = JSON.readValue(in, Map.class);
        }
        Booster booster;
        try (InputStream in = fs.open(new Path(path, BOOSTER))) {
          booster = XGBoost$.MODULE$.loadModel(in);
        }
        String uid =
            org.apache.spark.ml.util.DefaultParamsReader.loadMetadata(path, sparkSession(), "")
                .uid();
        Model<?> model =
            (Boolean) saved.get("classifier")
                ? new XGBoostClassificationModel(
                    uid, ((Number) saved.get("num_classes")).intValue(), booster, Option.empty())
                : new XGBoostRegressionModel(uid, booster, Option.empty());
        ((Map<?, ?>) saved.get("params"))
            .forEach(
                (name, json) -> {
                  Param<Object> param = model.getParam((String) name);
                  model.set(param, param.jsonDecode((String) json));
                });
        return new XGBoostStage(uid, model);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot load the XGBoost model from " + path, e);
      } catch (XGBoostError e) {
        throw new IllegalStateException("Cannot load the XGBoost model from " + path, e);
      }
    }
  }

  private static FileSystem fileSystem(SparkSession spark, String path) throws IOException {
    return new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration());
  }
}
