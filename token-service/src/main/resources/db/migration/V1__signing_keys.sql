-- Signing keys of token-service. The private part is a JWK encrypted with AES-256-GCM under the
-- key-encryption key (oauth.token.key-encryption-key); the public part is the public JWK.
-- Lifecycle: published from created_at, signs from activates_at, stops signing at retires_at,
-- leaves /jwks at unpublish_at (after every token it signed has expired).
CREATE TABLE signing_key (
    kid           TEXT PRIMARY KEY,
    alg           TEXT        NOT NULL,
    public_jwk    TEXT        NOT NULL,
    private_key   BYTEA       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    activates_at  TIMESTAMPTZ NOT NULL,
    retires_at    TIMESTAMPTZ,
    unpublish_at  TIMESTAMPTZ
);

CREATE INDEX signing_key_alg ON signing_key (alg, activates_at);
