package dev.pagerstatus.aws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * An HTTP client for the AWS SDK that is built on another thread while the SDK clients that use it are built on
 * this one. Building the URL-connection client means setting up TLS (the JDK's security providers and its CA
 * certificates), which took as long as building the SDK clients themselves; done side by side, a cold start
 * pays for the longer of the two, not both. The first request waits until it is ready.
 */
final class WarmingHttpClient implements SdkHttpClient {
    private final CompletableFuture<SdkHttpClient> delegate;

    WarmingHttpClient(Supplier<SdkHttpClient> build) {
        this.delegate = new CompletableFuture<>();
        Thread builder = new Thread(
                () -> {
                    try {
                        delegate.complete(build.get());
                    } catch (RuntimeException | Error e) {
                        delegate.completeExceptionally(e);
                    }
                },
                "pagerstatus-aws-http");
        builder.setDaemon(true);
        builder.start();
    }

    private SdkHttpClient delegate() {
        try {
            return delegate.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the AWS HTTP client could not be built", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the AWS HTTP client was built", e);
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return delegate().prepareRequest(request);
    }

    @Override
    public String clientName() {
        return "UrlConnection";
    }

    @Override
    public void close() {
        delegate().close();
    }
}
