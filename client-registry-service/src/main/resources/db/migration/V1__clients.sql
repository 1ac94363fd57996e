-- Registered OAuth clients (RFC 7591 §2 metadata plus Portcullis settings).
-- List-valued metadata is stored as JSON arrays in text columns. Secrets and registration
-- access tokens are stored only as HMAC-SHA256 digests (oauth.registry.secret-pepper).
CREATE TABLE clients (
    client_id                  varchar(128) PRIMARY KEY,
    client_name                varchar(512),
    redirect_uris              text         NOT NULL,
    grant_types                text         NOT NULL,
    response_types             text         NOT NULL,
    token_endpoint_auth_method varchar(32)  NOT NULL,
    application_type           varchar(16)  NOT NULL,
    scope                      text,
    jwks                       text,
    jwks_uri                   text,
    client_uri                 text,
    logo_uri                   text,
    contacts                   text         NOT NULL,
    policy_uri                 text,
    tos_uri                    text,
    software_id                varchar(255),
    software_version           varchar(255),
    access_token_format        varchar(16)  NOT NULL,
    access_token_ttl           bigint       NOT NULL,
    refresh_token_ttl          bigint       NOT NULL,
    id_token_ttl               bigint       NOT NULL,
    skip_consent               boolean      NOT NULL,
    rotate_refresh_tokens      boolean      NOT NULL,
    post_logout_redirect_uris  text         NOT NULL,
    require_pkce               boolean      NOT NULL,
    allow_plain_pkce           boolean      NOT NULL,
    can_introspect             boolean      NOT NULL,
    enabled                    boolean      NOT NULL,
    default_audience           text         NOT NULL,
    secret_hash                varchar(64),
    previous_secret_hash       varchar(64),
    previous_secret_expires_at bigint       NOT NULL DEFAULT 0,
    registration_token_hash    varchar(64),
    client_id_issued_at        bigint       NOT NULL,
    updated_at                 bigint       NOT NULL
);

CREATE INDEX clients_software_id_idx ON clients (software_id);
