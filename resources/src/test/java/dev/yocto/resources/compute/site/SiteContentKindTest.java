package dev.yocto.resources.compute.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.data.buckets.BucketKind;
import dev.yocto.resources.data.cdn.DistributionKind;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.NotOnLocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The site sync on the emulator, from a small built site (dist/ newer than its sources, so no npm
 * runs): what lands in the bucket with which headers, what a second run does (nothing), and which
 * single changes follow a change of one file, including a run that dies before its invalidation.
 */
@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("the content sync invalidates a CloudFront distribution; CloudFront answers 501 on LocalStack's community runtime")
class SiteContentKindTest {

    private static final Instant SOURCES = Instant.now().minusSeconds(3600);
    private static final List<String> KEYS = List.of("assets/app-1a2b3c4d.js", "assets/style-5e6f7a8b.css",
            "favicon.ico", "index.html");

    @TempDir
    Path web;

    private final AwsEmulator emulator;
    private SiteStack site;
    private Desired<SiteContentKind.Settings> content;
    private S3Client s3;
    private CloudFrontClient cloudFront;

    SiteContentKindTest(AwsEmulator emulator) {
        this.emulator = emulator;
    }

    @BeforeEach
    void builtSiteAndItsBucket(TestInfo test) throws IOException {
        write("src/main.tsx", "createRoot(document.getElementById('root')!)", SOURCES);
        write("package.json", "{\"name\":\"fixture\"}", SOURCES);
        write("index.html", "<div id=root></div>", SOURCES);
        write("dist/assets/app-1a2b3c4d.js", "console.log('app')", null);
        write("dist/assets/style-5e6f7a8b.css", "body{margin:0}", null);
        write("dist/favicon.ico", "icon", null);
        write("dist/index.html", "<script src=/assets/app-1a2b3c4d.js></script>", null);
        String stack = "site" + Integer.toHexString(test.getDisplayName().hashCode() & 0xfffff);
        site = new SiteStack(emulator, stack).converge();
        // The kind never builds: it reads dist/ as it is.
        content = Desired.of(ComputeLayer.SITE_CONTENT, SiteContentKind.KIND, new SiteContentKind.Settings(
                web.toString(), BucketKind.NAME.of(ComputeLayer.SITE_BUCKET),
                DistributionKind.DISTRIBUTION_ID.of(ComputeLayer.SITE_DISTRIBUTION)));
        s3 = site.aws.s3();
        cloudFront = site.aws.cloudFront();
    }

