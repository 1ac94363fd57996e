package dev.portcullis.acceptance.rp;

import io.quarkus.oidc.IdToken;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The relying party's protected page (the default quarkus-oidc tenant, a web-app using the
 * authorization code flow with PKCE against our issuer): it shows who signed in, from the ID token
 * quarkus-oidc validated.
 */
@Path("/web")
@Authenticated
public class SignedInPage {
    @Inject
    @IdToken
    JsonWebToken idToken;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String show() {
        String name = idToken.getClaim("name");
        return "<!doctype html><title>Relying party</title><h1 id=\"who\">Signed in as " + escape(name == null ? "" : name)
                + "</h1><p id=\"sub\">" + escape(idToken.getSubject()) + "</p>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
