package dev.pagerstatus.testing;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;

/** Event files deserialized the way the Lambda Java runtime does it, with its own event serializers. */
public final class LambdaEvents {
    private LambdaEvents() {
    }

    public static <T> T load(String fixture, Class<T> type) {
        return LambdaEventSerializers.serializerFor(type, LambdaEvents.class.getClassLoader())
                .fromJson(new ByteArrayInputStream(Fixtures.bytes("events/" + fixture)));
    }
}
