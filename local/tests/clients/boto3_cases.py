"""boto3 against connect-local: every rule of the service, as ClientError shows it.

Usage: boto3_cases.py ENDPOINT INSTANCE_ID. Prints a JSON list of
{"name", "expected", "code", "message"}; "code" is null when the call succeeded.
"""

import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, instance = sys.argv[1], sys.argv[2]
client = boto3.client(
    "connect",
    endpoint_url=endpoint,
    region_name="us-east-1",
    config=Config(retries={"max_attempts": 1}),
)

TASK = {"InstanceId": instance, "Channel": "TASK", "InitiationMethod": "API"}
results = []


def run(name, expected, call, **params):
    try:
        answer = call(**params)
        code, message = None, json.dumps({k: v for k, v in answer.items() if k != "ResponseMetadata"}, default=str)
    except ClientError as error:
        code = error.response["Error"]["Code"]
        message = error.response["Error"]["Message"]
    results.append({"name": name, "expected": expected, "code": code, "message": message})
    return code, message


def create(name, expected, **changes):
    params = dict(TASK)
    params.update(changes)
    return run(name, expected, client.create_contact, **params)


created = client.create_contact(**TASK, Name="from boto3", ClientToken="boto3-token")
contact_id = created["ContactId"]
described = client.describe_contact(InstanceId=instance, ContactId=contact_id)
results.append({
    "name": "describe what was created",
    "expected": "ok",
    "code": None if described["Contact"]["Name"] == "from boto3" else "WrongName",
    "message": described["Contact"].get("Name"),
})
create("replay", None, Name="from boto3", ClientToken="boto3-token")
results[-1]["expected"] = "ok"
create("token reused with other parameters", "IdempotencyException", Name="other", ClientToken="boto3-token")
create("CHAT channel", "InvalidRequestException", Channel="CHAT")
create("VOICE with API", "InvalidRequestException", Channel="VOICE")
create("EMAIL with API", "InvalidRequestException", Channel="EMAIL")
create("EMAIL OUTBOUND without UserInfo", "InvalidRequestException", Channel="EMAIL", InitiationMethod="OUTBOUND")
create("COMPLETED on VOICE", "InvalidRequestException", Channel="VOICE", InitiationMethod="TRANSFER", InitiateAs="COMPLETED")
create("PreviousContactId on TASK", "InvalidRequestException", PreviousContactId=contact_id)
create("attribute key", "InvalidParameterException", Attributes={"a b": "v"})
create("attributes size", "InvalidParameterException", Attributes={"k": "x" * 33000})
create("references size", "InvalidParameterException", References={"k": {"Value": "y" * 5000, "Type": "STRING"}})
create("segment key", "InvalidParameterException", SegmentAttributes={"a.b": {"ValueString": "v"}})
create("ValueArn under a user key", "InvalidParameterException", SegmentAttributes={"mine": {"ValueArn": "arn:aws:x"}})
create("malformed expiry", "InvalidParameterException", SegmentAttributes={"connect:ContactExpiry": {"ValueString": "5"}})
create("unknown instance", "ResourceNotFoundException", InstanceId="no-such-instance")
create("unknown related contact", "ResourceNotFoundException", RelatedContactId="no-such-contact")
create("VOICE transfer with an unknown previous contact", "ResourceNotFoundException", Channel="VOICE", InitiationMethod="TRANSFER", PreviousContactId="nope")
create("EMAIL AGENT_REPLY with UserInfo", "ok", Channel="EMAIL", InitiationMethod="AGENT_REPLY", UserInfo={"UserId": "agent"})
create("expiry", "ok", SegmentAttributes={"connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 135}}}})
run("describe an unknown contact", "ResourceNotFoundException", client.describe_contact, InstanceId=instance, ContactId="nope")

# boto3 does not check enum values; the service refuses those the model does not list, naming the
# member and the values it allows (taken from the service's model).
ENUMS = [
    ("Channel", {"Channel": "CARRIER_PIGEON"}, "CARRIER_PIGEON", "VOICE, CHAT, TASK, EMAIL"),
    ("InitiationMethod", {"InitiationMethod": "LATER"}, "LATER", "INBOUND, OUTBOUND"),
    ("InitiateAs", {"InitiateAs": "LATER"}, "LATER", "CONNECTED_TO_USER, COMPLETED"),
    ("References.doc.Type", {"References": {"doc": {"Value": "v", "Type": "NOTATYPE"}}}, "NOTATYPE", "URL, ATTACHMENT"),
    ("References.doc.Status", {"References": {"doc": {"Value": "v", "Type": "URL", "Status": "WEIRD"}}}, "WEIRD", "AVAILABLE, DELETED"),
]
for path, changes, value, allowed in ENUMS:
    create(f"unknown enum value in {path}", "InvalidParameterException", **changes)
    results[-1]["contains"] = [path, f"value: {value}", allowed]
create("a listed enum value", "ok", References={"doc": {"Value": "v", "Type": "EMAIL_MESSAGE_REDACTED", "Status": "PROCESSING"}})
# A value only the newest model (botocore 1.44.18) lists.
create("the newest reference type", "ok", References={"rec": {"Value": "v", "Type": "VOICEMAIL_RECORDING"}})
for result in results:
    if result["expected"] == "ok" and result["code"] is None:
        result["code"] = "ok"
print(json.dumps(results))
