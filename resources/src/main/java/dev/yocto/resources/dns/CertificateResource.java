package dev.yocto.resources.dns;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.acm.model.ResourceInUseException;
import software.amazon.awssdk.services.acm.model.ResourceNotFoundException;
import software.amazon.awssdk.services.acm.model.Tag;
import software.amazon.awssdk.services.acm.model.ValidationMethod;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * An ACM certificate for the domain and its wildcards, validated by DNS records that it writes into
 * the stack's zone; usable once ISSUED, which needs the zone to be delegated.
 */
public final class CertificateResource implements Resource {

    private static final Duration VALIDATION_TIMEOUT = Duration.ofMinutes(45);
    private static final Duration RECORDS_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration IN_USE_TIMEOUT = Duration.ofMinutes(30);
    private static final long VALIDATION_TTL = 300;
    private static final Set<CertificateStatus> UNUSABLE = Set.of(CertificateStatus.FAILED,
            CertificateStatus.VALIDATION_TIMED_OUT, CertificateStatus.EXPIRED, CertificateStatus.REVOKED,
            CertificateStatus.INACTIVE);

    /** {@code delegated} is true when yocto writes the delegation itself (parentZoneId). */
    public record Settings(String region, String domain, List<String> alternativeNames, boolean delegated) {
    }

    private final Address address;
    private final Settings settings;

    public CertificateResource(Address address, String region, String domain, List<String> alternativeNames,
                               boolean delegated) {
        this.address = address;
        this.settings = new Settings(region, domain, List.copyOf(alternativeNames), delegated);
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "acm:certificate";
    }

    @Override
    public Set<Address> dependencies() {
        return settings.delegated() ? Set.of(HostedZoneResource.ADDRESS, DelegationResource.ADDRESS)
                : Set.of(HostedZoneResource.ADDRESS);
    }

    @Override
    public Settings settings() {
        return settings;
    }

