package dev.yocto.resources.dns;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
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
public final class CertificateKind implements Kind<CertificateKind.Settings> {

    public static final String ID = "acm:certificate";
    public static final CertificateKind KIND = new CertificateKind();
    public static final Output<String> ARN = Output.attribute(ID, "arn");

    private static final Duration VALIDATION_TIMEOUT = Duration.ofMinutes(45);
    private static final Duration RECORDS_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration IN_USE_TIMEOUT = Duration.ofMinutes(30);
    private static final long VALIDATION_TTL = 300;
    private static final Set<CertificateStatus> UNUSABLE = Set.of(CertificateStatus.FAILED,
            CertificateStatus.VALIDATION_TIMED_OUT, CertificateStatus.EXPIRED, CertificateStatus.REVOKED,
            CertificateStatus.INACTIVE);

    /**
     * @param zoneId      the stack's zone, where the validation records go
     * @param nameServers the zone's, for the hint when validation does not finish
     * @param delegation  the NS record yocto writes in the parent zone (parentZoneId), when it does:
     *                    validation can only succeed after it
     */
    public record Settings(String region, String domain, List<String> alternativeNames, Ref<String> zoneId,
                           Ref<String> nameServers, Optional<Ref<String>> delegation) {

        public Settings {
            alternativeNames = List.copyOf(alternativeNames);
        }
    }

    private CertificateKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    private static AcmClient acm(Context context, String region) {
        return context.aws().acm(Region.of(region));
    }

    /** Without settings (an orphan), the region is the one in its ARN. */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        String region = settings.map(Settings::region).orElseGet(() -> knownId.orElseThrow().split(":")[3]);
        AcmClient acm = acm(context, region);
        return knownId.flatMap(arn -> describe(acm, arn))
                .or(() -> settings.flatMap(s -> findByTags(context, acm, address, s.domain())))
                .map(certificate -> live(certificate, region));
    }

    private static Optional<CertificateDetail> describe(AcmClient acm, String arn) {
        try {
            return Optional.of(acm.describeCertificate(r -> r.certificateArn(arn)).certificate());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Optional<CertificateDetail> findByTags(Context context, AcmClient acm, Address address,
                                                          String domain) {
        for (CertificateSummary summary : acm.listCertificatesPaginator(r -> { }).certificateSummaryList()) {
            if (!domain.equalsIgnoreCase(summary.domainName())) {
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

    private static Live live(CertificateDetail certificate, String region) {
        Set<String> names = new TreeSet<>(certificate.subjectAlternativeNames());
        names.add(certificate.domainName());
        String validation = validationRecords(certificate).stream().map(CertificateKind::recordText)
                .sorted().collect(Collectors.joining(","));
        return new Live(certificate.certificateArn(), certificate.certificateArn(),
                Map.of("arn", certificate.certificateArn(), "region", region),
                Map.of("names", String.join(",", names), "status", certificate.statusAsString(),
                        "validationRecords", validation));
    }

    private static String recordText(ResourceRecordSet set) {
        return ZoneRecords.bare(set.name()).toLowerCase() + "=" + String.join("", ZoneRecords.values(set));
    }

    /**
     * Requests the certificate with a token of its own: for an hour ACM treats every request with
     * the same token as the one certificate it issued for it
     * (https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html), and moto
     * answers it with that certificate's ARN even after it was deleted. A token derived from the
     * stack (or from its zone, which teardown now keeps) would therefore break a provision within
     * the hour after a teardown. The SDK's retries of this one request send the same token, and a
     * certificate whose answer was lost is found again by its tags (observe).
     */
    @Override
    public Live create(Context context, Desired<Settings> desired) {
        Settings settings = desired.settings();
        Address address = desired.address();
        AcmClient acm = acm(context, settings.region());
        String arn = acm.requestCertificate(r -> r.domainName(settings.domain())
                .subjectAlternativeNames(settings.alternativeNames()).validationMethod(ValidationMethod.DNS)
                .idempotencyToken(UUID.randomUUID().toString().replace("-", ""))
                .tags(context.tags(address).entrySet().stream()
                        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()))
                .certificateArn();
        Poll.until(context, address, "certificate " + arn + " to be readable (ACM is eventually consistent)",
                RECORDS_TIMEOUT, () -> describe(acm, arn));
        return validate(context, desired, arn);
    }

    /** Writes the validation records into the zone and waits until ACM has issued the certificate. */
    private static Live validate(Context context, Desired<Settings> desired, String arn) {
        Settings settings = desired.settings();
        Address address = desired.address();
        AcmClient acm = acm(context, settings.region());
        CertificateDetail pending = Poll.until(context, address, "ACM to publish the validation records of " + arn,
                RECORDS_TIMEOUT, () -> describe(acm, arn).filter(CertificateKind::recordsPublished));
        ZoneRecords.upsert(context.aws().route53(), context.value(settings.zoneId()), validationRecords(pending));
        String hint = DelegationKind.instructions(settings.domain(), context.value(settings.nameServers()));
        if (pending.status() != CertificateStatus.ISSUED) {
            context.report(address, "waiting for DNS validation of " + settings.domain()
                    + (settings.delegation().isPresent() ? "" : "; if it does not finish, " + hint));
        }
        String what = "certificate " + arn + " to be issued by DNS validation (when it is not, the usual cause is "
                + "that " + settings.domain() + " is not delegated to the stack's zone yet: " + hint + ")";
        CertificateDetail issued = Poll.until(context, address, what, VALIDATION_TIMEOUT, () -> {
            CertificateDetail current = describe(acm, arn).orElseThrow(() ->
                    new ResourceException(address, "certificate " + arn + " disappeared while validating"));
            if (UNUSABLE.contains(current.status())) {
                throw new ResourceException(address, "certificate " + arn + " is " + current.statusAsString()
                        + (current.failureReason() == null ? "" : " (" + current.failureReasonAsString() + ")")
                        + "; " + hint);
            }
            return Optional.of(current).filter(c -> c.status() == CertificateStatus.ISSUED);
        });
        return live(issued, settings.region());
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

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        Set<String> names = new TreeSet<>(desired.settings().alternativeNames());
        names.add(desired.settings().domain());
        return Map.of("names", String.join(",", names), "status", CertificateStatus.ISSUED.toString());
    }

    /**
     * Names, status, and whether the zone still holds the validation records ACM asks for (renewal
     * needs them). A pending certificate or missing records are finished in place; a failed or
     * expired certificate, or other names, need a new one.
     */
    @Override
    public List<Difference> diff(Context context, Desired<Settings> desired, Live live) {
        List<Difference> differences = new ArrayList<>();
        for (Difference difference : Kind.super.diff(context, desired, live)) {
            boolean pending = difference.field().equals("status")
                    && CertificateStatus.PENDING_VALIDATION.toString().equals(difference.live());
            differences.add(pending ? difference : new Difference(difference.field(), difference.desired(),
                    difference.live(), true));
        }
        String wanted = live.observed().getOrDefault("validationRecords", "");
        if (!wanted.isEmpty()) {
            Set<String> inZone = ZoneRecords.all(context.aws().route53(), context.value(desired.settings().zoneId()))
                    .stream().filter(set -> set.type() == RRType.CNAME).map(CertificateKind::recordText)
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
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        return validate(context, desired, live.physicalId());
    }

    /** ACM refuses while CloudFront or a load balancer still uses it; they let go within minutes. */
    @Override
    public void delete(Context context, Address address, Live live) {
        AcmClient acm = acm(context, live.attribute("region"));
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
