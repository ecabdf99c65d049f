package dev.yocto.resources.data.secrets;

import dev.yocto.resources.api.Context;

/** Makes a secret's first value; it is generated once, at creation, and never again by a re-run. */
@FunctionalInterface
public interface SecretValue {

    String generate(Context context);
}
