package dev.yocto.resources.compute.site;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Artifact;
import dev.yocto.resources.api.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The frontend's {@code dist/}, built with npm when missing or older than its sources. */
public record WebDist(Address address, Path web) implements Artifact {

    @Override
    public String name() {
        return "web build " + web.resolve(WebBuild.DIST);
    }

    @Override
    public boolean sourcesPresent() {
        return Files.isDirectory(web);
    }

    @Override
    public Optional<String> staleReason() {
        if (!Files.isDirectory(web)) {
            return Optional.of("the web directory " + web + " does not exist");
        }
        return WebBuild.staleReason(web);
    }

    @Override
    public void build(Context context) {
        new WebBuild().ensureBuilt(context, address, web);
    }
}
