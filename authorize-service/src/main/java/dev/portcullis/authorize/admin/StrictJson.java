package dev.portcullis.authorize.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads an admin API body into a record, refusing what it does not understand: a member the
 * record does not name (a typo such as {@code emial} would otherwise be dropped and yield a
 * different user than asked), a repeated member, a value of the wrong type, trailing content
 * or a body that is not a JSON object. Each is {@code invalid_request} (400) naming the member.
 */
public final class StrictJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);
    /** The characters RFC 6749 §5.2 allows in {@code error_description}; other names are counted. */
    private static final Pattern SHOWABLE = Pattern.compile("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}");

    private StrictJson() {
    }

    /**
     * The members a record accepts: the {@link JsonProperty} names of its components (read from
     * the accessors, where Java carries the annotation), or the component names.
     */
    static Set<String> members(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(c -> {
                    JsonProperty named = c.getAccessor().getAnnotation(JsonProperty.class);
                    return named == null || named.value().isEmpty() ? c.getName() : named.value();
                })
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Parses {@code body} into {@code type}. */
    public static <T extends Record> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw invalid("A JSON object is required");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("The body is not valid JSON (or repeats a member)");
        }
        if (!(tree instanceof ObjectNode object)) {
            throw invalid("The body must be a JSON object");
        }
        Set<String> known = members(type);
        List<String> unknown = new ArrayList<>();
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw invalid(describeUnknown(unknown));
        }
        try {
            return JSON.treeToValue(object, type);
        } catch (MismatchedInputException e) {
            String member = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            throw invalid(member != null && SHOWABLE.matcher(member).matches()
                    ? member + " has the wrong type" : "A member has the wrong type");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw invalid("The body does not match the expected members");
        }
    }

    static String describeUnknown(List<String> names) {
        List<String> shown = names.stream().filter(n -> SHOWABLE.matcher(n).matches()).toList();
        StringBuilder out = new StringBuilder("Unknown member").append(names.size() == 1 ? "" : "s").append(": ")
                .append(String.join(", ", shown));
        int hidden = names.size() - shown.size();
        if (hidden > 0) {
            out.append(shown.isEmpty() ? "" : ", ").append(hidden).append(" with an unprintable name");
        }
        return out.toString();
    }

    private static OAuthException invalid(String description) {
        return OAuthError.INVALID_REQUEST.exception(description);
    }
}
