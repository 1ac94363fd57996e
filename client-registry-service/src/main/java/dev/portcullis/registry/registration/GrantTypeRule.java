package dev.portcullis.registry.registration;

import dev.portcullis.contract.oauth.GrantType;
import dev.portcullis.contract.oauth.OAuthError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code grant_types} and {@code response_types} with their defaults and their consistency
 * (RFC 7591 §2.1): a response type containing {@code code} needs the {@code authorization_code}
 * grant, one containing {@code token} or {@code id_token} needs {@code implicit}, and each of
 * those two grants needs a response type that uses it. Omitted lists are derived from the
 * other one; when both are omitted the RFC 7591 §2 defaults apply
 * ({@code authorization_code} and {@code code}).
 */
public final class GrantTypeRule {
    private static final Set<String> RESPONSE_TYPE_WORDS = Set.of("code", "token", "id_token");

    private GrantTypeRule() {
    }

    /** Grant and response types as registered. */
    public record Resolved(List<String> grantTypes, List<String> responseTypes) {
    }

    /**
     * @param grantTypes the registered grant types, empty when omitted
     * @param grantTypesGiven whether the member was present
     * @throws dev.portcullis.contract.oauth.OAuthException invalid_client_metadata
     */
    public static Resolved resolve(List<String> grantTypes, boolean grantTypesGiven,
            List<String> responseTypes, boolean responseTypesGiven) {
        if (grantTypesGiven && grantTypes.isEmpty()) {
            throw invalid("grant_types must not be empty");
        }
        for (String g : grantTypes) {
            if (GrantType.fromValue(g).isEmpty()) {
                throw invalid("Unsupported grant type in grant_types");
            }
        }
        for (String r : responseTypes) {
            if (!isResponseType(r)) {
                throw invalid("Unsupported response type in response_types");
            }
        }
        List<String> grants = grantTypesGiven ? distinct(grantTypes)
                : responseTypesGiven ? grantsFor(responseTypes) : List.of(GrantType.AUTHORIZATION_CODE.value());
        List<String> responses = responseTypesGiven ? distinct(responseTypes) : responsesFor(grants);

        boolean usesCode = responses.stream().anyMatch(r -> words(r).contains("code"));
        boolean usesImplicit = responses.stream().anyMatch(r -> words(r).contains("token") || words(r).contains("id_token"));
        boolean hasCode = grants.contains(GrantType.AUTHORIZATION_CODE.value());
        boolean hasImplicit = grants.contains(GrantType.IMPLICIT.value());
        if (usesCode != hasCode || usesImplicit != hasImplicit) {
            throw invalid("grant_types and response_types are inconsistent (RFC 7591 §2.1)");
        }
        return new Resolved(grants, responses);
    }

    private static boolean isResponseType(String value) {
        Set<String> words = words(value);
        return !words.isEmpty() && RESPONSE_TYPE_WORDS.containsAll(words)
                && words.size() == value.split(" ", -1).length;
    }

    private static Set<String> words(String responseType) {
        return new LinkedHashSet<>(Arrays.asList(responseType.split(" ")));
    }

    private static List<String> grantsFor(List<String> responseTypes) {
        List<String> grants = new ArrayList<>();
        if (responseTypes.stream().anyMatch(r -> words(r).contains("code"))) {
            grants.add(GrantType.AUTHORIZATION_CODE.value());
        }
        if (responseTypes.stream().anyMatch(r -> words(r).contains("token") || words(r).contains("id_token"))) {
            grants.add(GrantType.IMPLICIT.value());
        }
        return List.copyOf(grants);
    }

    private static List<String> responsesFor(List<String> grants) {
        List<String> responses = new ArrayList<>();
        if (grants.contains(GrantType.AUTHORIZATION_CODE.value())) {
            responses.add("code");
        }
        if (grants.contains(GrantType.IMPLICIT.value())) {
            responses.add("token");
        }
        return List.copyOf(responses);
    }

    private static List<String> distinct(List<String> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }

    private static dev.portcullis.contract.oauth.OAuthException invalid(String description) {
        return OAuthError.INVALID_CLIENT_METADATA.exception(description);
    }
}
