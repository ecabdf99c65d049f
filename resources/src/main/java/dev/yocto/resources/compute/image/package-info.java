/**
 * The backend image pipeline (DESIGN §6, compute): build {@code app/} for {@code linux/arm64} with
 * docker-java, tag it with a content hash, push it to the stack's ECR repository with credentials
 * from GetAuthorizationToken, and hand the task definition the image by digest.
 *
 * <ul>
 *   <li><b>Tag</b>: the first 32 hex digits of a SHA-256 over the platform, the build arguments and
 *       each file the context's {@code .dockerignore} lets through (path, executable bit, bytes;
 *       never times) plus the Dockerfile ({@link BuildContext}). The same bytes are what the daemon
 *       receives: yocto writes the context tar itself.</li>
 *   <li><b>No change, no work</b>: observe asks the registry ({@code HEAD /v2/<repo>/manifests/<tag>},
 *       the ECR token as HTTP Basic credentials), so an unchanged context costs one
 *       GetAuthorizationToken and one HEAD: no build, no push. A changed context is an update of
 *       {@code compute/image}; the previous image stays for the tasks that still run it.</li>
 *   <li><b>The jar</b>: {@code app/target/app.jar} is rebuilt first when it is missing or older than
 *       {@code app/pom.xml}, the root {@code pom.xml} or any file under {@code app/src/main}, with
 *       {@code mvn -B -q -pl app -am package -Dmaven.test.skip=true} from the root (about 20 s on
 *       two cores), in provision's artifacts stage ({@link BackendJar}); plan and status only say
 *       it would be rebuilt and hash the jar as it is. Without Maven the error gives the command
 *       ({@link MavenArtifact}).</li>
 *   <li><b>Environment</b>: {@code DOCKER_HOST} (and the Docker CLI's other settings) selects the
 *       daemon; {@code YOCTO_REGISTRY} ({@code host[:port]}, or with {@code http://}/{@code https://};
 *       loopback hosts speak plain HTTP, as Docker assumes) replaces the repository's registry;
 *       {@code YOCTO_BASE_IMAGE} sets the Dockerfile's {@code BASE_IMAGE} argument.</li>
 *   <li><b>Emulator</b>: moto's ECR has no registry behind it, so images go to
 *       {@code 127.0.0.1:5000} ({@code Emulation.imageRegistry}; {@code .ci/setup-docker} starts
 *       one) and are deleted there through the registry API; on ECR teardown uses BatchDeleteImage.
 *       Without a daemon or that registry, an emulator run yields a labelled placeholder reference
 *       ({@code Emulation.placeholderImageWithoutDocker}); against AWS that is an error.</li>
 *   <li><b>Failures</b> say what to do: no daemon (where yocto looked, how to start one or set
 *       {@code DOCKER_HOST}), a failed build (the failing step and its output), a refused push (the
 *       registry's message), an unreachable registry, a failed jar build (Maven's output).</li>
 * </ul>
 */
package dev.yocto.resources.compute.image;
