package dev.portcullis.token.api;

import dev.portcullis.clients.ClientAuthentication;
import dev.portcullis.clients.ClientCredentials;
import dev.portcullis.contract.oauth.OAuthError;
import dev.portcullis.contract.oauth.OAuthException;
import dev.portcullis.proto.client.v1.Client;
import dev.portcullis.token.config.PortcullisConfig;
import dev.portcullis.token.config.TokenConfig;
import dev.portcullis.token.grant.GrantRegistry;
import dev.portcullis.token.grant.TokenGrant;
import dev.portcullis.token.grant.TokenRequest;
import dev.portcullis.token.observe.TokenOutcome;
import dev.portcullis.token.ratelimit.ClientRateLimit;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.event.Event;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code POST /token} (RFC 6749 §3.2): parses the form, rejects repeated parameters,
 * authenticates the client once, takes from its rate limit, finds the grant, checks the client
 * may use it, and answers with {@code no-store}. Everything grant-specific is in the {@link TokenGrant} beans.
 */
@Path("/token")
public final class TokenEndpoint {
    private static final String RESOURCE = "resource";

    private final GrantRegistry grants;
    private final ClientAuthentication clients;
    private final Event<TokenOutcome> outcomes;
    private final ClientRateLimit rateLimit;
    private final int maxParameters;
    private final List<String> assertionAudiences;

    public TokenEndpoint(GrantRegistry grants, ClientAuthentication clients, Event<TokenOutcome> outcomes,
            ClientRateLimit rateLimit, TokenConfig config, PortcullisConfig portcullis) {
        this.rateLimit = rateLimit;
        this.grants = grants;
        this.clients = clients;
        this.outcomes = outcomes;
        this.maxParameters = config.maxParameters();
        this.assertionAudiences = List.of(portcullis.issuer(), portcullis.issuer() + "/token");
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> token(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpServerRequest http, String body) {
        AtomicReference<String> grantType = new AtomicReference<>();
        AtomicReference<String> clientId = new AtomicReference<>();
        return Uni.createFrom().deferred(() -> {
            Map<String, List<String>> form = TokenForm.parse(contentType, body, maxParameters);
            TokenRequest request = request(form, http);
            grantType.set(request.required("grant_type"));
            TokenGrant grant = grants.find(grantType.get());
            ClientCredentials credentials = ClientCredentials.from(authorization, form);
            clientId.set(credentials.clientId());
            return clients.authenticate(credentials, assertionAudiences)
                    .call(client -> rateLimit.take(client.getClientId()))
                    .chain(client -> grant.handle(request, allowed(client, grant)));
        }).map(r -> {
            outcomes.fire(new TokenOutcome(grantType.get(), clientId.get(), null));
            return Response.ok(r).header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build();
        }).onFailure().invoke(t -> outcomes.fire(new TokenOutcome(grantType.get(), clientId.get(),
                t instanceof OAuthException e ? e.error().code() : OAuthError.SERVER_ERROR.code())));
    }

    /** RFC 6749 §5.2 unauthorized_client: the client is not registered for this grant type. */
    private static Client allowed(Client client, TokenGrant grant) {
        if (!client.getGrantTypesList().contains(grant.type().value())) {
            throw OAuthError.UNAUTHORIZED_CLIENT.exception("The client may not use this grant type");
        }
        return client;
    }

    /** RFC 6749 §3.2: no parameter more than once, except RFC 8707 {@code resource}. */
    private static TokenRequest request(Map<String, List<String>> form, HttpServerRequest http) {
        Map<String, String> single = new HashMap<>();
        form.forEach((name, values) -> {
            if (!RESOURCE.equals(name)) {
                if (values.size() > 1) {
                    throw OAuthError.INVALID_REQUEST.exception("Parameter " + name + " is repeated");
                }
                single.put(name, values.get(0));
            }
        });
        String address = http.remoteAddress() == null ? "" : http.remoteAddress().hostAddress();
        return new TokenRequest(Map.copyOf(single), form.getOrDefault(RESOURCE, List.of()), address);
    }
}
