package dev.portcullis.registry.registration;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client metadata document (RFC 7591 §2) with typed access to its members. Unknown members
 * are ignored by dynamic registration (RFC 7591 §2: "the authorization server MUST ignore any
 * client metadata sent by the client that it does not understand") and refused by the admin API
 * ({@link #membersOutside}); a known member of the wrong type, malformed JSON,
 * trailing content, a non-object document or a repeated member is {@code invalid_client_metadata} (RFC 7591 §3.2.2).
 * JSON {@code null} counts as absent.
 */
public final class MetadataJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ObjectNode document;

    private MetadataJson(ObjectNode document) {
        this.document = document;
    }

    /** Parses a request body. */
    public static MetadataJson parse(String body) {
        if (body == null || body.isBlank()) {
            throw invalid("The request body must be a JSON object of client metadata");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node instanceof ObjectNode object) {
                return new MetadataJson(object);
            }
        } catch (JsonProcessingException e) {
            throw invalid("The request body is not valid JSON");
        }
        throw invalid("The request body must be a JSON object of client metadata");
    }

    /** This document without the named members (treated as absent). */
    public MetadataJson without(java.util.Collection<String> names) {
        ObjectNode copy = document.deepCopy();
        copy.remove(names);
        return new MetadataJson(copy);
    }

    /**
     * The members of this document outside {@code understood}, in document order. Dynamic
     * registration ignores them (RFC 7591 §2); the admin API refuses them, so a typo such as
     * {@code grant_type} cannot silently yield a different client than the one asked for.
     */
    public List<String> membersOutside(java.util.Set<String> understood) {
        List<String> unknown = new ArrayList<>();
        document.fieldNames().forEachRemaining(name -> {
            if (!understood.contains(name)) {
                unknown.add(name);
            }
        });
        return unknown;
    }

    public boolean has(String name) {
        JsonNode v = document.get(name);
        return v != null && !v.isNull();
    }

    public Optional<String> string(String name) {
        JsonNode v = document.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw invalid(name + " must be a string");
        }
        return Optional.of(v.textValue());
    }

    /** An array of strings; empty when absent. */
    public List<String> strings(String name) {
        JsonNode v = document.get(name);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw invalid(name + " must be an array of strings");
        }
        List<String> values = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw invalid(name + " must be an array of strings");
            }
            values.add(item.textValue());
        }
        return List.copyOf(values);
    }

    public Optional<Boolean> bool(String name) {
        JsonNode v = document.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw invalid(name + " must be true or false");
        }
        return Optional.of(v.booleanValue());
    }

    /** A non-negative whole number of seconds, at most {@code max}. */
    public Optional<Long> seconds(String name, long max) {
        JsonNode v = document.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0 || v.longValue() > max) {
            throw invalid(name + " must be a whole number of seconds between 0 and " + max);
        }
        return Optional.of(v.longValue());
    }

    /** A JSON object member, serialised. */
    public Optional<String> object(String name) {
        JsonNode v = document.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw invalid(name + " must be a JSON object");
        }
        return Optional.of(v.toString());
    }

    private static OAuthException invalid(String description) {
        return OAuthError.INVALID_CLIENT_METADATA.exception(description);
    }
}
