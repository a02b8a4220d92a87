package dev.pagerstatus.setup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagerstatus.support.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The receiver at a base URL, judged by {@code GET <base>/}: pagerstatus's health document naming every account.
 * doctor reports it; setup asks it before it moves any subscription to the URL.
 */
public final class Receiver {
    /** {@code answers}: for every account; {@code found} what was seen; {@code fix} empty when it answers. */
    public record Health(boolean answers, String found, String fix) {}

    private Receiver() {}

    public static Health check(URI base, List<String> accounts) {
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/"))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return judge(Optional.empty(), "GET answered " + response.statusCode(), accounts);
            }
            return judge(Optional.ofNullable(Json.MAPPER.readTree(response.body())), "", accounts);
        } catch (IOException | IllegalArgumentException e) {
            return judge(
                    Optional.empty(),
                    "GET failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    accounts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return judge(Optional.empty(), "interrupted", accounts);
        }
    }

    /** Pure: the health document (empty: none, for {@code failure}) against the accounts configured. */
    public static Health judge(Optional<JsonNode> health, String failure, List<String> accounts) {
        if (health.isEmpty()) {
            return new Health(false, failure, "start serve (or deploy), and check the URL");
        }
        JsonNode document = health.get();
        if (!"pagerstatus".equals(document.path("name").asText())) {
            return new Health(false, "it answers, but not with pagerstatus's health document", "check the URL");
        }
        List<String> named = new ArrayList<>();
        document.path("accounts").forEach(item -> named.add(item.asText()));
        List<String> missing =
                accounts.stream().filter(account -> !named.contains(account)).toList();
        if (!missing.isEmpty()) {
            return new Health(
                    false,
                    "it does not know " + String.join(", ", missing),
                    "configure the receiver with the same accounts");
        }
        return new Health(
                true,
                "pagerstatus " + document.path("version").asText() + " receives for " + String.join(", ", named),
                "");
    }
}
