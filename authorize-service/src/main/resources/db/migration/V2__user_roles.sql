-- The admin roles a person holds (dev.portcullis.rules.admin.AdminRole values, space-separated):
-- they decide which admin scopes a token issued to that person through the code flow may carry.
ALTER TABLE users ADD COLUMN roles VARCHAR(255) NOT NULL DEFAULT '';
