package dev.pagerstatus.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SqsServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SsmServiceMetadata;

/**
 * The functions ship the SDK's metadata for the two services they call and none other (see the project's
 * {@code GeneratedServiceMetadataProvider}): SSM and SQS must resolve exactly as with the SDK's full map.
 */
class ServiceMetadataTest {
    @Test
    void ssmAndSqsResolveToTheirOwnMetadata() {
        assertThat(ServiceMetadata.of("ssm")).isInstanceOf(SsmServiceMetadata.class);
        assertThat(ServiceMetadata.of("sqs")).isInstanceOf(SqsServiceMetadata.class);
        assertThat(ServiceMetadata.of("ssm").signingRegion(Region.EU_WEST_1)).isEqualTo(Region.EU_WEST_1);
        assertThat(ServiceMetadata.of("sqs").endpointFor(Region.EU_WEST_1))
                .isEqualTo(URI.create("sqs.eu-west-1.amazonaws.com"));
        assertThat(ServiceMetadata.of("ssm").endpointFor(Region.US_GOV_WEST_1))
                .isEqualTo(URI.create("ssm.us-gov-west-1.amazonaws.com"));
    }

    @Test
    void anyOtherServiceGetsTheDefaultsTheSdkGivesAServiceItDoesNotKnow() {
        ServiceMetadata sts = ServiceMetadata.of("sts");

        assertThat(sts.signingRegion(Region.EU_WEST_1)).isEqualTo(Region.EU_WEST_1);
        assertThat(sts.endpointFor(Region.EU_WEST_1)).isEqualTo(URI.create("sts.eu-west-1.amazonaws.com"));
    }
}
