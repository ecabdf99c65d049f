package dev.yocto.resources.compute.site;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.data.buckets.BucketNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

/**
 * Keeps the site bucket equal to the web directory's {@code dist/} as it is (provision's artifacts
 * stage builds it first when stale, {@link WebDist}): uploads only new or changed files, with their content type and cache lifetime
 * ({@link ContentHeaders}) and Content-MD5; deletes stale keys; and when {@code index.html} changes,
 * invalidates {@code /index.html} on the site distribution.
 *
 * <p>Files are compared by MD5: the ETag of a single-part upload to a bucket encrypted with SSE-S3
 * (as the site bucket is) is the MD5 of its content. A change of headers alone (say, of the
 * cache-control rules) is not seen; it takes a change of content.
 *
 * <p>The invalidation is observable, so a run that died after uploading {@code index.html} but before
 * invalidating it is finished by the next: {@code index.html} is uploaded with the tag
 * {@value #UPLOAD_TAG} (a token of that upload), and once the invalidation is made it also gets
 * {@value #INVALIDATED_TAG} with the same token. The invalidation's CallerReference is
 * {@code index.html-<token>}, so a repeated attempt for one upload is the same invalidation in
 * AWS. (Listing the distribution's invalidations would not do: their summaries carry no
 * CallerReference, and CloudFront keeps them only for the current and previous billing period.)
 * A run without changes reads the listing and the tags of {@code index.html}, and changes nothing.
 */
public final class SiteContentKind implements Kind<SiteContentKind.Settings> {

    public static final String ID = "s3:site-content";
    public static final SiteContentKind KIND = new SiteContentKind();
    static final String UPLOAD_TAG = "yocto:upload";
    static final String INVALIDATED_TAG = "yocto:invalidated";
    private static final String INDEX = Manifest.INDEX;
    private static final int DELETE_BATCH = 1000;

    /**
     * @param webDir         absolute: the directory with {@code package.json} and {@code dist/}
     * @param bucketName     the site bucket
     * @param distributionId the site distribution, where {@code index.html} is invalidated
     */
    public record Settings(String webDir, Ref<String> bucketName, Ref<String> distributionId) {
    }

    /** What the bucket holds: its files, and the tags of its {@code index.html}. */
    private record StoredSite(Manifest manifest, Map<String, String> indexTags) {

        static final StoredSite EMPTY = new StoredSite(Manifest.of(Map.of()), Map.of());

        Optional<String> uploadToken() {
            return Optional.ofNullable(indexTags.get(UPLOAD_TAG));
        }

        boolean indexInvalidated() {
            return uploadToken().filter(token -> token.equals(indexTags.get(INVALIDATED_TAG))).isPresent();
        }
    }

