package dev.yocto.resources.data.secrets;

import dev.yocto.resources.api.Context;

/**
 * Makes a secret's first value; it is generated once, at creation, and never again by a re-run.
 * Implementations are records: they are part of the secret's settings.
 */
public interface SecretValue {

    String generate(Context context);
}
