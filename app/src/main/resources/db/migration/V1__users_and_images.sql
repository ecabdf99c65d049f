CREATE TABLE users (
    id            uuid PRIMARY KEY,
    username      varchar(32)  NOT NULL,
    email         varchar(254) NOT NULL,
    password_hash varchar(100) NOT NULL,
    bio           varchar(500) NOT NULL DEFAULT '',
    created_at    timestamptz  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_unique ON users (lower(username));
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));

CREATE TABLE images (
    id           uuid PRIMARY KEY,
    owner_id     uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    is_public    boolean      NOT NULL,
    s3_key       varchar(200) NOT NULL,
    content_type varchar(50),
    uploaded     boolean      NOT NULL DEFAULT false,
    created_at   timestamptz  NOT NULL DEFAULT now()
);
-- The latest feed: public uploaded images, newest first, paged by created_at.
CREATE INDEX images_public_feed ON images (created_at DESC, id DESC) WHERE uploaded AND is_public;
-- A user's own images (their private ones join the latest feed; by_user pages over them).
CREATE INDEX images_owner_feed ON images (owner_id, created_at DESC, id DESC) WHERE uploaded;