    private SiteContentKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    /** Present when the bucket holds at least one object; its id is the bucket's name. */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        String name = knownId.orElseGet(() -> BucketNames.of(context, SiteBucket.PURPOSE));
        return stored(context, name).filter(stored -> stored.manifest().size() > 0)
                .map(stored -> live(name, stored.manifest(), stored.indexInvalidated()));
    }

    private static Live live(String name, Manifest manifest, boolean indexInvalidated) {
        return Live.of(name, Map.of("bucket", name, "files", String.valueOf(manifest.size()),
                        "indexMd5", manifest.indexMd5().orElse("")),
                Map.of("files", manifest.summary(), "indexInvalidation", indexState(manifest, indexInvalidated)));
    }

    private static String indexState(Manifest manifest, boolean invalidated) {
        return manifest.indexMd5().map(md5 -> INDEX + " " + md5 + (invalidated ? " invalidated" : " not invalidated"))
                .orElse("no " + INDEX);
    }

    /** Read once per run: observe reads it, and update works from what was observed. */
    private static Optional<StoredSite> stored(Context context, String name) {
        return context.listing("s3:site-content:" + name, () -> read(context.aws().s3(), name));
    }

    private static Optional<StoredSite> read(S3Client s3, String name) {
        try {
            Map<String, String> md5ByKey = s3.listObjectsV2Paginator(r -> r.bucket(name)).contents().stream()
                    .collect(Collectors.toMap(S3Object::key, object -> object.eTag().replace("\"", "")));
            Map<String, String> indexTags = md5ByKey.containsKey(INDEX)
                    ? s3.getObjectTagging(r -> r.bucket(name).key(INDEX)).tagSet().stream()
                    .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a))
                    : Map.of();
            return Optional.of(new StoredSite(Manifest.of(md5ByKey), indexTags));
        } catch (NoSuchBucketException e) {
            return Optional.empty();
        }
    }

    /** The built site as it is (provision's artifacts stage built it when stale, {@link WebDist}); once per run. */
    private static SiteFiles local(Context context, Desired<Settings> desired) {
        String webDir = desired.settings().webDir();
        return context.listing("site-files:" + webDir, () -> {
            Path web = Path.of(webDir);
            requireDirectory(desired.address(), web);
            SiteFiles files = SiteFiles.scan(web.resolve(WebBuild.DIST));
            if (files.manifest().size() == 0) {
                throw new ResourceException(desired.address(), web.resolve(WebBuild.DIST) + " holds no files; build "
                        + "the frontend (npm run build) or remove dist/ so that yocto builds it");
            }
            return files;
        });
    }

    private static void requireDirectory(Address address, Path web) {
        if (!java.nio.file.Files.isDirectory(web.resolve(WebBuild.DIST))) {
            throw new ResourceException(address, "the web build " + web.resolve(WebBuild.DIST) + " does not exist: "
                    + "'yocto provision' builds it (npm ci, npm run build), or set web.dir in yocto.yaml to the "
                    + "frontend's directory");
        }
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        Path dist = Path.of(desired.settings().webDir()).resolve(WebBuild.DIST);
        if (!java.nio.file.Files.isRegularFile(dist.resolve(INDEX))) {
            // plan and status never build: the files are known once provision has built them.
            String unbuilt = dist + " not built yet (provision builds it)";
            return Map.of("files", unbuilt, "indexInvalidation", unbuilt);
        }
        Manifest manifest = local(context, desired).manifest();
        return Map.of("files", manifest.summary(), "indexInvalidation", indexState(manifest, true));
    }

    /**
     * As the default, with how many files would be uploaded and deleted. Where the web directory is
     * absent (a directory with only {@code yocto.yaml}: a CI runner, a teammate with the state but not
     * the code) the deployed files are what is wanted: only a pending invalidation of the deployed
     * {@code index.html} differs, and the output says so.
     */
    @Override
    public List<Difference> diff(Context context, Desired<Settings> desired, Live live) {
        Path web = Path.of(desired.settings().webDir());
        if (!java.nio.file.Files.isDirectory(web)) {
            Manifest deployed = stored(context, live.physicalId()).orElse(StoredSite.EMPTY).manifest();
            context.report(desired.address(), "no web directory at " + web + ": compared with the deployed site ("
                    + deployed.size() + " files in " + live.physicalId() + ")");
            String invalidated = indexState(deployed, true);
            String actual = live.observed().get("indexInvalidation");
            return invalidated.equals(actual) ? List.of()
                    : List.of(new Difference("indexInvalidation", invalidated, actual, false));
        }
        List<Difference> differences = Kind.super.diff(context, desired, live);
        if (differences.stream().noneMatch(d -> d.field().equals("files"))
                || !java.nio.file.Files.isDirectory(Path.of(desired.settings().webDir()).resolve(WebBuild.DIST))) {
            return differences;
        }
        Manifest.Changes changes = local(context, desired).manifest()
                .changesFrom(stored(context, live.physicalId()).orElse(StoredSite.EMPTY).manifest());
        return differences.stream().map(d -> d.field().equals("files")
                ? new Difference(d.field(), d.desired() + " (" + changes.describe() + ")", d.live(), d.replace())
                : d).toList();
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        return sync(context, desired, context.value(desired.settings().bucketName()));
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        return sync(context, desired, live.physicalId());
    }

    private static Live sync(Context context, Desired<Settings> desired, String name) {
        S3Client s3 = context.aws().s3();
        Address address = desired.address();
        SiteFiles local = local(context, desired);
        Manifest manifest = local.manifest();
        StoredSite stored = stored(context, name).orElse(StoredSite.EMPTY);
        Manifest.Changes changes = manifest.changesFrom(stored.manifest());
        if (!changes.isEmpty()) {
            context.report(address, "syncing " + local.dist() + " to " + name + ": " + changes.describe());
        }
        Optional<String> uploadToken = changes.uploadsIndex()
                ? Optional.of(newToken(manifest.indexMd5().orElseThrow())) : Optional.empty();
        for (String key : changes.uploads()) {
            upload(s3, name, key, local.path(key), manifest.md5ByKey().get(key),
                    key.equals(INDEX) ? uploadToken : Optional.empty());
        }
        deleteKeys(address, s3, name, changes.deletions());
        Optional<String> indexMd5 = manifest.indexMd5();
        if (indexMd5.isPresent() && (changes.uploadsIndex() || !stored.indexInvalidated())) {
            String token = uploadToken.or(stored::uploadToken).orElseGet(() -> newToken(indexMd5.get()));
            invalidateIndex(context, address, context.value(desired.settings().distributionId()), s3, name, token);
        }
        return live(name, manifest, true);
    }

    /** Unique per upload: reverting index.html to an earlier content is a new upload and a new invalidation. */
    private static String newToken(String md5) {
        return md5 + "-" + System.currentTimeMillis();
    }

    private static void upload(S3Client s3, String name, String key, Path file, String md5, Optional<String> token) {
        String contentMd5 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(md5));
        s3.putObject(r -> {
            r.bucket(name).key(key).contentType(ContentHeaders.contentType(key))
                    .cacheControl(ContentHeaders.cacheControl(key)).contentMD5(contentMd5);
            token.ifPresent(t -> r.tagging(Tagging.builder().tagSet(tag(UPLOAD_TAG, t)).build()));
        }, RequestBody.fromFile(file));
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static void invalidateIndex(Context context, Address address, String distributionId, S3Client s3,
                                        String name, String token) {
        String invalidation = context.aws().cloudFront().createInvalidation(r -> r.distributionId(distributionId)
                .invalidationBatch(b -> b.callerReference(INDEX + "-" + token)
                        .paths(p -> p.quantity(1).items("/" + INDEX)))).invalidation().id();
        context.report(address, "invalidated /" + INDEX + " on distribution " + distributionId + " (" + invalidation
                + ")");
        s3.putObjectTagging(r -> r.bucket(name).key(INDEX).tagging(t -> t.tagSet(tag(UPLOAD_TAG, token),
                tag(INVALIDATED_TAG, token))));
    }

    private static void deleteKeys(Address address, S3Client s3, String name, List<String> keys) {
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build()).toList();
            var response = s3.deleteObjects(r -> r.bucket(name).delete(d -> d.objects(batch).quiet(true)));
            if (!response.errors().isEmpty()) {
                var first = response.errors().get(0);
                throw new ResourceException(address, "deleting " + response.errors().size() + " stale files from "
                        + name + " failed, e.g. " + first.key() + ": " + first.code() + " " + first.message());
            }
        }
    }

    /** Deletes every object; the bucket's own delete removes any older versions. */
    @Override
    public void delete(Context context, Address address, Live live) {
        S3Client s3 = context.aws().s3();
        String name = live.physicalId();
        context.forgetListings("s3:site-content:" + name);
        try {
            List<String> keys = new ArrayList<>();
            s3.listObjectsV2Paginator(r -> r.bucket(name)).contents().forEach(object -> keys.add(object.key()));
            deleteKeys(address, s3, name, keys);
            if (!keys.isEmpty()) {
                context.report(address, "deleted " + keys.size() + " files from " + name);
            }
        } catch (NoSuchBucketException e) {
            // the bucket is gone, and its content with it
        }
    }
}
