package software.amazon.awssdk.regions;

import software.amazon.awssdk.regions.servicemetadata.SqsServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SsmServiceMetadata;

/**
 * Replaces the AWS SDK's generated class of the same name in the shaded jar, which the build leaves out of it
 * with every service's metadata but SSM's and SQS's. Building any SDK client resolves its signing region through
 * this provider, and the SDK's own builds a map of all 313 services to answer, loading one class for each: about
 * a third of the receiver's cold start on Lambda, for two services. Any other service gets what the SDK gives a
 * service it does not know ({@code null}, then {@link ServiceMetadata#of}'s default), which is what a client
 * built for it would use anyway. {@code GeneratedServiceMetadataProviderTest} checks that SSM and SQS resolve as
 * they do with the SDK's own class.
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {
    private static final ServiceMetadata SSM = new SsmServiceMetadata();
    private static final ServiceMetadata SQS = new SqsServiceMetadata();

    @Override
    public ServiceMetadata serviceMetadata(String endpointPrefix) {
        return switch (endpointPrefix) {
            case "ssm" -> SSM;
            case "sqs" -> SQS;
            default -> null;
        };
    }
}
