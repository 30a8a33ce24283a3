"""Signs requests with botocore's SigV4Auth at a fixed time.

Reads JSON lines on stdin: {"method", "url", "headers": [[name, value], ...], "body",
"access_key", "secret_key", "token", "region", "service", "time"} and writes one JSON line per
request: {"authorization", "canonical_request"}.
"""

import datetime
import json
import sys
from unittest import mock

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def main():
    for line in sys.stdin:
        item = json.loads(line)
        request = AWSRequest(
            method=item["method"],
            url=item["url"],
            data=item["body"].encode("utf-8"),
        )
        for name, value in item["headers"]:
            request.headers[name] = value
        credentials = Credentials(item["access_key"], item["secret_key"], item["token"])
        signer = SigV4Auth(credentials, item["service"], item["region"])
        moment = datetime.datetime.fromtimestamp(item["time"], tz=datetime.timezone.utc).replace(tzinfo=None)
        with mock.patch("botocore.auth.get_current_datetime", return_value=moment):
            signer.add_auth(request)
            authorization = request.headers["Authorization"]
            # The canonical request as it was signed, before the Authorization header was added.
            del request.headers["Authorization"]
            canonical = signer.canonical_request(request)
        sys.stdout.write(json.dumps({"authorization": authorization, "canonical_request": canonical}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
