-- Users (OIDC Core §5.1 standard claims) and remembered consents, owned by authorize-service.
CREATE TABLE users (
    subject               VARCHAR(64)  PRIMARY KEY,
    username              VARCHAR(255) NOT NULL,
    password_hash         VARCHAR(255),
    enabled               BOOLEAN      NOT NULL DEFAULT TRUE,
    email                 VARCHAR(320),
    email_verified        BOOLEAN      NOT NULL DEFAULT FALSE,
    name                  VARCHAR(255),
    given_name            VARCHAR(255),
    family_name           VARCHAR(255),
    middle_name           VARCHAR(255),
    nickname              VARCHAR(255),
    preferred_username    VARCHAR(255),
    profile               VARCHAR(2048),
    picture               VARCHAR(2048),
    website               VARCHAR(2048),
    gender                VARCHAR(64),
    birthdate             VARCHAR(10),
    zoneinfo              VARCHAR(64),
    locale                VARCHAR(35),
    phone_number          VARCHAR(64),
    phone_number_verified BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ  NOT NULL DEFAULT now()
);
-- Usernames are unique regardless of case, so "Alice" and "alice" are one account.
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));

-- A user's remembered consent to a client, per OIDC Core §3.1.2.4: the scopes granted.
CREATE TABLE consents (
    subject    VARCHAR(64)  NOT NULL REFERENCES users (subject) ON DELETE CASCADE,
    client_id  VARCHAR(255) NOT NULL,
    scope      TEXT         NOT NULL,
    granted_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (subject, client_id)
);
