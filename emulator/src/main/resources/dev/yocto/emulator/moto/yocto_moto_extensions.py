"""yocto's additions to the moto server it runs (moto 5.2.5 lacks these calls).

CloudFront response headers policies: Create, Get, GetConfig, Update, Delete and List, with AWS's
rules that yocto relies on: names unique per account, If-Match checked against the ETag on update
and delete, and a policy still attached to a distribution cannot be deleted
(ResponseHeadersPolicyInUse). Responses are serialized by moto from botocore's model, as for
moto's own CloudFront calls.

Loaded by a .pth file in moto's virtual environment, only in the moto_server process.
"""
import datetime
import os
import sys
import uuid


def _install():
    from moto.cloudfront import urls
    from moto.cloudfront.exceptions import CloudFrontException
    from moto.cloudfront.models import CloudFrontBackend
    from moto.cloudfront.responses import CloudFrontResponse
    from moto.core.responses import ActionResult, EmptyResult

    base = "{0}/2020-05-31/response-headers-policy"
    urls.url_paths[base + "$"] = CloudFrontResponse.dispatch
    urls.url_paths[base + "/(?P<policy_id>[^/]+)$"] = CloudFrontResponse.dispatch
    urls.url_paths[base + "/(?P<policy_id>[^/]+)/config$"] = CloudFrontResponse.dispatch

    def error(code, message):
        return CloudFrontException(code, message)

    def policies(backend):
        if not hasattr(backend, "yocto_response_headers_policies"):
            backend.yocto_response_headers_policies = {}
        return backend.yocto_response_headers_policies

    def find(backend, policy_id):
        policy = policies(backend).get(policy_id)
        if policy is None:
            raise error("NoSuchResponseHeadersPolicy", "The response headers policy does not exist.")
        return policy

    def check_etag(policy, if_match):
        if not if_match:
            raise error("InvalidIfMatchVersion", "The If-Match version is missing or not valid for the resource.")
        if if_match != policy["etag"]:
            raise error("PreconditionFailed", "The precondition given in one or more of the request fields evaluated to false.")

    def check_name(backend, config, except_id=None):
        name = config.get("Name")
        for other_id, other in policies(backend).items():
            if other_id != except_id and other["config"].get("Name") == name:
                raise error("ResponseHeadersPolicyAlreadyExists",
                            "A response headers policy with this name already exists. Id: " + other_id)

    def view(policy):
        return {"Id": policy["id"], "LastModifiedTime": policy["modified"],
                "ResponseHeadersPolicyConfig": policy["config"]}

    def attached(backend, policy_id):
        for distribution in backend.distributions.values():
            config = distribution.distribution_config
            behaviours = [config.DefaultCacheBehavior]
            behaviours += (config.CacheBehaviors or {}).get("Items") or []
            if any(getattr(b, "response_headers_policy_id", None) == policy_id for b in behaviours):
                return True
        return False

    def now():
        return datetime.datetime.now(datetime.timezone.utc)

    def create_response_headers_policy(self):
        config = self._get_param("ResponseHeadersPolicyConfig", {})
        check_name(self.backend, config)
        policy_id = uuid.uuid4().hex[:14].upper()
        policy = {"id": policy_id, "config": config, "modified": now(), "etag": uuid.uuid4().hex[:13].upper()}
        policies(self.backend)[policy_id] = policy
        location = f"https://cloudfront.amazonaws.com/2020-05-31/response-headers-policy/{policy_id}"
        return ActionResult({"ResponseHeadersPolicy": view(policy), "Location": location, "ETag": policy["etag"]})

    def get_response_headers_policy(self):
        policy = find(self.backend, self._get_param("Id"))
        return ActionResult({"ResponseHeadersPolicy": view(policy), "ETag": policy["etag"]})

    def get_response_headers_policy_config(self):
        policy = find(self.backend, self._get_param("Id"))
        return ActionResult({"ResponseHeadersPolicyConfig": policy["config"], "ETag": policy["etag"]})

    def update_response_headers_policy(self):
        policy = find(self.backend, self._get_param("Id"))
        check_etag(policy, self._get_param("IfMatch"))
        config = self._get_param("ResponseHeadersPolicyConfig", {})
        check_name(self.backend, config, except_id=policy["id"])
        policy.update(config=config, modified=now(), etag=uuid.uuid4().hex[:13].upper())
        return ActionResult({"ResponseHeadersPolicy": view(policy), "ETag": policy["etag"]})

    def delete_response_headers_policy(self):
        policy = find(self.backend, self._get_param("Id"))
        check_etag(policy, self._get_param("IfMatch"))
        if attached(self.backend, policy["id"]):
            raise error("ResponseHeadersPolicyInUse",
                        "Cannot delete the response headers policy because it is attached to one or more cache behaviors.")
        del policies(self.backend)[policy["id"]]
        return EmptyResult()

    def list_response_headers_policies(self):
        kind = self._get_param("Type")
        items = [] if kind == "managed" else [
            {"Type": "custom", "ResponseHeadersPolicy": view(p)} for p in policies(self.backend).values()]
        return ActionResult({"ResponseHeadersPolicyList": {
            "MaxItems": 100, "Quantity": len(items), "Items": items or None}})

    for function in (create_response_headers_policy, get_response_headers_policy,
                     get_response_headers_policy_config, update_response_headers_policy,
                     delete_response_headers_policy, list_response_headers_policies):
        setattr(CloudFrontResponse, function.__name__, function)
    CloudFrontBackend.yocto_extensions = True


if os.path.basename(sys.argv[0] if sys.argv else "") == "moto_server":
    try:
        _install()
    except Exception as e:  # moto still starts, without these calls; the log says why
        print("yocto: moto extensions not installed: %r" % (e,), file=sys.stderr)
