package io.milvusgitops.simulator.milvus;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.milvus.grpc.BoolResponse;
import io.milvus.grpc.CheckHealthRequest;
import io.milvus.grpc.CheckHealthResponse;
import io.milvus.grpc.ConnectRequest;
import io.milvus.grpc.ConnectResponse;
import io.milvus.grpc.DataType;
import io.milvus.grpc.ErrorCode;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.GetVersionRequest;
import io.milvus.grpc.GetVersionResponse;
import io.milvus.grpc.HasCollectionRequest;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.ServerInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gRPC face of a simulated Milvus proxy (or standalone), built on the SDK's own service stubs: it answers
 * {@code Connect}, {@code GetVersion} with the version its image runs, {@code CheckHealth}, and a
 * {@code count(*)} query of the collections its {@link MilvusAnswers} hold. Every other call is
 * {@code UNIMPLEMENTED}, as an older server answers a method it does not know. Labelled a simulation in its
 * server info.
 */
public final class MilvusStandIn implements AutoCloseable {

    /** Milvus's status code for a collection that does not exist (merr.ErrCollectionNotFound). */
    private static final int COLLECTION_NOT_FOUND = 100;

    private final Server server;

    /**
     * @param version what the image behind this endpoint runs, e.g. {@code v2.5.16}; empty: no process listens (the
     *                pod went away), every call fails as an unreachable server does
     * @param answers what the test told this Milvus to answer beyond its version
     */
    public MilvusStandIn(Supplier<Optional<String>> version, MilvusAnswers answers) {
        this(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), version, answers);
    }

    /** A stand-in listening on {@code bind}: containers reach one on the Docker host through their network's gateway. */
    public MilvusStandIn(InetSocketAddress bind, Supplier<Optional<String>> version, MilvusAnswers answers) {
        try {
            server = NettyServerBuilder.forAddress(bind)
                    .addService(new Service(version, answers))
                    .maxInboundMessageSize(1 << 20)
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a local port for the simulated Milvus: " + e.getMessage(), e);
        }
    }

    /** Where a client on this machine reaches it. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort());
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Service extends MilvusServiceGrpc.MilvusServiceImplBase {
        private final Supplier<Optional<String>> version;
        private final MilvusAnswers answers;

        Service(Supplier<Optional<String>> version, MilvusAnswers answers) {
            this.version = version;
            this.answers = answers;
        }

        /** The version this server reports, or why it cannot answer at all. */
        private Optional<String> reachable(StreamObserver<?> out) {
            Optional<String> v = version.get();
            if (v.isEmpty() || answers.refusing()) {
                out.onError(Status.UNAVAILABLE.withDescription("simulated Milvus: no process listens").asRuntimeException());
                return Optional.empty();
            }
            return Optional.of(answers.reportedVersion().orElse(v.get()));
        }

        @Override
        public void connect(ConnectRequest request, StreamObserver<ConnectResponse> out) {
            reachable(out).ifPresent(v -> {
                out.onNext(ConnectResponse.newBuilder().setStatus(ok())
                        .setServerInfo(ServerInfo.newBuilder().setBuildTags(v).setDeployMode("simulated")).setIdentifier(1).build());
                out.onCompleted();
            });
        }

        @Override
        public void getVersion(GetVersionRequest request, StreamObserver<GetVersionResponse> out) {
            reachable(out).ifPresent(v -> {
                out.onNext(GetVersionResponse.newBuilder().setStatus(ok()).setVersion(v).build());
                out.onCompleted();
            });
        }

        @Override
        public void checkHealth(CheckHealthRequest request, StreamObserver<CheckHealthResponse> out) {
            reachable(out).ifPresent(v -> {
                Optional<String> sick = answers.unhealthy();
                CheckHealthResponse.Builder b = CheckHealthResponse.newBuilder().setStatus(ok()).setIsHealthy(sick.isEmpty());
                sick.ifPresent(b::addReasons);
                out.onNext(b.build());
                out.onCompleted();
            });
        }

        @Override
        public void hasCollection(HasCollectionRequest request, StreamObserver<BoolResponse> out) {
            reachable(out).ifPresent(v -> {
                out.onNext(BoolResponse.newBuilder().setStatus(ok()).setValue(answers.rows(request.getCollectionName()).isPresent()).build());
                out.onCompleted();
            });
        }

        @Override
        public void query(QueryRequest request, StreamObserver<QueryResults> out) {
            reachable(out).ifPresent(v -> {
                Optional<Long> rows = answers.rows(request.getCollectionName());
                if (rows.isEmpty()) {
                    out.onNext(QueryResults.newBuilder().setStatus(io.milvus.grpc.Status.newBuilder().setCode(COLLECTION_NOT_FOUND)
                            .setErrorCode(ErrorCode.UnexpectedError)
                            .setReason("collection not found[collection=" + request.getCollectionName() + "]")).build());
                } else {
                    out.onNext(QueryResults.newBuilder().setStatus(ok()).setCollectionName(request.getCollectionName())
                            .addOutputFields("count(*)")
                            .addFieldsData(FieldData.newBuilder().setFieldName("count(*)").setType(DataType.Int64)
                                    .setScalars(ScalarField.newBuilder().setLongData(LongArray.newBuilder().addData(rows.get()))))
                            .build());
                }
                out.onCompleted();
            });
        }

        private static io.milvus.grpc.Status ok() {
            return io.milvus.grpc.Status.newBuilder().setCode(0).setErrorCode(ErrorCode.Success).build();
        }
    }
}
