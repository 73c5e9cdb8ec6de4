package io.lakeml.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * A real S3 server in this JVM: S3Proxy on 127.0.0.1, an ephemeral port, AWS signature checks, and
 * jclouds' in-memory backend, with one bucket. The keys are made up per server.
 */
final class S3Server implements AutoCloseable {
  private static final String REGION = "us-east-1";

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final String bucket;
  private final String accessKey;
  private final String secretKey;

  private S3Server(String bucket, String accessKey, String secretKey) throws Exception {
    this.bucket = bucket;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    context =
        ContextBuilder.newBuilder("transient")
            .credentials("unused", "unused")
            .build(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
    proxy.start();
    for (int waited = 0; !proxy.getState().equals("STARTED"); waited++) {
      if (waited > 3000) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    context.getBlobStore().createContainerInLocation(null, bucket);
  }

  /** Starts a server with one empty {@code bucket}. */
  static S3Server start(String bucket, String accessKey, String secretKey) throws Exception {
    return new S3Server(bucket, accessKey, secretKey);
  }

  String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  String secretKey() {
    return secretKey;
  }

  /** {@code s3a://bucket/key}. */
  String uri(String key) {
    return "s3a://" + bucket + "/" + key;
  }

  /** The environment of a process that reaches this server through conf/s3.conf. */
  Map<String, String> environment() {
    return Map.of(
        "LAKEML_S3_ENDPOINT",
        endpoint(),
        "LAKEML_S3_PATH_STYLE",
        "true",
        "LAKEML_S3_SSL",
        "false",
        "AWS_REGION",
        REGION,
        "AWS_ACCESS_KEY_ID",
        accessKey,
        "AWS_SECRET_ACCESS_KEY",
        secretKey);
  }

  /**
   * Points S3A at this server for this bucket only, so other buckets' settings stay as they are.
   */
  void configure(Configuration hadoop) {
    String prefix = "fs.s3a.bucket." + bucket + ".";
    hadoop.set(prefix + "endpoint", endpoint());
    hadoop.set(prefix + "endpoint.region", REGION);
    hadoop.set(prefix + "path.style.access", "true");
    hadoop.set(prefix + "connection.ssl.enabled", "false");
    hadoop.set(
        prefix + "aws.credentials.provider",
        "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    hadoop.set(prefix + "access.key", accessKey);
    hadoop.set(prefix + "secret.key", secretKey);
  }

  /** Uploads every file under {@code folder} to {@code prefix/<file name>}. */
  void upload(Path folder, String prefix) throws IOException {
    BlobStore store = context.getBlobStore();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.sorted().toList()) {
        store.putBlob(
            bucket,
            store
                .blobBuilder(prefix + "/" + file.getFileName())
                .payload(Files.readAllBytes(file))
                .build());
      }
    }
  }

  /** Hands every object of the bucket, as a stream of its bytes, to {@code reader}. */
  void forEachObject(Consumer<InputStream> reader) {
    BlobStore store = context.getBlobStore();
    ListContainerOptions options = ListContainerOptions.Builder.recursive();
    String marker = null;
    do {
      var page = store.list(bucket, marker == null ? options : options.afterMarker(marker));
      for (StorageMetadata object : page) {
        if (object.getType() == StorageType.BLOB) {
          try (InputStream in = store.getBlob(bucket, object.getName()).getPayload().openStream()) {
            reader.accept(in);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
      marker = page.getNextMarker();
    } while (marker != null);
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
    } finally {
      context.close();
    }
  }
}
