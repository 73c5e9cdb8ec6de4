package io.lakeml.ml.automl;

import io.lakeml.pipeline.Algorithm;
import java.util.Map;
import java.util.TreeMap;

/**
 * One candidate with one set of params, as the search tries it.
 *
 * @param number the trial's position in the search, from 1
 * @param algorithm the candidate
 * @param params estimator params by MLlib name, as text
 */
public record Trial(int number, Algorithm algorithm, Map<String, String> params) {
  public Trial {
    params = Map.copyOf(params);
  }

  /** The params as a JSON object with sorted keys, numbers unquoted. */
  public String paramsJson() {
    StringBuilder json = new StringBuilder("{");
    new TreeMap<>(params)
        .forEach(
            (name, value) -> {
              if (json.length() > 1) {
                json.append(", ");
              }
              boolean number = value.matches("-?[0-9.]+([eE]-?[0-9]+)?");
              json.append('"').append(name).append("\": ");
              json.append(number ? value : '"' + value.replace("\"", "\\\"") + '"');
            });
    return json.append('}').toString();
  }
}
