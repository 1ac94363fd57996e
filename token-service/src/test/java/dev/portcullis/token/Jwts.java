package dev.portcullis.token;

import static io.restassured.RestAssured.get;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

/** Test fixture: verifies a JWT against a JWK Set as a resource server would. */
public final class Jwts {
    private Jwts() {
    }

    /** Verifies against this service's {@code /jwks} and returns the claims. */
    public static JwtClaims verify(String jwt) {
        return verify(jwt, get("/jwks").then().statusCode(200).extract().asString());
    }

    public static JwtClaims verify(String jwt, String jwksJson) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(jwt);
            jws.setKey(new VerificationJwkSelector().select(jws, new JsonWebKeySet(jwksJson).getJsonWebKeys()).getKey());
            if (!jws.verifySignature()) {
                throw new AssertionError("Signature does not verify");
            }
            return JwtClaims.parse(jws.getPayload());
        } catch (Exception e) {
            throw new AssertionError("Token does not verify: " + e, e);
        }
    }

    public static JsonWebSignature header(String jwt) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(jwt);
            return jws;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