    private AcmClient acm(Context context) {
        return context.aws().acm(Region.of(settings.region()));
    }

    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        AcmClient acm = acm(context);
        return knownId.flatMap(arn -> describe(acm, arn)).or(() -> findByTags(context, acm)).map(this::live);
    }

    private static Optional<CertificateDetail> describe(AcmClient acm, String arn) {
        try {
            return Optional.of(acm.describeCertificate(r -> r.certificateArn(arn)).certificate());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<CertificateDetail> findByTags(Context context, AcmClient acm) {
        for (CertificateSummary summary : acm.listCertificatesPaginator(r -> { }).certificateSummaryList()) {
            if (!settings.domain().equalsIgnoreCase(summary.domainName())) {
                continue;
            }
            Map<String, String> tags = acm.listTagsForCertificate(r -> r.certificateArn(summary.certificateArn()))
                    .tags().stream().collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(),
                            (a, b) -> a));
            if (Tags.belongsTo(tags, context.stack(), address)) {
                return describe(acm, summary.certificateArn());
            }
        }
        return Optional.empty();
    }

    private Live live(CertificateDetail certificate) {
        Set<String> names = new TreeSet<>(certificate.subjectAlternativeNames());
        names.add(certificate.domainName());
        String validation = validationRecords(certificate).stream().map(CertificateResource::recordText)
                .sorted().collect(Collectors.joining(","));
        return new Live(certificate.certificateArn(), certificate.certificateArn(),
                Map.of("arn", certificate.certificateArn(), "region", settings.region()),
                Map.of("names", String.join(",", names), "status", certificate.statusAsString(),
                        "validationRecords", validation));
    }

    private static String recordText(ResourceRecordSet set) {
        return ZoneRecords.bare(set.name()).toLowerCase() + "=" + String.join("", ZoneRecords.values(set));
    }

    @Override
    public Live create(Context context) {
        AcmClient acm = acm(context);
        String arn = acm.requestCertificate(r -> r.domainName(settings.domain())
                .subjectAlternativeNames(settings.alternativeNames()).validationMethod(ValidationMethod.DNS)
                .idempotencyToken(idempotencyToken(context))
                .tags(context.tags(address).entrySet().stream()
                        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()))
                .certificateArn();
        Poll.until(context, address, "certificate " + arn + " to be readable (ACM is eventually consistent; if it "
                + "never is, the request token named a deleted certificate, which ACM remembers for an hour)",
                RECORDS_TIMEOUT, () -> describe(acm, arn));
        return validate(context, arn);
    }

    /**
     * The stack's token for this certificate, made distinct per hosted zone: ACM remembers a token for
     * an hour, also after the certificate is deleted, and a teardown and provision in that hour make a
     * new zone.
     */
    private String idempotencyToken(Context context) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((context.idempotencyToken(address)
                    + "|" + zoneId(context)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the validation records into the zone and waits until ACM has issued the certificate. */
    private Live validate(Context context, String arn) {
        AcmClient acm = acm(context);
        CertificateDetail pending = Poll.until(context, address, "ACM to publish the validation records of " + arn,
                RECORDS_TIMEOUT, () -> describe(acm, arn).filter(CertificateResource::recordsPublished));
        ZoneRecords.upsert(context.aws().route53(), zoneId(context), validationRecords(pending));
        if (pending.status() != CertificateStatus.ISSUED) {
            context.report(address, "waiting for DNS validation of " + settings.domain() + (settings.delegated() ? ""
                    : "; if it does not finish, " + delegationHint(context)));
        }
        String what = "certificate " + arn + " to be issued by DNS validation (when it is not, the usual cause is "
                + "that " + settings.domain() + " is not delegated to the stack's zone yet: " + delegationHint(context) + ")";
        CertificateDetail issued = Poll.until(context, address, what, VALIDATION_TIMEOUT, () -> {
            CertificateDetail current = describe(acm, arn).orElseThrow(() ->
                    new ResourceException(address, "certificate " + arn + " disappeared while validating"));
            if (UNUSABLE.contains(current.status())) {
                throw new ResourceException(address, "certificate " + arn + " is " + current.statusAsString()
                        + (current.failureReason() == null ? "" : " (" + current.failureReasonAsString() + ")")
                        + "; " + delegationHint(context));
            }
            return Optional.of(current).filter(c -> c.status() == CertificateStatus.ISSUED);
        });
        return live(issued);
    }

    private String delegationHint(Context context) {
        return DelegationResource.instructions(settings.domain(),
                context.dependency(HostedZoneResource.ADDRESS).attribute("nameServers"));
    }

    private static boolean recordsPublished(CertificateDetail certificate) {
        return !certificate.domainValidationOptions().isEmpty()
                && certificate.domainValidationOptions().stream().allMatch(option -> option.resourceRecord() != null);
    }

    /** One CNAME per distinct record: a domain and its wildcard share theirs. */
    private static List<ResourceRecordSet> validationRecords(CertificateDetail certificate) {
        Map<String, ResourceRecordSet> byName = new LinkedHashMap<>();
        for (DomainValidation option : certificate.domainValidationOptions()) {
            var record = option.resourceRecord();
            if (record == null) {
                continue;
            }
            byName.putIfAbsent(ZoneRecords.bare(record.name()).toLowerCase(), ZoneRecords.recordSet(record.name(),
                    RRType.fromValue(record.typeAsString()), VALIDATION_TTL, List.of(record.value())));
        }
        return new ArrayList<>(byName.values());
    }

    private static String zoneId(Context context) {
        return context.dependency(HostedZoneResource.ADDRESS).physicalId();
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        Set<String> names = new TreeSet<>(settings.alternativeNames());
        names.add(settings.domain());
        return Map.of("names", String.join(",", names), "status", CertificateStatus.ISSUED.toString());
    }

    /**
     * Names, status, and whether the zone still holds the validation records ACM asks for (renewal
     * needs them). A pending certificate or missing records are finished in place; a failed or
     * expired certificate, or other names, need a new one.
     */
    @Override
    public List<Difference> diff(Context context, Live live) {
        List<Difference> differences = new ArrayList<>();
        for (Difference difference : Resource.super.diff(context, live)) {
            boolean pending = difference.field().equals("status")
                    && CertificateStatus.PENDING_VALIDATION.toString().equals(difference.live());
            differences.add(pending ? difference : new Difference(difference.field(), difference.desired(),
                    difference.live(), true));
        }
        String wanted = live.observed().getOrDefault("validationRecords", "");
        if (!wanted.isEmpty()) {
            Set<String> inZone = ZoneRecords.all(context.aws().route53(), zoneId(context)).stream()
                    .filter(set -> set.type() == RRType.CNAME).map(CertificateResource::recordText)
                    .collect(Collectors.toSet());
            String present = Arrays.stream(wanted.split(",")).filter(inZone::contains)
                    .collect(Collectors.joining(","));
            if (!present.equals(wanted)) {
                differences.add(new Difference("validationRecords", wanted, present, false));
            }
        }
        return differences;
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        return validate(context, live.physicalId());
    }

    /** ACM refuses while CloudFront or a load balancer still uses it; they let go within minutes. */
    @Override
    public void delete(Context context, Live live) {
        AcmClient acm = acm(context);
        Poll.until(context, address, "certificate " + live.physicalId() + " to be released by its users",
                IN_USE_TIMEOUT, () -> {
                    try {
                        acm.deleteCertificate(r -> r.certificateArn(live.physicalId()));
                        return Optional.of(true);
                    } catch (ResourceNotFoundException e) {
                        return Optional.of(true);
                    } catch (ResourceInUseException e) {
                        return Optional.empty();
                    }
                });
    }
}
