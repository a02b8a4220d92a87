package dev.pagerstatus.aws;

import dev.pagerstatus.config.ConfigUnavailableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeParametersRequest;
import software.amazon.awssdk.services.ssm.model.DescribeParametersResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;

/**
 * Reads Parameter Store. Names are listed with {@code DescribeParameters}, which returns metadata and never
 * values, so a function can discover accounts without being allowed to read their keys; values are then read
 * with {@code GetParameters} for exactly the names a function needs and may read. SDK failures become
 * {@link ConfigUnavailableException}s naming the operation, never a value.
 */
public final class ParameterStore {
    private static final int GET_BATCH = 10;

    private final SsmClient ssm;

    public ParameterStore(SsmClient ssm) {
        this.ssm = ssm;
    }

    /** Every parameter name under {@code prefix}, at any depth. */
    public List<String> names(String prefix) {
        return new ArrayList<>(types(prefix).keySet());
    }

    /** Every parameter under {@code prefix}, at any depth, and its type ({@code SecureString}...). */
    public Map<String, String> types(String prefix) {
        Map<String, String> names = new java.util.LinkedHashMap<>();
        String token = null;
        try {
            do {
                DescribeParametersResponse page = ssm.describeParameters(DescribeParametersRequest.builder()
                        .parameterFilters(ParameterStringFilter.builder()
                                .key("Path")
                                .option("Recursive")
                                .values(prefix)
                                .build())
                        .maxResults(50)
                        .nextToken(token)
                        .build());
                for (ParameterMetadata parameter : page.parameters()) {
                    names.put(parameter.name(), parameter.typeAsString());
                }
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (SdkException e) {
            throw new ConfigUnavailableException(
                    "SSM DescribeParameters under " + prefix + " failed: " + describe(e), e);
        }
        return names;
    }

    /** The decrypted values of the named parameters; names that do not exist are simply absent. */
    public Map<String, String> values(List<String> names) {
        Map<String, String> values = new HashMap<>();
        try {
            for (int from = 0; from < names.size(); from += GET_BATCH) {
                List<String> batchNames = names.subList(from, Math.min(from + GET_BATCH, names.size()));
                GetParametersResponse batch =
                        ssm.getParameters(request -> request.names(batchNames).withDecryption(true));
                batch.parameters().forEach((Parameter parameter) -> values.put(parameter.name(), parameter.value()));
            }
        } catch (SdkException e) {
            throw new ConfigUnavailableException("SSM GetParameters failed: " + describe(e), e);
        }
        return values;
    }

    private static String describe(SdkException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() <= 300 ? message : message.substring(0, 300) + "…";
    }
}