    @Test
    void converge_uploadsDist_withContentTypesAndCacheHeaders_andInvalidatesIndex() {
        Live live = Runs.converge(site.context(), content, Optional.empty());

        assertThat(objects().keySet()).containsExactlyElementsOf(KEYS);
        assertHeaders("index.html", "text/html; charset=utf-8", "no-cache");
        assertHeaders("assets/app-1a2b3c4d.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable");
        assertHeaders("assets/style-5e6f7a8b.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable");
        assertHeaders("favicon.ico", "image/x-icon", "public, max-age=300");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket()).key("index.html")).asString(StandardCharsets.UTF_8))
                .isEqualTo("<script src=/assets/app-1a2b3c4d.js></script>");
        assertThat(indexInvalidations()).as("one invalidation of /index.html").hasSize(1);
        assertThat(live.physicalId()).isEqualTo(bucket());
        assertThat(live.attributes()).containsEntry("files", "4")
                .containsEntry("indexMd5", SiteFiles.md5(web.resolve("dist/index.html")));
    }

    @Test
    void secondConverge_uploadsNothing_andMakesNoMutatingCall_withTwoReads() {
        Runs.converge(site.context(), content, Optional.empty());
        CallLog log = new CallLog();

        Live again = Runs.converge(site.context(log), content, Optional.of(bucket()));

        assertThat(log.mutating()).as("mutating calls of a run without changes").isEmpty();
        assertThat(log.operations).containsExactly("ListObjectsV2", "GetObjectTagging");
        assertThat(again.attributes()).containsEntry("files", "4");
        assertThat(indexInvalidations()).hasSize(1);
    }

    @Test
    void changingOneFile_uploadsOnlyThatFile_withoutAnInvalidation() throws IOException {
        Runs.converge(site.context(), content, Optional.empty());
        Files.writeString(web.resolve("dist/favicon.ico"), "another icon");
        CallLog log = new CallLog();

        Context context = site.context(log);
        Live live = Runs.observe(context, content, Optional.of(bucket())).orElseThrow();
        List<Difference> differences = Runs.diff(context, content, live);
        assertThat(differences).extracting(Difference::field).containsExactly("files");
        assertThat(differences.get(0).desired()).startsWith("4 files, digest ").endsWith("(1 to upload, 0 to delete)");
        Runs.update(context, content, live, differences);

        assertThat(log.putKeys).containsExactly("favicon.ico");
        assertThat(log.mutating()).containsExactly("PutObject");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket()).key("favicon.ico")).asUtf8String())
                .isEqualTo("another icon");
        assertThat(indexInvalidations()).hasSize(1);
    }

    @Test
    void changingIndex_uploadsIt_andCreatesOneInvalidationOfIndex() throws IOException {
        Runs.converge(site.context(), content, Optional.empty());
        Files.writeString(web.resolve("dist/index.html"), "<script src=/assets/app-9f8e7d6c.js></script>");
        CallLog log = new CallLog();

        Runs.converge(site.context(log), content, Optional.of(bucket()));

        assertThat(log.putKeys).containsExactly("index.html");
        assertThat(log.count("CreateInvalidation")).isEqualTo(1);
        assertThat(indexInvalidations()).as("the first sync's and this one's").hasSize(2)
                .allSatisfy(paths -> assertThat(paths).containsExactly("/index.html"));
        CallLog after = new CallLog();
        Runs.converge(site.context(after), content, Optional.of(bucket()));
        assertThat(after.mutating()).isEmpty();
    }

    @Test
    void removedLocalFile_isDeletedFromTheBucket() throws IOException {
        Runs.converge(site.context(), content, Optional.empty());
        Files.delete(web.resolve("dist/assets/style-5e6f7a8b.css"));
        CallLog log = new CallLog();

        Runs.converge(site.context(log), content, Optional.of(bucket()));

        assertThat(objects().keySet()).containsExactly("assets/app-1a2b3c4d.js", "favicon.ico", "index.html");
        assertThat(log.mutating()).containsExactly("DeleteObjects");
    }

    @Test
    void crashAfterIndexUpload_beforeTheInvalidation_nextConvergeInvalidates() throws IOException {
        Runs.converge(site.context(), content, Optional.empty());
        Files.writeString(web.resolve("dist/index.html"), "<p>new</p>");
        CallLog crashing = CallLog.failing("CreateInvalidation");

        assertThatThrownBy(() -> Runs.converge(site.context(crashing), content, Optional.of(bucket())))
                .hasMessageContaining("injected failure of CreateInvalidation");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket()).key("index.html")).asUtf8String())
                .as("index.html was uploaded before the crash").isEqualTo("<p>new</p>");
        assertThat(indexInvalidations()).hasSize(1);

        CallLog log = new CallLog();
        Context context = site.context(log);
        Live live = Runs.observe(context, content, Optional.of(bucket())).orElseThrow();
        List<Difference> differences = Runs.diff(context, content, live);
        assertThat(differences).extracting(Difference::field).containsExactly("indexInvalidation");
        assertThat(differences.get(0).live()).endsWith(" not invalidated");
        Runs.update(context, content, live, differences);

        assertThat(log.putKeys).as("nothing uploaded again").isEmpty();
        assertThat(log.mutating()).containsExactly("CreateInvalidation", "PutObjectTagging");
        assertThat(indexInvalidations()).hasSize(2);
        CallLog after = new CallLog();
        Runs.converge(site.context(after), content, Optional.of(bucket()));
        assertThat(after.mutating()).isEmpty();
    }

    @Test
    void delete_removesEveryObject() {
        Live live = Runs.converge(site.context(), content, Optional.empty());

        Runs.delete(site.context(), content, live);

        assertThat(objects()).isEmpty();
        assertThat(Runs.observe(site.context(), content, Optional.of(bucket()))).isEmpty();
        Runs.delete(site.context(), content, live);
    }

    @Test
    void observe_withoutTheBucket_isAbsent() {
        assertThat(Runs.observe(site.context(), content, Optional.of("no-such-bucket-" + site.stack))).isEmpty();
    }

    private String bucket() {
        return site.bucketLive.physicalId();
    }

    private Map<String, String> objects() {
        return s3.listObjectsV2Paginator(r -> r.bucket(bucket())).contents().stream()
                .collect(Collectors.toMap(S3Object::key, S3Object::eTag, (a, b) -> a, java.util.TreeMap::new));
    }

    private void assertHeaders(String key, String contentType, String cacheControl) {
        HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket()).key(key));
        assertThat(head.contentType()).as(key + " content type").isEqualTo(contentType);
        assertThat(head.cacheControl()).as(key + " cache control").isEqualTo(cacheControl);
        assertThat(head.eTag()).as(key + " ETag is its MD5").isEqualTo("\"" + SiteFiles.md5(web.resolve("dist")
                .resolve(key)) + "\"");
    }

    /** The paths of every invalidation of the site distribution. */
    private List<List<String>> indexInvalidations() {
        String id = site.distributionLive.physicalId();
        var list = cloudFront.listInvalidations(r -> r.distributionId(id)).invalidationList();
        if (list.items() == null) {
            return List.of();
        }
        return list.items().stream().map(summary -> cloudFront.getInvalidation(r -> r.distributionId(id)
                .id(summary.id())).invalidation().invalidationBatch().paths().items()).toList();
    }

    private void write(String relative, String text, Instant modified) throws IOException {
        Path file = web.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        if (modified != null) {
            Files.setLastModifiedTime(file, FileTime.from(modified));
        }
    }
}
