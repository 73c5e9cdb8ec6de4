package io.lakeml.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone master and worker on 127.0.0.1, started and stopped by the scripts of {@code
 * deploy/local-cluster/} on ephemeral ports, with their state under one folder. A JVM shutdown hook
 * kills them (and their executors) by pid should the test JVM end without {@link #close()}.
 */
final class LocalCluster implements AutoCloseable {
  private final Path dir;
  private final Map<String, String> environment;
  private final int masterPort;
  private final Thread killOnExit;

  private LocalCluster(Path dir, int masterPort, int masterUi, int workerUi) {
    this.dir = dir;
    this.masterPort = masterPort;
    this.environment =
        Map.of(
            "LAKEML_CLUSTER_DIR", dir.toString(),
            "LAKEML_MASTER_PORT", Integer.toString(masterPort),
            "LAKEML_MASTER_UI_PORT", Integer.toString(masterUi),
            "LAKEML_WORKER_UI_PORT", Integer.toString(workerUi),
            "LAKEML_WORKER_CORES", "2",
            "LAKEML_WORKER_MEMORY", "3g",
            "JAVA_TOOL_OPTIONS", Lakeml.CHILD_JVM_OPTIONS);
    this.killOnExit = new Thread(this::killDaemons, "local-cluster-kill");
  }

  /** Runs {@code deploy/local-cluster/start.sh}; returns once the worker has registered. */
  static LocalCluster start(Path dir) throws IOException, InterruptedException {
    List<Integer> ports = freePorts(3);
    LocalCluster cluster = new LocalCluster(dir, ports.get(0), ports.get(1), ports.get(2));
    Runtime.getRuntime().addShutdownHook(cluster.killOnExit);
    try {
      cluster.script("start.sh");
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** The master URL. */
  String master() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** Where the daemons' logs and the executors' work folders (their stdout, stderr) are. */
  List<Path> logFolders() {
    return List.of(dir.resolve("logs"), dir.resolve("work"));
  }

  /** Runs {@code deploy/local-cluster/stop.sh}, then kills whatever it left. */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      script("stop.sh");
    } finally {
      killDaemons();
      try {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down; the hook runs anyway
      }
    }
  }

  private void script(String name) throws IOException, InterruptedException {
    Path log = dir.resolve(name + ".log");
    Files.createDirectories(dir);
    ProcessBuilder builder =
        new ProcessBuilder(Lakeml.REPO.resolve("deploy/local-cluster/" + name).toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    try {
      if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(
            name + " failed: " + Files.readString(log, StandardCharsets.UTF_8));
      }
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private void killDaemons() {
    for (String daemon : List.of("worker", "master")) {
      Path pidFile = dir.resolve(daemon + ".pid");
      try {
        if (Files.exists(pidFile)) {
          long pid = Long.parseLong(Files.readString(pidFile).strip());
          ProcessHandle.of(pid)
              .ifPresent(
                  handle -> {
                    handle.descendants().forEach(ProcessHandle::destroyForcibly);
                    handle.destroyForcibly();
                  });
        }
      } catch (IOException | NumberFormatException e) {
        System.err.println("Cannot read " + pidFile + ": " + e);
      }
    }
  }

  private static List<Integer> freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int index = 0; index < count; index++) {
        sockets.add(new ServerSocket(0));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }
}
