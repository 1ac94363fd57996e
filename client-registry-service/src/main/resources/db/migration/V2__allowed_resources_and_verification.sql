-- RFC 8707 §2 resource indicators a client may request (JSON array), and whether an administrator
-- vouches for a client's name: self-registered clients start unverified. Existing clients were
-- all created or vetted by an administrator, so they stay as they are: verified, and without
-- resources (a resource indicator they send is now invalid_target until one is registered).
ALTER TABLE clients ADD COLUMN allowed_resources text NOT NULL DEFAULT '[]';
ALTER TABLE clients ADD COLUMN verified boolean NOT NULL DEFAULT true;
