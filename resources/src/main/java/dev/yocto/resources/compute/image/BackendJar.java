package dev.yocto.resources.compute.image;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Artifact;
import dev.yocto.resources.api.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The jar the backend's Dockerfile copies, made by Maven when missing or older than its sources. */
public record BackendJar(Address address, Path module, String artifact) implements Artifact {

    @Override
    public String name() {
        return "backend jar " + module.resolve(artifact);
    }

    @Override
    public boolean sourcesPresent() {
        return Files.isDirectory(module);
    }

    @Override
    public Optional<String> staleReason() {
        if (!Files.isDirectory(module)) {
            return Optional.of("the build context " + module + " does not exist");
        }
        return MavenArtifact.staleness(module, module.resolve(artifact));
    }

    @Override
    public void build(Context context) {
        MavenArtifact.ensureFresh(module, artifact, message -> context.report(address, message));
    }
}
